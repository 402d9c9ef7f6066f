package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.error.MalformedPayloadException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Builds {@link PlatformEvent}s from WooCommerce resources, shared by webhooks, polling and fetches.
 * WooCommerce has no stable event id ({@code X-WC-Webhook-Delivery-ID} changes per delivery), so
 * {@code eventId} is null and the version is {@code date_modified_gmt} as a UTC instant.
 */
public final class WooCommerceEvents {

    /** Version used for {@code *.deleted} deliveries, whose body is only {@code {"id": N}}. */
    public static final String DELETED_VERSION = "deleted";

    private WooCommerceEvents() {
    }

    /** One event for a resource payload. */
    public static PlatformEvent toEvent(EntityKind kind, String topic, boolean deleted, JsonNode body, Instant receivedAt,
                                        Map<String, String> attributes) {
        JsonNode id = body.get("id");
        if (id == null || !id.canConvertToLong() || id.asLong() <= 0) {
            throw new MalformedPayloadException("body of " + topic + " has no positive numeric id");
        }
        String externalId = Long.toString(id.asLong());
        if (deleted) {
            return new PlatformEvent(null, kind, PlatformEvent.Action.DELETE, topic, externalId, DELETED_VERSION,
                    receivedAt, body, false, attributes);
        }
        Instant modified = gmt(body, "date_modified_gmt");
        if (modified == null) {
            throw new MalformedPayloadException("body of " + topic + " (id " + externalId + ") has no date_modified_gmt");
        }
        return new PlatformEvent(null, kind, PlatformEvent.Action.UPSERT, topic, externalId, modified.toString(),
                modified, body, false, attributes);
    }

    /**
     * A WooCommerce {@code *_gmt} field ({@code 2017-03-22T19:28:08}, no offset, GMT) as an instant;
     * null when missing or null. A value carrying an offset is honoured.
     */
    public static Instant gmt(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            return null;
        }
        String t = v.asText().trim();
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(t).toInstant();
            } catch (DateTimeParseException e2) {
                throw new MalformedPayloadException(field + " is not an ISO-8601 time: " + t);
            }
        }
    }
}
