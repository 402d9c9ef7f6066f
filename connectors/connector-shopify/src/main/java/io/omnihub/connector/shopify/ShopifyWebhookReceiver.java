package io.omnihub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.PlatformEvent.Action;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.Signatures;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies {@code X-Shopify-Hmac-Sha256} (base64 HMAC-SHA256 of the raw body, any configured secret, constant
 * time) and turns order, product and inventory-level webhooks into platform events, keyed by
 * {@code X-Shopify-Event-Id}.
 */
public final class ShopifyWebhookReceiver implements WebhookReceiver {

    /** Header carrying the signature. */
    public static final String HMAC_HEADER = "X-Shopify-Hmac-Sha256";

    static final Set<String> ORDER_TOPICS = Set.of("orders/create", "orders/updated", "orders/cancelled", "orders/paid",
            "orders/fulfilled", "orders/partially_fulfilled");
    static final Set<String> PRODUCT_TOPICS = Set.of("products/create", "products/update");
    static final String PRODUCT_DELETE = "products/delete";
    static final String INVENTORY_LEVEL_UPDATE = "inventory_levels/update";

    private final List<byte[]> secrets;

    ShopifyWebhookReceiver(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).map(Signatures::utf8).toList();
    }

    @Override
    public void verify(WebhookRequest request) {
        String header = request.header(HMAC_HEADER)
                .orElseThrow(() -> new WebhookAuthenticationException("missing " + HMAC_HEADER + " header"));
        byte[] given = Signatures.decodeBase64(header)
                .orElseThrow(() -> new WebhookAuthenticationException(HMAC_HEADER + " is not base64"));
        if (secrets.isEmpty()) {
            throw new WebhookAuthenticationException("no webhook secret configured (spec.webhooks.secrets)");
        }
        boolean match = false;
        for (byte[] secret : secrets) {
            // no early exit: every secret is checked so timing does not reveal which one matched
            match |= Signatures.equal(Signatures.hmacSha256(secret, request.body()), given);
        }
        if (!match) {
            throw new WebhookAuthenticationException(HMAC_HEADER + " does not match any configured secret");
        }
    }

    @Override
    public List<PlatformEvent> parse(WebhookRequest request) {
        String topic = request.header("X-Shopify-Topic")
                .orElseThrow(() -> new MalformedPayloadException("missing X-Shopify-Topic header"));
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.body());
        } catch (IOException e) {
            throw new MalformedPayloadException("body of " + topic + " is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getClass().getSimpleName()), e);
        }
        if (body == null || !body.isObject()) {
            throw new MalformedPayloadException("body of " + topic + " must be a JSON object");
        }
        String eventId = request.header("X-Shopify-Event-Id").or(() -> request.header("X-Shopify-Webhook-Id")).orElse(null);
        Instant triggeredAt = request.header("X-Shopify-Triggered-At").map(t -> time(t, "X-Shopify-Triggered-At")).orElse(null);
        Map<String, String> attrs = new HashMap<>();
        request.header("X-Shopify-Shop-Domain").ifPresent(d -> attrs.put("shopDomain", d));
        request.header("X-Shopify-API-Version").ifPresent(v -> attrs.put("apiVersion", v));
        attrs.put("topic", topic);
        if (triggeredAt != null) {
            attrs.put("triggeredAt", triggeredAt.toString());
        }
        Instant fallbackTime = triggeredAt != null ? triggeredAt : request.receivedAt();

        if (ORDER_TOPICS.contains(topic)) {
            return List.of(entityEvent(eventId, EntityKind.ORDER, topic, body, fallbackTime, attrs));
        }
        if (PRODUCT_TOPICS.contains(topic)) {
            return List.of(entityEvent(eventId, EntityKind.PRODUCT, topic, body, fallbackTime, attrs));
        }
        if (PRODUCT_DELETE.equals(topic)) {
            String id = requireId(body, "id", topic);
            return List.of(new PlatformEvent(eventId, EntityKind.PRODUCT, Action.DELETE, topic, id,
                    fallbackTime.toString(), fallbackTime, body, false, attrs));
        }
        if (INVENTORY_LEVEL_UPDATE.equals(topic)) {
            String item = requireId(body, "inventory_item_id", topic);
            String location = requireId(body, "location_id", topic);
            if (!body.hasNonNull("available")) {
                throw new MalformedPayloadException(topic + " payload has no available quantity");
            }
            attrs.put("inventoryItemId", item);
            attrs.put("locationId", location);
            String updatedAt = Json.text(body, "updated_at");
            Instant at = updatedAt == null ? fallbackTime : time(updatedAt, "updated_at");
            // No SKU in the payload: thin, the runtime resolves the SKU through EntityFetcher.
            return List.of(new PlatformEvent(eventId, EntityKind.STOCK, Action.UPSERT, topic, item + ":" + location,
                    updatedAt == null ? at.toString() : updatedAt, at, body, true, attrs));
        }
        // Topics the hub does not use (orders/edited carries an order_edit object, not an order): accepted, no event.
        return List.of();
    }

    private static PlatformEvent entityEvent(String eventId, EntityKind kind, String topic, JsonNode body, Instant fallback,
                                             Map<String, String> attrs) {
        String id = requireId(body, "id", topic);
        String updatedAt = Json.text(body, "updated_at");
        Instant at = updatedAt == null ? fallback : time(updatedAt, "updated_at");
        return new PlatformEvent(eventId, kind, Action.UPSERT, topic, id, updatedAt == null ? at.toString() : updatedAt,
                at, body, false, attrs);
    }

    private static String requireId(JsonNode body, String field, String topic) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull() || !(v.isIntegralNumber() || (v.isTextual() && !v.asText().isBlank()))) {
            throw new MalformedPayloadException(topic + " payload has no " + field);
        }
        return v.asText();
    }

    private static Instant time(String text, String what) {
        try {
            return Json.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new MalformedPayloadException(what + " is not an ISO-8601 time: " + text, e);
        }
    }
}
