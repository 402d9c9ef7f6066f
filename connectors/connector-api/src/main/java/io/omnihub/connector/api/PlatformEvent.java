package io.omnihub.connector.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A change as the platform reports it, before mapping: from a webhook, a poll or a fetch.
 *
 * @param eventId     the platform's own event id (Shopify {@code X-Shopify-Event-Id}, Stripe
 *                    {@code evt_...}); null when the platform has none (then the runtime dedupes on
 *                    entity id and version)
 * @param kind        which entity changed
 * @param action      upsert or delete
 * @param topic       the platform's own event name, e.g. {@code orders/updated}
 * @param externalId  the platform's id of the entity
 * @param version     the platform's version of the entity (updated_at, version number); never null
 * @param occurredAt  when the platform says the change happened
 * @param payload     the entity as the platform sends it; null when {@code thin}
 * @param thin        true when the notification carries ids only and the entity must be fetched
 * @param attributes  extra platform facts the mapper may need (shop domain, location); never null
 */
public record PlatformEvent(
        String eventId,
        EntityKind kind,
        Action action,
        String topic,
        String externalId,
        String version,
        Instant occurredAt,
        JsonNode payload,
        boolean thin,
        Map<String, String> attributes) {

    public PlatformEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(occurredAt, "occurredAt");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Whether the entity changed or disappeared. */
    public enum Action { UPSERT, DELETE }

    /** The same event with the full entity filled in (after a fetch of a thin event). */
    public PlatformEvent withPayload(JsonNode full, String newVersion) {
        return new PlatformEvent(eventId, kind, action, topic, externalId, newVersion, occurredAt, full, false, attributes);
    }
}
