package io.omnihub.testing.sign;

import io.omnihub.connector.support.Signatures;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs test webhooks the way Shopify does: {@code X-Shopify-Hmac-Sha256} is the base64 HMAC-SHA256 of the
 * raw body with the app's client secret (UTF-8), as in Shopify/shopify-api-js
 * {@code lib/webhooks/__tests__/utils.ts}; the other headers are the ones Shopify's SDK tests and docs list.
 */
public final class ShopifySigner {

    /** The API version the signer puts in {@code X-Shopify-API-Version}. */
    public static final String API_VERSION = "2025-10";

    private ShopifySigner() {
    }

    /** base64(HMAC-SHA256(secret, body)). */
    public static String hmac(byte[] body, String secret) {
        return Signatures.hmacSha256Base64(secret, body);
    }

    /**
     * Every header Shopify sends with a webhook: topic, HMAC, shop domain, webhook id, event id, triggered-at
     * and API version. The webhook id is derived from the event id (a new one per delivery in reality).
     */
    public static Map<String, String> headers(String topic, byte[] body, String secret, String eventId, String shopDomain) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("X-Shopify-Topic", topic);
        h.put("X-Shopify-Hmac-Sha256", hmac(body, secret));
        h.put("X-Shopify-Shop-Domain", shopDomain);
        h.put("X-Shopify-Webhook-Id", "wh-" + eventId);
        h.put("X-Shopify-Event-Id", eventId);
        h.put("X-Shopify-Triggered-At", Instant.now().toString());
        h.put("X-Shopify-API-Version", API_VERSION);
        return h;
    }
}
