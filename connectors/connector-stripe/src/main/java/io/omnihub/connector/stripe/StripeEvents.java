package io.omnihub.connector.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.error.MalformedPayloadException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Stripe v1 Event object ({@code {"object":"event","id":"evt_...","type":...,"created":...,
 * "data":{"object":{...}}}}) into a {@link PlatformEvent}: the event id is the dedupe key, the
 * version and time are the event's {@code created} (Stripe objects carry no update stamp), and the
 * payload is {@code data.object}, a full snapshot (v1 events are never thin).
 */
final class StripeEvents {

    private StripeEvents() {
    }

    /** The platform event, or empty when the type is one the hub does not use. */
    static Optional<PlatformEvent> toPlatformEvent(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new MalformedPayloadException("Stripe event is not a JSON object");
        }
        String object = text(event, "object");
        if (!"event".equals(object)) {
            throw new MalformedPayloadException("not a Stripe v1 event: 'object' is " + (object == null ? "missing" : "'" + object + "'"));
        }
        String id = text(event, "id");
        if (id == null || id.isBlank()) {
            throw new MalformedPayloadException("Stripe event has no 'id'");
        }
        String type = text(event, "type");
        if (type == null || type.isBlank()) {
            throw new MalformedPayloadException("Stripe event " + id + " has no 'type'");
        }
        JsonNode created = event.get("created");
        if (created == null || !created.isIntegralNumber()) {
            throw new MalformedPayloadException("Stripe event " + id + " has no integer 'created' (unix seconds)");
        }
        Optional<EntityKind> kind = StripeEventTypes.kindOf(type);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        JsonNode obj = event.path("data").path("object");
        if (!obj.isObject()) {
            throw new MalformedPayloadException("Stripe event " + id + " (" + type + ") has no 'data.object'");
        }
        String objectId = text(obj, "id");
        if (objectId == null || objectId.isBlank()) {
            throw new MalformedPayloadException("Stripe event " + id + " (" + type + "): data.object has no 'id'");
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("eventType", type);
        attributes.put("livemode", String.valueOf(event.path("livemode").asBoolean(false)));
        putIfPresent(attributes, "apiVersion", text(event, "api_version"));
        putIfPresent(attributes, "account", text(event, "account"));
        putIfPresent(attributes, "objectType", text(obj, "object"));
        return Optional.of(new PlatformEvent(id, kind.get(), PlatformEvent.Action.UPSERT, type, objectId,
                String.valueOf(created.longValue()), Instant.ofEpochSecond(created.longValue()), obj, false, attributes));
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null && !v.isBlank()) {
            m.put(k, v);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
