package io.omnihub.connector.woocommerce;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds webhook deliveries as WC_Webhook::deliver() sends them, signed independently of the production code. */
final class WooCommerceTestSigner {

    private WooCommerceTestSigner() {
    }

    /** base64(HMAC-SHA256(body, secret)) computed with the shared primitive (secret taken literally). */
    static String sign(String literalSecret, byte[] body) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(literalSecret.getBytes(StandardCharsets.UTF_8), body));
    }

    static WebhookRequest delivery(String topic, byte[] body, String signature) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/json"));
        h.put("User-Agent", List.of("WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)"));
        h.put("X-WC-Webhook-Source", List.of("https://example.com/"));
        h.put("X-WC-Webhook-Topic", List.of(topic));
        h.put("X-WC-Webhook-Resource", List.of(topic.substring(0, topic.indexOf('.'))));
        h.put("X-WC-Webhook-Event", List.of(topic.substring(topic.indexOf('.') + 1)));
        h.put("X-WC-Webhook-ID", List.of("12"));
        h.put("X-WC-Webhook-Delivery-ID", List.of("a1b2c3d4e5f60718293a4b5c6d7e8f90"));
        if (signature != null) {
            h.put("X-WC-Webhook-Signature", List.of(signature));
        }
        return new WebhookRequest("woo-test", "POST", "https://hub.example.com/webhooks/woo-test", h, Map.of(), body,
                Instant.parse("2024-05-01T10:00:00Z"));
    }

    static WebhookRequest signed(String topic, byte[] body, String secret) {
        return delivery(topic, body, sign(secret, body));
    }

    /** The creation ping of WC_Webhook::deliver_ping(): form body, no signature, no topic. */
    static WebhookRequest ping(long webhookId) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Content-Type", List.of("application/x-www-form-urlencoded"));
        return new WebhookRequest("woo-test", "POST", "https://hub.example.com/webhooks/woo-test", h, Map.of(),
                ("webhook_id=" + webhookId).getBytes(StandardCharsets.UTF_8), Instant.parse("2024-05-01T10:00:00Z"));
    }
}
