package io.omnihub.mapping.api;

import io.omnihub.canonical.EventType;
import java.time.Instant;
import java.util.Objects;

/**
 * One canonical entity produced by a mapper, with what the runtime needs to wrap it in a
 * CloudEvent: its type, subject (the entity's canonical key), the platform's change time and
 * entity version, and the platform key the dedupe key is built from.
 *
 * @param type          the CloudEvent type
 * @param subject       canonical key, e.g. {@code shopify-eu:order:450789469} or {@code sku:TSHIRT-RED-M}
 * @param time          when the platform says the change happened
 * @param entityVersion the source's version of the entity
 * @param dedupeBase    platform event or entity id; the dedupe key is {@code connectorId:dedupeBase:entityVersion}
 * @param data          the canonical entity (one of the records in {@code io.omnihub.canonical})
 */
public record CanonicalRecord(EventType type, String subject, Instant time, String entityVersion, String dedupeBase,
                              Object data) {

    public CanonicalRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(entityVersion, "entityVersion");
        Objects.requireNonNull(dedupeBase, "dedupeBase");
        Objects.requireNonNull(data, "data");
        if (!type.dataType().isInstance(data)) {
            throw new IllegalArgumentException(type + " needs data of type " + type.dataType().getSimpleName());
        }
    }
}
