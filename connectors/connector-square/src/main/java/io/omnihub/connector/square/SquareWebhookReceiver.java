package io.omnihub.connector.square;

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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Square webhooks: {@code x-square-hmacsha256-signature} = base64(HMAC-SHA256(signature key,
 * notification URL + raw body)), checked in constant time against every configured key. Order
 * events carry ids only and come out thin; payment and refund events carry the full object;
 * inventory events carry counts keyed by catalog object id (thin until the fetcher resolves SKUs);
 * catalog events carry only the new catalog version (thin). Other event types are accepted and
 * ignored.
 */
public final class SquareWebhookReceiver implements WebhookReceiver {

    /** The signature header Square sends. */
    public static final String SIGNATURE_HEADER = "x-square-hmacsha256-signature";
    /** Attribute prefix: {@code sku:<catalogObjectId>} = SKU, filled in by the fetcher/poller. */
    public static final String SKU_ATTRIBUTE_PREFIX = "sku:";

    private final List<String> secrets;
    private final String notificationUrl;

    public SquareWebhookReceiver(List<String> secrets, String notificationUrl) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
        this.notificationUrl = notificationUrl;
    }

    @Override
    public void verify(WebhookRequest request) throws WebhookAuthenticationException {
        String header = request.header(SIGNATURE_HEADER)
                .orElseThrow(() -> new WebhookAuthenticationException("missing " + SIGNATURE_HEADER + " header"));
        byte[] given = Signatures.decodeBase64(header)
                .orElseThrow(() -> new WebhookAuthenticationException(SIGNATURE_HEADER + " is not base64"));
        String url = notificationUrl != null ? notificationUrl : request.url();
        if (url == null || url.isEmpty()) {
            throw new WebhookAuthenticationException("no notification URL to verify the signature against");
        }
        if (secrets.isEmpty()) {
            throw new WebhookAuthenticationException("no webhook signature key configured");
        }
        byte[] urlBytes = Signatures.utf8(url);
        boolean ok = false;
        for (String secret : secrets) {
            // evaluate every key so the time taken does not reveal which key matched
            ok |= Signatures.equal(Signatures.hmacSha256(secret, urlBytes, request.body()), given);
        }
        if (!ok) {
            throw new WebhookAuthenticationException("invalid " + SIGNATURE_HEADER);
        }
    }

    @Override
    public List<PlatformEvent> parse(WebhookRequest request) throws MalformedPayloadException {
        JsonNode root;
        try {
            root = Json.mapper().readTree(request.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MalformedPayloadException("Square webhook body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedPayloadException("Square webhook body cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("Square webhook body must be a JSON object");
        }
        String type = requireText(root, "type", "type");
        String eventId = requireText(root, "event_id", "event_id");
        Instant created = instant(root, "created_at", "created_at");
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new MalformedPayloadException("Square webhook " + type + " has no data object");
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        Optional.ofNullable(Json.text(root, "merchant_id")).ifPresent(m -> attrs.put("merchantId", m));
        return switch (type) {
            case "order.created", "order.updated", "order.fulfillment.updated" ->
                    List.of(order(type, eventId, created, data, attrs));
            case "payment.created", "payment.updated" ->
                    List.of(entity(EntityKind.PAYMENT, "payment", type, eventId, data, attrs));
            case "refund.created", "refund.updated" ->
                    List.of(entity(EntityKind.REFUND, "refund", type, eventId, data, attrs));
            case "inventory.count.updated" -> List.of(inventory(type, eventId, created, data, attrs));
            case "catalog.version.updated" -> List.of(catalog(type, eventId, created, data, attrs));
            default -> List.of();
        };
    }

    private PlatformEvent order(String type, String eventId, Instant created, JsonNode data, Map<String, String> attrs) {
        JsonNode object = data.path("object");
        String member = switch (type) {
            case "order.created" -> "order_created";
            case "order.updated" -> "order_updated";
            default -> "order_fulfillment_updated";
        };
        JsonNode o = object.get(member);
        if (o == null || !o.isObject()) {
            throw new MalformedPayloadException("Square " + type + " has no data.object." + member);
        }
        String orderId = Optional.ofNullable(Json.text(o, "order_id")).orElse(Json.text(data, "id"));
        if (orderId == null || orderId.isBlank()) {
            throw new MalformedPayloadException("Square " + type + " has no data.object." + member + ".order_id");
        }
        String version = Json.text(o, "version");
        Instant occurred = o.hasNonNull("updated_at") ? instant(o, "updated_at", "data.object." + member + ".updated_at")
                : o.hasNonNull("created_at") ? instant(o, "created_at", "data.object." + member + ".created_at") : created;
        if (version == null) {
            version = occurred.toString();
        }
        Optional.ofNullable(Json.text(o, "location_id")).ifPresent(l -> attrs.put("locationId", l));
        Optional.ofNullable(Json.text(o, "state")).ifPresent(s -> attrs.put("state", s));
        return new PlatformEvent(eventId, EntityKind.ORDER, PlatformEvent.Action.UPSERT, type, orderId, version,
                occurred, null, true, attrs);
    }

    private PlatformEvent entity(EntityKind kind, String member, String type, String eventId, JsonNode data,
                                 Map<String, String> attrs) {
        JsonNode o = data.path("object").get(member);
        if (o == null || !o.isObject()) {
            throw new MalformedPayloadException("Square " + type + " has no data.object." + member);
        }
        String id = Optional.ofNullable(Json.text(o, "id")).orElse(Json.text(data, "id"));
        if (id == null || id.isBlank()) {
            throw new MalformedPayloadException("Square " + type + " has no data.object." + member + ".id");
        }
        String updated = Optional.ofNullable(Json.text(o, "updated_at")).orElse(Json.text(o, "created_at"));
        if (updated == null) {
            throw new MalformedPayloadException("Square " + type + " has no data.object." + member + ".updated_at");
        }
        Instant occurred = parse(updated, "data.object." + member + ".updated_at");
        Optional.ofNullable(Json.text(o, "location_id")).ifPresent(l -> attrs.put("locationId", l));
        return new PlatformEvent(eventId, kind, PlatformEvent.Action.UPSERT, type, id, updated, occurred, o, false, attrs);
    }

    private PlatformEvent inventory(String type, String eventId, Instant created, JsonNode data, Map<String, String> attrs) {
        JsonNode object = data.path("object");
        JsonNode counts = object.get("inventory_counts");
        if (counts == null || !counts.isArray()) {
            throw new MalformedPayloadException("Square " + type + " has no data.object.inventory_counts array");
        }
        Instant newest = null;
        String newestText = null;
        int i = 0;
        for (JsonNode c : counts) {
            String where = "data.object.inventory_counts[" + i++ + "]";
            if (Json.text(c, "catalog_object_id") == null || Json.text(c, "location_id") == null
                    || Json.text(c, "state") == null || Json.text(c, "quantity") == null) {
                throw new MalformedPayloadException("Square " + type + " " + where
                        + " needs catalog_object_id, location_id, state and quantity");
            }
            try {
                new java.math.BigDecimal(Json.text(c, "quantity"));
            } catch (NumberFormatException e) {
                throw new MalformedPayloadException("Square " + type + " " + where + ".quantity is not a decimal string");
            }
            if (c.hasNonNull("calculated_at")) {
                Instant at = instant(c, "calculated_at", where + ".calculated_at");
                if (newest == null || at.isAfter(newest)) {
                    newest = at;
                    newestText = Json.text(c, "calculated_at");
                }
            }
        }
        String id = Optional.ofNullable(Json.text(data, "id")).orElse(eventId);
        return new PlatformEvent(eventId, EntityKind.STOCK, PlatformEvent.Action.UPSERT, type, id,
                newestText != null ? newestText : created.toString(), newest != null ? newest : created, object,
                true, attrs);
    }

    private PlatformEvent catalog(String type, String eventId, Instant created, JsonNode data, Map<String, String> attrs) {
        JsonNode v = data.path("object").get("catalog_version");
        if (v == null || !v.isObject() || !v.hasNonNull("updated_at")) {
            throw new MalformedPayloadException("Square " + type + " has no data.object.catalog_version.updated_at");
        }
        Instant updated = instant(v, "updated_at", "data.object.catalog_version.updated_at");
        attrs.put("catalogUpdatedAt", Json.text(v, "updated_at"));
        return new PlatformEvent(eventId, EntityKind.PRODUCT, PlatformEvent.Action.UPSERT, type, "catalog",
                Json.text(v, "updated_at"), updated, null, true, attrs);
    }

    private static String requireText(JsonNode node, String field, String path) {
        String v = Json.text(node, field);
        if (v == null || v.isBlank()) {
            throw new MalformedPayloadException("Square webhook has no " + path);
        }
        return v;
    }

    private static Instant instant(JsonNode node, String field, String path) {
        return parse(requireText(node, field, path), path);
    }

    private static Instant parse(String text, String path) {
        try {
            return Json.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new MalformedPayloadException("Square webhook " + path + " is not an RFC 3339 time: " + text);
        }
    }
}
