package io.omnihub.app.config;

import io.omnihub.connector.api.config.ConnectorConfig;

/** A valid {@code kind: Connector} file: its resolved config and a fingerprint to detect changes. */
public record ConnectorDefinition(String file, boolean enabled, ConnectorConfig config, String fingerprint) {

    public String id() {
        return config.id();
    }
}
