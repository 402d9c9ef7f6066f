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

    /** The contract's dedupe key: {@code {connectorId}:{platform event or entity id}:{version}}. */
    public static String dedupeKey(String connectorId, CanonicalRecord record) {
        return connectorId + ":" + record.dedupeBase() + ":" + record.entityVersion();
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
