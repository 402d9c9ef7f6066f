package io.omnihub.routes.publish;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.CloudEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Wraps canonical records in CloudEvents as the contract (§4) defines them. */
public final class CloudEvents {

    private CloudEvents() {
    }

    /**
     * The contract's dedupe key {@code {connectorId}:{entity id}:{version}}, built from the entity's
     * identity (e.g. {@code shopify-eu:order:450789469:2026-11-22T10:00:00Z}), so the same entity
     * version yields the same key whether it came from a webhook, a redelivery or a reconciliation poll.
     */
    public static String dedupeKey(String connectorId, CanonicalRecord record) {
        return connectorId + ":" + entityKey(connectorId, record) + ":" + record.entityVersion();
    }

    /** The entity's identity within its connector: {@code order:450789469}, {@code sku:TSHIRT-RED-M@WH-1}. */
    public static String entityKey(String connectorId, CanonicalRecord record) {
        String subject = record.subject();
        String prefix = connectorId + ":";
        String key = subject.startsWith(prefix) ? subject.substring(prefix.length()) : subject;
        if (record.data() instanceof io.omnihub.canonical.StockLevel s && s.locationId() != null) {
            key = key + "@" + s.locationId();
        }
        return key;
    }

    /**
     * The CloudEvent for a record. The id is a name-based UUID of type and dedupe key, so a
     * redelivered platform event yields the same id (consumers may dedupe on it) while distinct events
     * get distinct ids.
     */
    public static CloudEvent of(String connectorId, CanonicalRecord record) {
        String dedupe = dedupeKey(connectorId, record);
        String id = UUID.nameUUIDFromBytes((record.type().type() + "|" + dedupe).getBytes(StandardCharsets.UTF_8)).toString();
        JsonNode data = Json.mapper().valueToTree(record.data());
        return new CloudEvent(CloudEvent.SPEC_VERSION, id, "omnihub:connector:" + connectorId, record.type().type(),
                record.subject(), record.time(), "application/json", dedupe, record.entityVersion(), data);
    }
}
