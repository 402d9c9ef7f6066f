package io.omnihub.connector.api;

import java.util.Optional;

/**
 * One configured channel of a platform (one connector file). Thread-safe: the runtime may call
 * capabilities from several threads at once. Owns its HTTP client and credentials; never shares
 * them with other instances through static state.
 */
public interface Connector extends AutoCloseable {

    /** The {@code metadata.id} of the connector file. */
    String id();

    /** A cheap authenticated call that tells whether the platform is reachable; never throws. */
    CheckResult check();

    /** The capability of the given type, if this connector supports it. */
    <T> Optional<T> capability(Class<T> type);

    /** Releases resources; idempotent. */
    @Override
    void close();
}
