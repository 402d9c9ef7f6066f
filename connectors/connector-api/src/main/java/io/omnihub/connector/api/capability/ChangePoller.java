package io.omnihub.connector.api.capability;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Lists entities changed since a cursor, for polling flows and for reconciliation of webhooks
 * the platform never delivered. The runtime owns and persists the cursor; the connector never does.
 */
public interface ChangePoller {

    /** Kinds this connector can poll. */
    Set<EntityKind> pollableKinds();

    /**
     * One page of entities of {@code kind} changed at or after {@code since}.
     *
     * @param pageToken null for the first page, else {@link Page#nextPageToken()} of the previous page
     */
    Page poll(EntityKind kind, Instant since, String pageToken);

    /**
     * One page of changes.
     *
     * @param events        the changes, oldest first where the platform allows
     * @param nextPageToken token for the next page, or null when this was the last
     * @param highWatermark the newest change time seen in this page (the runtime advances its cursor to it)
     */
    record Page(List<PlatformEvent> events, String nextPageToken, Instant highWatermark) {
        public Page {
            events = List.copyOf(events);
        }
    }
}
