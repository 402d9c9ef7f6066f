package io.omnihub.connector.stripe;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Signatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Signs test webhook bodies as Stripe does: {@code t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body))}. */
final class StripeTestSigner {

    private StripeTestSigner() {
    }

    static String header(String secret, long timestamp, byte[] body) {
        return "t=" + timestamp + ",v1=" + v1(secret, timestamp, body);
    }

    static String v1(String secret, long timestamp, byte[] body) {
        return Signatures.hmacSha256Hex(secret, Signatures.utf8(timestamp + "."), body);
    }

    static WebhookRequest request(String headerValue, byte[] body) {
        return new WebhookRequest("stripe-test", "POST", "https://hub.example.com/webhooks/stripe-test",
                headerValue == null ? Map.of() : Map.of("Stripe-Signature", List.of(headerValue),
                        "Content-Type", List.of("application/json; charset=utf-8")),
                Map.of(), body, Instant.now());
    }
}
