package io.omnihub.connector.api;

import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.List;

/**
 * One platform integration, discovered with {@link java.util.ServiceLoader} from
 * {@code META-INF/services/io.omnihub.connector.api.ConnectorProvider}.
 *
 * <p>Providers are stateless and thread-safe. The runtime creates one {@link Connector} per
 * connector file ({@code kind: Connector}) whose {@code spec.type} equals {@link #type()}.
 */
public interface ConnectorProvider {

    /** Stable key used as {@code spec.type}, lowercase-kebab, e.g. {@code shopify}; never null. */
    String type();

    /** Title, documentation, capabilities and the declared config options; never null. */
    ConnectorDescriptor descriptor();

    /**
     * Cross-field checks that the declared options cannot express. The runtime has already
     * checked types, required options and secret placeholders. Return every problem, not just
     * the first; paths are relative to {@code spec} (e.g. {@code connection.baseUrl}).
     */
    default List<ConfigProblem> validate(ConnectorConfig config) {
        return List.of();
    }

    /**
     * Creates the instance for one channel. Must not do network I/O (see {@link Connector#check()}).
     * Called again with a new config when the file changes; the old instance is closed.
     */
    Connector create(ConnectorConfig config, ConnectorContext context);
}
