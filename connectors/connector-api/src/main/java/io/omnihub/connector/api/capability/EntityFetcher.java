package io.omnihub.connector.api.capability;

import io.omnihub.connector.api.PlatformEvent;
import java.util.Optional;

/**
 * Fetches the full entity for a thin notification (Square {@code order.*}, Clover, Stripe v2) or
 * refreshes one the runtime needs to re-read.
 */
public interface EntityFetcher {

    /** The full entity for the event; empty when the platform no longer has it. */
    Optional<PlatformEvent> fetch(PlatformEvent thinEvent);
}
