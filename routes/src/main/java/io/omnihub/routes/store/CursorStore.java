package io.omnihub.routes.store;

import java.time.Instant;
import java.util.Optional;

/** Polling cursors per connector and entity kind; owned by the runtime, never by connectors. */
public interface CursorStore {

    Optional<Instant> get(String connectorId, String kind);

    void put(String connectorId, String kind, Instant cursor);
}
