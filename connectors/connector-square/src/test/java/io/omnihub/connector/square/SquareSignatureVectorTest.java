package io.omnihub.connector.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published Square vectors (reference/platforms.md §4.2, from square/square-java-sdk
 * WebhooksTest.java and legacy WebhooksHelperTest.java): valid A, B, C and every negative variant of A.
 */
class SquareSignatureVectorTest {

    static final String KEY_A = "Ibxx_5AKakO-3qeNVR61Dw";
    static final String URL_A = "https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9";
    static final String BODY_A = "{\"merchant_id\":\"MLEFBHHSJGVHD\",\"type\":\"webhooks.test_notification\","
            + "\"event_id\":\"ac3ac95b-f97d-458c-a6e6-18981597e05f\",\"created_at\":\"2022-07-13T20:30:59.037339943Z\","
            + "\"data\":{\"type\":\"webhooks\",\"id\":\"bc368e64-01aa-407e-b46e-3231809b1129\"}}";
    static final String SIG_A = "GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=";

    private static void verify(String key, String url, String body, String signature) {
        WebhookRequest req = SquareTestSigner.withSignature("sq", url, body.getBytes(StandardCharsets.UTF_8), signature);
        new SquareWebhookReceiver(List.of(key), null).verify(req);
    }

    @Test
    void vectorAIsValid() {
        assertThat(SquareTestSigner.sign(KEY_A, URL_A, BODY_A.getBytes(StandardCharsets.UTF_8))).isEqualTo(SIG_A);
        assertThatCode(() -> verify(KEY_A, URL_A, BODY_A, SIG_A)).doesNotThrowAnyException();
    }

    @Test
    void vectorAWithOneCharacterMissingFromTheUrlIsInvalid() {
        assertThatThrownBy(() -> verify(KEY_A, "https://webhook.site/79a4f3a-dcfa-49ee-bac5-9d0edad886b9", BODY_A, SIG_A))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vectorAWithAnotherKeyIsInvalid() {
        assertThatThrownBy(() -> verify("MCmhFRxGX82xMwg5FsaoQA", URL_A, BODY_A, SIG_A))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vectorAWithAnotherCreatedAtIsInvalid() {
        String body = BODY_A.replace("2022-07-13T20:30:59.037339943Z", "2022-06-13T20:30:59.037339943Z");
        assertThat(body).isNotEqualTo(BODY_A);
        assertThatThrownBy(() -> verify(KEY_A, URL_A, body, SIG_A)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vectorAPrettyPrintedIsInvalid() throws Exception {
        String pretty = io.omnihub.connector.support.Json.mapper().readTree(BODY_A).toPrettyString();
        assertThat(pretty).contains("\n");
        assertThatThrownBy(() -> verify(KEY_A, URL_A, pretty, SIG_A)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vectorAWithASha1LengthHeaderIsInvalid() {
        assertThatThrownBy(() -> verify(KEY_A, URL_A, BODY_A, "1z2n3DEJJiUPKcPzQo1ftvbxGdw="))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vectorBIsValid() {
        assertThatCode(() -> verify("signature-key", "https://webhook.site/webhooks",
                "{\"data\":{\"type\":\"webhooks\",\"id\":\"fake_id\"}}", "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA="))
                .doesNotThrowAnyException();
    }

    @Test
    void vectorCWithAngleBracketsIsValid() {
        assertThatCode(() -> verify("signature-key", "https://webhook.site/webhooks",
                "{\"data\":{\"type\":\"webhooks\",\"id\":\">id<\"}}", "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U="))
                .doesNotThrowAnyException();
    }

    @Test
    void configuredNotificationUrlWinsOverTheRequestUrl() {
        // behind a proxy the hub sees another URL than the one registered at Square
        WebhookRequest req = SquareTestSigner.withSignature("sq", "http://internal:8080/webhooks/sq",
                BODY_A.getBytes(StandardCharsets.UTF_8), SIG_A);
        assertThatCode(() -> new SquareWebhookReceiver(List.of(KEY_A), URL_A).verify(req)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new SquareWebhookReceiver(List.of(KEY_A), null).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void everyConfiguredKeyIsAccepted() {
        WebhookRequest req = SquareTestSigner.withSignature("sq", URL_A, BODY_A.getBytes(StandardCharsets.UTF_8), SIG_A);
        assertThatCode(() -> new SquareWebhookReceiver(List.of("old-key", KEY_A), null).verify(req)).doesNotThrowAnyException();
        assertThatCode(() -> new SquareWebhookReceiver(List.of(KEY_A, "new-key"), null).verify(req)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new SquareWebhookReceiver(List.of("old-key", "new-key"), null).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void notBase64SignatureIsRejected() {
        assertThatThrownBy(() -> verify(KEY_A, URL_A, BODY_A, "not base64 !!"))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("base64");
    }
}
