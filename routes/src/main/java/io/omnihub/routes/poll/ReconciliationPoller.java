package io.omnihub.routes.poll;

import io.omnihub.canonical.CloudEvent;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.routes.store.CursorStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a channel for entities changed since its cursor (minus a lookback, so late-indexed changes
 * are not missed) and publishes them through the same mapping as webhooks: a webhook the platform
 * never delivered still arrives, and one that did arrive is not published twice (same entity
 * version, same dedupe key; older versions are dropped). The cursor advances only after the
 * events of the cycle were sent.
 */
public class ReconciliationPoller {

    /** Exchange property: the cursor to commit after the sends. */
    public static final String NEXT_CURSOR = "omnihubNextCursor";
    /** Exchange property: entity versions to advance after the sends. */
    public static final String PENDING_VERSIONS = "omnihubPendingVersions";

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationPoller.class);
    private static final int MAX_PAGES_PER_CYCLE = 50;

    private final HubRegistry registry;
    private final CanonicalPublisher publisher;
    private final CursorStore cursors;
    private final Clock clock;
    private final PollListener listener;

    public ReconciliationPoller(HubRegistry registry, CanonicalPublisher publisher, CursorStore cursors, Clock clock,
                                PollListener listener) {
        this.registry = registry;
        this.publisher = publisher;
        this.cursors = cursors;
        this.clock = clock;
        this.listener = listener;
    }

    /** Which kinds a channel polls: those its connector can poll whose flow is on, or all when it receives webhooks (reconciliation). */
    public static List<EntityKind> pollKinds(Channel channel) {
        List<EntityKind> kinds = new ArrayList<>();
        Optional<ChangePoller> poller = channel.poller();
        if (poller.isEmpty()) {
            return kinds;
        }
        boolean reconcile = channel.webhooks().isPresent()
                && channel.config().bool("flows.webhooks.reconcile", true);
        for (EntityKind k : poller.get().pollableKinds()) {
            Flow f = switch (k) {
                case ORDER -> Flow.ORDERS_IN;
                case PRODUCT -> Flow.PRODUCTS_IN;
                case PAYMENT, REFUND -> Flow.PAYMENTS_IN;
                default -> null;
            };
            boolean explicitlyOff = f != null && channel.config().value("flows." + f.key()).isPresent()
                    && !channel.config().flowEnabled(f.key(), true);
            if (!explicitlyOff && ((f != null && channel.flowEnabled(f)) || reconcile)) {
                kinds.add(k);
            }
        }
        return kinds;
    }

    /** Poll interval of a kind: {@code spec.flows.<flow>.interval}, default 5 minutes. */
    public static Duration interval(Channel channel, EntityKind kind) {
        return channel.config().duration("flows." + flowKey(kind) + ".interval", Duration.ofMinutes(5));
    }

    private static Duration lookback(Channel channel, EntityKind kind) {
        return channel.config().duration("flows." + flowKey(kind) + ".lookback", Duration.ofMinutes(10));
    }

    private static String flowKey(EntityKind kind) {
        return switch (kind) {
            case ORDER -> "orders";
            case PRODUCT -> "products";
            case PAYMENT, REFUND -> "payments";
            default -> kind.key();
        };
    }

    /** One poll cycle: body becomes the {@code List<CloudEvent>} to publish; {@link #NEXT_CURSOR} the cursor to commit. */
    public void poll(Exchange exchange, String connectorId, EntityKind kind) {
        Optional<Channel> ch = registry.channel(connectorId);
        if (ch.isEmpty() || ch.get().poller().isEmpty()) {
            exchange.getMessage().setBody(List.of());
            return;
        }
        Channel channel = ch.get();
        ChangePoller poller = channel.poller().get();
        Instant now = clock.instant();
        Instant cursor = cursors.get(connectorId, kind.key()).orElse(null);
        Instant since = cursor == null
                ? channel.config().string("flows." + flowKey(kind) + ".startFrom").map(Instant::parse)
                        .orElse(now.minus(lookback(channel, kind)))
                : cursor.minus(lookback(channel, kind));
        List<CloudEvent> out = new ArrayList<>();
        List<String[]> pending = new ArrayList<>();
        Instant high = cursor;
        String token = null;
        int pages = 0;
        int seen = 0;
        do {
            ChangePoller.Page page;
            try {
                page = poller.poll(kind, since, token);
            } catch (RuntimeException e) {
                listener.onPollFailed(connectorId, kind, e);
                throw e;
            }
            seen += page.events().size();
            out.addAll(publisher.toCloudEvents(channel, page.events(), CanonicalPublisher.Mode.POLL, pending));
            if (page.highWatermark() != null && (high == null || page.highWatermark().isAfter(high))) {
                high = page.highWatermark();
            }
            token = page.nextPageToken();
            pages++;
        } while (token != null && pages < MAX_PAGES_PER_CYCLE);
        // never move the cursor past "now" (clock skew) and never backwards
        Instant next = high == null ? (cursor == null ? since : cursor) : (high.isAfter(now) ? now : high);
        exchange.setProperty(NEXT_CURSOR, next);
        exchange.setProperty(PENDING_VERSIONS, pending);
        exchange.getMessage().setBody(out);
        listener.onPolled(connectorId, kind, seen, out.size());
        LOG.debug("poll {} {}: {} changes since {}, {} events to publish", connectorId, kind, seen, since, out.size());
    }

    /** After the sends: store the cursor. */
    @SuppressWarnings("unchecked")
    public void commit(Exchange exchange, String connectorId, EntityKind kind) {
        List<String[]> pending = exchange.getProperty(PENDING_VERSIONS, List.class);
        if (pending != null) {
            publisher.commitVersions(pending);
        }
        Instant next = exchange.getProperty(NEXT_CURSOR, Instant.class);
        if (next != null) {
            cursors.put(connectorId, kind.key(), next);
        }
    }

    /** Receives poll outcomes (metrics, health). */
    public interface PollListener {
        default void onPolled(String connectorId, EntityKind kind, int changes, int published) {
        }

        /** The platform could not be polled (the cycle is retried at the next interval). */
        default void onPollFailed(String connectorId, EntityKind kind, Exception error) {
        }

        PollListener NONE = new PollListener() { };
    }
}
