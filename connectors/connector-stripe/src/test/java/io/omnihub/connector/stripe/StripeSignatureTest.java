package io.omnihub.connector.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.error.WebhookAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stripe-Signature verification. The vector uses stripe-java's WebhookTest secret and payload; its
 * expected hex was computed independently (Python hmac and openssl) for t=1700000000. The negative
 * cases mirror WebhookTest's, plus wrong secret, rotation and the future-skew bound.
 */
class StripeSignatureTest {

    static final String SECRET = "whsec_test_secret";
    static final byte[] PAYLOAD = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"event\"\n}".getBytes(StandardCharsets.UTF_8);
    static final long T = 1_700_000_000L;
    static final String EXPECTED_V1 = "4f1cd7feda9826e746b7d482c4badebb657398df1099e1046364f6196a230150";

    private static StripeSignature verifier(List<String> secrets, long nowEpoch) {
        return new StripeSignature(secrets, Duration.ofSeconds(300), Duration.ofSeconds(60),
                Clock.fixed(Instant.ofEpochSecond(nowEpoch), ZoneOffset.UTC));
    }

    @Test
    void publishedPayloadSignsToTheIndependentlyComputedHex() {
        assertThat(StripeTestSigner.v1(SECRET, T, PAYLOAD)).isEqualTo(EXPECTED_V1);
        assertThat(StripeSignature.sign(SECRET, T, PAYLOAD)).isEqualTo("t=1700000000,v1=" + EXPECTED_V1);
    }

    @Test
    void validHeaderIsAccepted() {
        assertThatCode(() -> verifier(List.of(SECRET), T + 10).verify("t=1700000000,v1=" + EXPECTED_V1, PAYLOAD))
                .doesNotThrowAnyException();
    }

    @Test
    void uppercaseHexIsAccepted() {
        assertThatCode(() -> verifier(List.of(SECRET), T).verify("t=1700000000,v1=" + EXPECTED_V1.toUpperCase(), PAYLOAD))
                .doesNotThrowAnyException();
    }

    @Test
    void headerWithAnExtraBadV1AndAV0IsAccepted() {
        String header = "t=1700000000,v1=bad_signature,v1=" + EXPECTED_V1 + ",v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
        assertThatCode(() -> verifier(List.of(SECRET), T).verify(header, PAYLOAD)).doesNotThrowAnyException();
    }

    @Test
    void everyConfiguredSecretIsAcceptedDuringRotation() {
        StripeSignature rotating = verifier(List.of("whsec_old", SECRET), T);
        assertThatCode(() -> rotating.verify("t=1700000000,v1=" + EXPECTED_V1, PAYLOAD)).doesNotThrowAnyException();
        String signedWithOld = StripeSignature.sign("whsec_old", T, PAYLOAD);
        assertThatCode(() -> rotating.verify(signedWithOld, PAYLOAD)).doesNotThrowAnyException();
    }

    @Test
    void wrongSecretIsRejected() {
        assertThatThrownBy(() -> verifier(List.of("whsec_other"), T).verify("t=1700000000,v1=" + EXPECTED_V1, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessage("No signatures found matching the expected signature for payload");
    }

    @Test
    void badSignatureIsRejected() {
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify("t=1700000000,v1=bad_signature", PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessage("No signatures found matching the expected signature for payload");
    }

    @Test
    void signatureOverAnotherTimestampIsRejected() {
        // the timestamp is part of the signed material: moving t invalidates the signature
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify("t=1700000001,v1=" + EXPECTED_V1, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void reformattedBodyIsRejected() {
        byte[] compact = "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify("t=1700000000,v1=" + EXPECTED_V1, compact))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void onlyAV0SchemeIsRejected() {
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify("t=1700000000,v0=" + EXPECTED_V1, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessage("No signatures found with expected scheme");
    }

    @Test
    void malformedHeadersAreRejected() {
        for (String header : List.of("bad_header", "i'm not even a real signature header", "t=not_a_number,v1=abc",
                "v1=" + EXPECTED_V1)) {
            assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify(header, PAYLOAD))
                    .as(header)
                    .isInstanceOf(WebhookAuthenticationException.class)
                    .hasMessage("Unable to extract timestamp and signatures from header");
        }
    }

    @Test
    void missingHeaderIsRejected() {
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify(null, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("missing");
    }

    @Test
    void staleTimestampIsRejectedAfterTheTolerance() {
        String header = "t=1700000000,v1=" + EXPECTED_V1;
        assertThatCode(() -> verifier(List.of(SECRET), T + 300).verify(header, PAYLOAD)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier(List.of(SECRET), T + 301).verify(header, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageStartingWith("Timestamp outside the tolerance zone");
    }

    @Test
    void timestampTooFarInTheFutureIsRejected() {
        String header = "t=1700000000,v1=" + EXPECTED_V1;
        assertThatCode(() -> verifier(List.of(SECRET), T - 60).verify(header, PAYLOAD)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier(List.of(SECRET), T - 61).verify(header, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageContaining("in the future");
    }

    @Test
    void toleranceIsConfigurable() {
        StripeSignature strict = new StripeSignature(List.of(SECRET), Duration.ofSeconds(10), Duration.ZERO,
                Clock.fixed(Instant.ofEpochSecond(T + 11), ZoneOffset.UTC));
        assertThatThrownBy(() -> strict.verify("t=1700000000,v1=" + EXPECTED_V1, PAYLOAD))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void staleTimestampIsRejectedEvenWithAValidSignatureFromTheHarnessSigner() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String header = StripeTestSigner.header(SECRET, T - 3600, body);
        assertThatThrownBy(() -> verifier(List.of(SECRET), T).verify(header, body))
                .isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageStartingWith("Timestamp outside the tolerance zone");
    }
}
