package io.omnihub.connector.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.Signatures;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TikTok Shop webhooks: the {@code Authorization} header is hex HMAC-SHA256 of {@code app_key + raw body}
 * keyed with the app secret (every configured secret is tried, for rotation). The signed body carries
 * {@code timestamp}; the hub rejects deliveries older than {@code webhooks.maxAge} or further in the future
 * than {@code webhooks.maxFutureSkew}. Order, product and inventory notifications carry ids only and
 * are marked thin; the connector's {@link io.omnihub.connector.api.capability.EntityFetcher} reads them in full.
 */
final class TiktokShopWebhooks implements WebhookReceiver {

    /** Webhook topic ids (the payload's {@code type}) this connector turns into events. */
    static final int ORDER_STATUS_CHANGE = 1;
    static final int PRODUCT_STATUS_CHANGE = 5;
    static final int PRODUCT_INFORMATION_CHANGE = 15;
    static final int PRODUCT_CREATION = 16;
    static final int INVENTORY_STATUS_CHANGE = 27;
    static final int PRODUCT_AUDIT_STATUS_CHANGE = 37;

    private final TiktokShopSettings settings;
    private final Clock clock;

    TiktokShopWebhooks(TiktokShopSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void verify(WebhookRequest request) {
        String header = request.header("Authorization")
                .orElseThrow(() -> new WebhookAuthenticationException("missing Authorization header"));
        byte[] given = Signatures.decodeHex(header)
                .orElseThrow(() -> new WebhookAuthenticationException("Authorization header is not a hex HMAC"));
        boolean ok = false;
        for (String secret : settings.webhookSecrets()) {
            // no early exit: every secret is compared, in constant time
            ok |= Signatures.equal(TiktokShopSigner.webhookMac(settings.appKey(), request.body(), secret), given);
        }
        if (!ok) {
            throw new WebhookAuthenticationException("Authorization signature does not match any configured secret");
        }
        Long ts = signedTimestamp(request.body());
        if (ts != null) {
            Instant at = Instant.ofEpochSecond(ts);
            Instant now = clock.instant();
            if (at.isBefore(now.minus(settings.webhookMaxAge()))) {
                throw new WebhookAuthenticationException("stale notification: timestamp " + at + " is older than "
                        + settings.webhookMaxAge());
            }
            if (at.isAfter(now.plus(settings.webhookMaxFutureSkew()))) {
                throw new WebhookAuthenticationException("notification timestamp " + at + " is in the future");
            }
        }
    }

    /** The signed body's {@code timestamp}, or null when the body is not a JSON object with one (parse reports that). */
    private static Long signedTimestamp(byte[] body) {
        try {
            JsonNode n = Json.mapper().readTree(body);
            return n != null && n.path("timestamp").canConvertToLong() && n.path("timestamp").isIntegralNumber()
                    ? n.get("timestamp").asLong() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public List<PlatformEvent> parse(WebhookRequest request) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(request.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPayloadException("TikTok Shop webhook body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPayloadException("TikTok Shop webhook body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("TikTok Shop webhook body must be a JSON object");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isIntegralNumber()) {
            throw new MalformedPayloadException("TikTok Shop webhook has no integer 'type'");
        }
        String notificationId = Json.text(root, "tts_notification_id");
        if (notificationId == null || notificationId.isBlank()) {
            throw new MalformedPayloadException("TikTok Shop webhook has no 'tts_notification_id'");
        }
        JsonNode data = root.get("data");
        int t = type.asInt();
        return switch (t) {
            case ORDER_STATUS_CHANGE -> List.of(thin(root, data, EntityKind.ORDER, "order_id", "ORDER_STATUS_CHANGE",
                    "orderStatus", "order_status"));
            case PRODUCT_STATUS_CHANGE -> List.of(thin(root, data, EntityKind.PRODUCT, "product_id",
                    "PRODUCT_STATUS_CHANGE", "productStatus", "status"));
            case PRODUCT_INFORMATION_CHANGE -> List.of(thin(root, data, EntityKind.PRODUCT, "product_id",
                    "PRODUCT_INFORMATION_CHANGE", null, null));
            case PRODUCT_CREATION -> List.of(thin(root, data, EntityKind.PRODUCT, "product_id", "PRODUCT_CREATION",
                    null, null));
            case PRODUCT_AUDIT_STATUS_CHANGE -> List.of(thin(root, data, EntityKind.PRODUCT, "product_id",
                    "PRODUCT_AUDIT_STATUS_CHANGE", null, null));
            case INVENTORY_STATUS_CHANGE -> List.of(thin(root, data, EntityKind.STOCK, "sku_id",
                    "INVENTORY_STATUS_CHANGE", "productId", "product_id"));
            default -> List.of();
        };
    }

    private PlatformEvent thin(JsonNode root, JsonNode data, EntityKind kind, String idField, String topic,
                               String attrName, String attrField) {
        if (data == null || !data.isObject()) {
            throw new MalformedPayloadException("TikTok Shop " + topic + " webhook has no 'data' object");
        }
        String id = Json.text(data, idField);
        if (id == null || id.isBlank()) {
            throw new MalformedPayloadException("TikTok Shop " + topic + " webhook has no 'data." + idField + "'");
        }
        JsonNode updated = data.hasNonNull("update_time") ? data.get("update_time") : root.get("timestamp");
        if (updated == null || !updated.canConvertToLong()) {
            throw new MalformedPayloadException("TikTok Shop " + topic + " webhook has neither 'data.update_time' nor 'timestamp'");
        }
        long epoch = updated.asLong();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("webhookType", root.get("type").asText());
        if (Json.text(root, "shop_id") != null) {
            attrs.put("shopId", Json.text(root, "shop_id"));
        }
        if (attrName != null && Json.text(data, attrField) != null) {
            attrs.put(attrName, Json.text(data, attrField));
        }
        return new PlatformEvent(Json.text(root, "tts_notification_id"), kind, PlatformEvent.Action.UPSERT, topic, id,
                Long.toString(epoch), Instant.ofEpochSecond(epoch), null, true, attrs);
    }
}
