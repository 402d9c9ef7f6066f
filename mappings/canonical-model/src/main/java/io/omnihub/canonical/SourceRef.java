package io.omnihub.canonical;

import java.time.Instant;

/**
 * Where an entity came from: the platform, the connector instance, the platform's id and version,
 * and when the platform last changed it. {@code offset} keeps the source's UTC offset when known.
 */
public record SourceRef(String platform, String connectorId, String externalId, String externalVersion,
                        Instant updatedAt, String offset) {
}
