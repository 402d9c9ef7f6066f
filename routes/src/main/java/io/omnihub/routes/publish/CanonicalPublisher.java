package io.omnihub.routes.publish;

import io.omnihub.canonical.CloudEvent;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.intake.RawEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a raw webhook message into canonical CloudEvents: parse again (the same bytes that were
 * verified), fetch thin events in full, map, wrap. Each CloudEvent is then sent to its multicast
 * address with the dedupe key as Artemis duplicate id and the subject as message group.
 */
public class CanonicalPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(CanonicalPublisher.class);

    private final HubRegistry registry;
    private final PublishListener listener;
    private final io.omnihub.routes.store.EntityVersions versions;

    public CanonicalPublisher(HubRegistry registry, PublishListener listener) {
        this(registry, listener, io.omnihub.routes.store.EntityVersions.NONE);
    }

    public CanonicalPublisher(HubRegistry registry, PublishListener listener, io.omnihub.routes.store.EntityVersions versions) {
        this.registry = registry;
        this.listener = listener;
        this.versions = versions;
    }

    private io.omnihub.routes.store.RawArchive archive = io.omnihub.routes.store.RawArchive.NONE;

    /** Where verified raw webhooks are archived (default: nowhere). */
    public CanonicalPublisher withArchive(io.omnihub.routes.store.RawArchive archive) {
        this.archive = archive;
        return this;
    }

    /** Raw message in, {@code List<CloudEvent>} out. */
    public void map(Exchange exchange) {
        WebhookRequest request = RawEvents.read(exchange.getMessage());
        String eventKey = exchange.getMessage().getHeader(HubHeaders.EVENT_KEY, String.class);
        if (eventKey != null) {
            try {
                archive.archive(request, eventKey);
            } catch (RuntimeException e) {
                LOG.warn("connector {}: raw event not archived: {}", request.connectorId(), e.toString());
            }
        }
        Channel channel = registry.channel(request.connectorId()).orElseThrow(() ->
                new ChannelUnavailableException("connector '" + request.connectorId() + "' is not configured (removed or invalid file)"));
        List<PlatformEvent> events = channel.webhooks()
                .orElseThrow(() -> new ChannelUnavailableException("connector '" + channel.id() + "' has webhooks disabled"))
                .parse(request);
        boolean redelivered = Boolean.TRUE.equals(exchange.getMessage().getHeader("JMSRedelivered", Boolean.class));
        String sourceRef = eventKey == null ? null : "raw:" + channel.id() + ":" + eventKey;
        exchange.getMessage().setBody(toCloudEvents(channel, events, redelivered ? Mode.REDELIVERY : Mode.FIRST_DELIVERY, null,
                sourceRef, new Received(request.receivedAt(), sourceRef, false)));
    }

    /** How entity versions are checked. */
    public enum Mode {
        /** A raw event's first delivery: only newer versions pass and advance at once. */
        FIRST_DELIVERY,
        /** A raw event redelivered after a failure or crash: equal versions pass too. */
        REDELIVERY,
        /** A poll: only newer versions pass; the versions advance after the sends ({@link #commitVersions}). */
        POLL
    }

    /** Maps platform events (from a webhook or a poll) of a channel to CloudEvents (first-delivery semantics). */
    public List<CloudEvent> toCloudEvents(Channel channel, List<PlatformEvent> events) {
        return toCloudEvents(channel, events, Mode.FIRST_DELIVERY, null);
    }

    /**
     * Maps platform events to CloudEvents, dropping versions already applied.
     *
     * @param pending for {@link Mode#POLL}: receives {entityKey, version, sortKey} to pass to {@link #commitVersions}
     */
    public List<CloudEvent> toCloudEvents(Channel channel, List<PlatformEvent> events, Mode mode, List<String[]> pending) {
        return toCloudEvents(channel, events, mode, pending, null);
    }

    /**
     * @param sourceRef the raw event being processed: an equal version it advanced itself passes again
     *                  (the same raw event reprocessed after a crash, which a broker crash no longer marks redelivered)
     */
    public List<CloudEvent> toCloudEvents(Channel channel, List<PlatformEvent> events, Mode mode, List<String[]> pending,
                                          String sourceRef) {
        return toCloudEvents(channel, events, mode, pending, sourceRef,
                new Received(java.time.Instant.now(), sourceRef, mode == Mode.POLL));
    }

    /**
     * @param received how and when the events arrived (reported to the listener with each mapped record)
     */
    public List<CloudEvent> toCloudEvents(Channel channel, List<PlatformEvent> events, Mode mode, List<String[]> pending,
                                          String sourceRef, Received received) {
        List<CloudEvent> out = new ArrayList<>();
        for (PlatformEvent event : events) {
            PlatformEvent full = event;
            if (event.thin()) {
                Optional<EntityFetcher> fetcher = channel.fetcher();
                if (fetcher.isEmpty()) {
                    throw new IllegalStateException("connector '" + channel.id() + "' sent a thin " + event.kind()
                            + " event but cannot fetch entities");
                }
                Optional<PlatformEvent> fetched = fetcher.get().fetch(event);
                if (fetched.isEmpty()) {
                    LOG.info("connector {}: {} {} no longer exists on the platform; skipped", channel.id(),
                            event.kind(), event.externalId());
                    continue;
                }
                full = fetched.get();
            }
            for (CanonicalRecord record : channel.mapper().map(full, channel.mappingContext())) {
                if (mode != Mode.POLL) {
                    listener.onReceived(channel.id(), record, received);
                }
                String entity = channel.id() + ":" + CloudEvents.entityKey(channel.id(), record);
                String sortKey = io.omnihub.routes.store.VersionKeys.sortKey(record.entityVersion());
                boolean pass = mode == Mode.POLL
                        ? versions.isNewer(entity, sortKey)
                        : versions.advance(entity, record.entityVersion(), sortKey, mode == Mode.REDELIVERY, sourceRef);
                if (!pass) {
                    LOG.debug("connector {}: {} version {} was already applied or is older; dropped",
                            channel.id(), record.subject(), record.entityVersion());
                    listener.onStale(channel.id(), record, received);
                    continue;
                }
                if (mode == Mode.POLL) {
                    // a poll sees unchanged entities again and again: only a change it publishes counts as received
                    listener.onReceived(channel.id(), record, received);
                }
                if (mode == Mode.POLL && pending != null) {
                    pending.add(new String[] {entity, record.entityVersion(), sortKey});
                }
                out.add(CloudEvents.of(channel.id(), record));
            }
        }
        return out;
    }

    /** After a poll's sends: advance the versions that were published. */
    public void commitVersions(List<String[]> pending) {
        for (String[] p : pending) {
            versions.advance(p[0], p[1], p[2], true);
        }
    }

    /** Prepares one CloudEvent (the body) for the send to its address. */
    public void prepareSend(Exchange exchange) {
        CloudEvent ce = exchange.getMessage().getBody(CloudEvent.class);
        Message m = exchange.getMessage();
        String entity = io.omnihub.canonical.EventType.fromType(ce.type()).entity();
        m.setHeader(JmsConstants.JMS_DESTINATION_NAME, Addresses.canonical(entity));
        // No _AMQ_DUPL_ID here: inside the transacted publish route a duplicate id would roll back the
        // whole transaction (and loop). Duplicates are stopped by entity versions before this point and
        // by the delivery log per destination after it.
        m.removeHeader(HubHeaders.DUPLICATE_ID);
        m.setHeader(HubHeaders.GROUP_ID, ce.subject());
        m.setHeader(HubHeaders.EVENT_TYPE, ce.type());
        m.setHeader(HubHeaders.SUBJECT, ce.subject());
        m.setHeader(HubHeaders.DEDUPE_KEY, ce.omnihubdedupekey());
        m.setHeader(HubHeaders.ENTITY_VERSION, ce.omnihubentityversion());
        m.setHeader(HubHeaders.CONTENT_TYPE, CloudEvent.CONTENT_TYPE);
        m.setHeader(HubHeaders.EVENT_ID, ce.id());
        // nothing of the raw request travels with canonical events
        m.removeHeader(HubHeaders.REQUEST_HEADERS);
        m.removeHeader("OmnihubRequestQuery");
        m.removeHeader("OmnihubRequestMethod");
        m.removeHeader(HubHeaders.REQUEST_URL);
        // receipt and event time stay: delivery measures end-to-end latency from them
        if (m.getHeader(HubHeaders.RECEIVED_AT) == null) {
            m.setHeader(HubHeaders.RECEIVED_AT, java.time.Instant.now().toString());
        }
        if (ce.time() != null) {
            m.setHeader(HubHeaders.EVENT_TIME, ce.time().toString());
        }
        m.removeHeader(HubHeaders.EVENT_KEY);
        try {
            m.setBody(Json.mapper().writeValueAsString(ce));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        listener.onPublished(ce.source().substring("omnihub:connector:".length()), ce);
    }

    /**
     * How a batch of platform events reached the publisher.
     *
     * @param at     when the hub received them (webhook receipt time, or the poll's time)
     * @param ref    the raw event ({@code raw:{connectorId}:{eventKey}}), null for a poll
     * @param polled whether they came from a reconciliation poll
     */
    public record Received(java.time.Instant at, String ref, boolean polled) {
    }

    /** Receives every published CloudEvent (metrics, trace). */
    public interface PublishListener {
        void onPublished(String connectorId, CloudEvent event);

        /**
         * A platform event was mapped to this record: for a webhook before its version is checked,
         * for a poll only when the record is going to be published.
         */
        default void onReceived(String connectorId, CanonicalRecord record, Received received) {
        }

        /** An update older than the entity's stored version was dropped. */
        default void onStale(String connectorId, CanonicalRecord record) {
        }

        /** An update older than the entity's stored version was dropped; by default forwards to the shorter overload. */
        default void onStale(String connectorId, CanonicalRecord record, Received received) {
            onStale(connectorId, record);
        }

        PublishListener NONE = (c, e) -> { };
    }

    /** The connector of a queued raw event is gone or disabled: retried, then dead-lettered. */
    public static class ChannelUnavailableException extends RuntimeException {
        public ChannelUnavailableException(String message) {
            super(message);
        }
    }
}
