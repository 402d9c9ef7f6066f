package io.omnihub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** X-WC-Webhook-Signature: the vendor vector of platforms.md 4.8, entity decoding, rotation, raw bytes. */
class WooCommerceSignatureTest {

    private static final byte[] BODY = WooCommerceFixtures.bytes("order-727.json");

    @Test
    void emptySecretVectorFromWooCommerceUnitTests() {
        // woocommerce/woocommerce plugins/woocommerce/tests/legacy/unit-tests/webhooks/crud.php test_generate_signature
        byte[] payload = "secret".getBytes(StandardCharsets.UTF_8);
        String expected = "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=";
        assertThat(Base64.getEncoder().encodeToString(Signatures.hmacSha256(new byte[0], payload))).isEqualTo(expected);
        assertThat(WooCommerceSignature.sign("", payload)).isEqualTo(expected);
        assertThat(WooCommerceSignature.matches("", payload, expected)).isTrue();
        assertThat(WooCommerceSignature.matches("", "secret ".getBytes(StandardCharsets.UTF_8), expected)).isFalse();
    }

    @Test
    void theReceiverNeverAcceptsAnEmptySecretEvenThoughTheVectorVerifies() {
        byte[] payload = "secret".getBytes(StandardCharsets.UTF_8);
        WebhookRequest forged = WooCommerceTestSigner.delivery("order.updated", payload, "GBDo00G55h6IiV+6CxqivQPLbI//KzaOZm747971tPs=");
        assertThatThrownBy(() -> new WooCommerceWebhookReceiver(List.of("")).verify(forged))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("no webhook secret");
    }

    @Test
    void secretIsHtmlEntityDecodedLikeWpSpecialcharsDecode() {
        // WooCommerce signs with wp_specialchars_decode($secret, ENT_QUOTES): "a&amp;b" signs as "a&b"
        String signedByWoo = WooCommerceTestSigner.sign("a&b<'\"x", BODY);
        assertThat(WooCommerceSignature.matches("a&amp;b&lt;&#039;&quot;x", BODY, signedByWoo)).isTrue();
        assertThat(WooCommerceSignature.matches("a&b<'\"x", BODY, signedByWoo)).isTrue();
        assertThat(WooCommerceSignature.decodeSpecialChars("&amp;lt;")).isEqualTo("&lt;");
        assertThat(WooCommerceSignature.decodeSpecialChars("&eacute;")).as("only special chars are decoded").isEqualTo("&eacute;");
    }

    @Test
    void everyConfiguredSecretIsAcceptedDuringRotation() {
        WooCommerceWebhookReceiver r = new WooCommerceWebhookReceiver(List.of("old", "new"));
        r.verify(WooCommerceTestSigner.signed("order.updated", BODY, "old"));
        r.verify(WooCommerceTestSigner.signed("order.updated", BODY, "new"));
        assertThatThrownBy(() -> r.verify(WooCommerceTestSigner.signed("order.updated", BODY, "other")))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void signatureCoversTheRawBytesNotTheJson() {
        WooCommerceWebhookReceiver r = new WooCommerceWebhookReceiver(List.of("s"));
        String compact = "{\"id\":727}";
        String spaced = "{\"id\": 727}";
        WebhookRequest req = WooCommerceTestSigner.delivery("order.updated", spaced.getBytes(StandardCharsets.UTF_8),
                WooCommerceTestSigner.sign("s", compact.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> r.verify(req)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void nonBase64SignatureIsRejected() {
        WooCommerceWebhookReceiver r = new WooCommerceWebhookReceiver(List.of("s"));
        assertThatThrownBy(() -> r.verify(WooCommerceTestSigner.delivery("order.updated", BODY, "not base64 !!")))
                .isInstanceOf(WebhookAuthenticationException.class);
    }
}
