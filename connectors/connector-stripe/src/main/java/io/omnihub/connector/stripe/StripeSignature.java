package io.omnihub.connector.stripe;

import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stripe's webhook signature scheme: header {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>][,v0=...]},
 * signed payload {@code "{t}." + raw body}, HMAC-SHA256 with the endpoint secret's UTF-8 bytes, hex.
 * Only the {@code v1} scheme counts; any {@code v1} matching any configured secret passes (rotation).
 * The timestamp must be at most {@code tolerance} old and at most {@code maxFutureSkew} ahead of the
 * clock. Reference behaviour: stripe/stripe-java {@code com.stripe.net.Webhook}.
 */
public final class StripeSignature {

    /** The header Stripe signs with. */
    public static final String HEADER = "Stripe-Signature";

    /** The only accepted scheme. */
    public static final String SCHEME = "v1";

    private final List<String> secrets;
    private final Duration tolerance;
    private final Duration maxFutureSkew;
    private final Clock clock;

    public StripeSignature(List<String> secrets, Duration tolerance, Duration maxFutureSkew, Clock clock) {
        this.secrets = List.copyOf(secrets);
        this.tolerance = tolerance;
        this.maxFutureSkew = maxFutureSkew;
        this.clock = clock;
    }

    /** A parsed header: the timestamp and every {@code v1} signature. */
    record Header(long timestamp, List<String> v1) {
    }

    /** Parses the header; throws with Stripe's own wording when it has no timestamp or no v1 value. */
    static Header parse(String header) {
        if (header == null || header.isBlank()) {
            throw new WebhookAuthenticationException("missing " + HEADER + " header");
        }
        Long t = null;
        List<String> v1 = new ArrayList<>();
        for (String item : header.split(",")) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = item.substring(0, eq).trim();
            String value = item.substring(eq + 1).trim();
            if (key.equals("t")) {
                try {
                    t = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    t = null;
                    break;
                }
            } else if (key.equals(SCHEME)) {
                v1.add(value);
            }
        }
        if (t == null) {
            throw new WebhookAuthenticationException("Unable to extract timestamp and signatures from header");
        }
        if (v1.isEmpty()) {
            throw new WebhookAuthenticationException("No signatures found with expected scheme");
        }
        return new Header(t, v1);
    }

    /** Verifies the header against the raw body; throws {@link WebhookAuthenticationException} on any failure. */
    public void verify(String header, byte[] rawBody) {
        Header h = parse(header);
        byte[] prefix = (h.timestamp() + ".").getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String secret : secrets) {
            byte[] expected = Signatures.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), prefix, rawBody);
            for (String candidate : h.v1()) {
                byte[] given = Signatures.decodeHex(candidate).orElse(null);
                // no early exit: every candidate is compared in constant time
                match |= Signatures.equal(expected, given);
            }
        }
        if (!match) {
            throw new WebhookAuthenticationException("No signatures found matching the expected signature for payload");
        }
        long now = clock.instant().getEpochSecond();
        if (now - h.timestamp() > tolerance.toSeconds()) {
            throw new WebhookAuthenticationException("Timestamp outside the tolerance zone (older than "
                    + tolerance.toSeconds() + " s)");
        }
        if (h.timestamp() - now > maxFutureSkew.toSeconds()) {
            throw new WebhookAuthenticationException("Timestamp outside the tolerance zone (more than "
                    + maxFutureSkew.toSeconds() + " s in the future)");
        }
    }

    /** Builds a header value for a body; used by tests and by tooling that replays captured events. */
    public static String sign(String secret, long timestamp, byte[] rawBody) {
        String sig = Signatures.hmacSha256Hex(secret, (timestamp + ".").getBytes(StandardCharsets.UTF_8), rawBody);
        return "t=" + timestamp + "," + SCHEME + "=" + sig;
    }
}
