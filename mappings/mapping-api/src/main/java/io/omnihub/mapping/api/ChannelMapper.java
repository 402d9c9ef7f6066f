package io.omnihub.mapping.api;

import io.omnihub.connector.api.PlatformEvent;
import java.util.List;

/**
 * Maps a platform's events to canonical entities. Discovered with {@link java.util.ServiceLoader}
 * from {@code META-INF/services/io.omnihub.mapping.api.ChannelMapper}; pairs with the
 * {@link io.omnihub.connector.api.ConnectorProvider} of the same {@link #type()}. Stateless, thread-safe,
 * no I/O: everything it needs is in the event and the context.
 */
public interface ChannelMapper {

    /** The {@code spec.type} this mapper serves. */
    String type();

    /**
     * Maps one event; may yield several canonical records (an order webhook may also carry its
     * refunds or fulfillments) or none (an event the hub does not use).
     *
     * @throws MappingException when the payload cannot be mapped (goes to the dead-letter queue)
     */
    List<CanonicalRecord> map(PlatformEvent event, MappingContext context) throws MappingException;
}
