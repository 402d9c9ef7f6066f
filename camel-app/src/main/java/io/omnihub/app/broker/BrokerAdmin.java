package io.omnihub.app.broker;

import io.omnihub.routes.Addresses;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Creates the durable addresses and queues the hub needs, on the embedded broker or an external one
 * (through the core protocol, so it works the same for both): the canonical multicast addresses,
 * each destination's queue on them, dead-letter queues, raw queues and last-value stock push queues.
 * Idempotent: existing queues are left as they are.
 */
@Component
public class BrokerAdmin {

    private final ActiveMQConnectionFactory cf;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Object queryLock = new Object();
    private ClientSessionFactory queryFactory;
    private ClientSession querySession;

    public BrokerAdmin(ActiveMQConnectionFactory cf) {
        this.cf = cf;
    }

    /** A destination's durable queue on a canonical multicast address. */
    public void ensureDestinationQueue(String destinationId, String entity) {
        ensure(Addresses.canonical(entity), Addresses.destinationQueue(destinationId, entity), RoutingType.MULTICAST, false);
    }

    /** A hub-internal durable queue on a multicast address (e.g. the stock pool's {@code stockpool.order} on {@code omnihub.order}). */
    public void ensureMulticastQueue(String address, String queue) {
        ensure(address, queue, RoutingType.MULTICAST, false);
    }

    /** An anycast durable queue whose address has the same name. */
    public void ensureQueue(String name) {
        ensure(name, name, RoutingType.ANYCAST, false);
    }

    /** An anycast last-value queue (a newer message with the same {@code _AMQ_LVQ_NAME} replaces an older one). */
    public void ensureLastValueQueue(String name) {
        ensure(name, name, RoutingType.ANYCAST, true);
    }

    /** Number of messages in a queue, or -1 if it does not exist. */
    public long messageCount(String queue) {
        synchronized (queryLock) {
            for (int attempt = 0; ; attempt++) {
                try {
                    if (querySession == null || querySession.isClosed()) {
                        closeQuerySession();
                        queryFactory = cf.getServerLocator().createSessionFactory();
                        querySession = queryFactory.createSession(cf.getUser(), cf.getPassword(), false, true, true, false, 1);
                    }
                    ClientSession.QueueQuery q = querySession.queueQuery(SimpleString.of(queue));
                    return q.isExists() ? q.getMessageCount() : -1;
                } catch (Exception e) {
                    closeQuerySession();
                    if (attempt > 0) {
                        throw new IllegalStateException("broker unavailable: " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /**
     * Messages in a queue for the ops views (API, health, metrics, alerts): null when the queue does not
     * exist or the broker cannot be asked, so a view shows "unknown" instead of failing.
     */
    public Long depth(String queue) {
        try {
            long n = messageCount(queue);
            return n < 0 ? null : n;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Messages waiting in all of a destination's queues (one per subscribed entity); unknown queues count 0. */
    public long destinationBacklog(io.omnihub.routes.Destination d) {
        long sum = 0;
        for (String entity : d.subscribedSorted()) {
            Long n = depth(Addresses.destinationQueue(d.id(), entity));
            sum += n == null ? 0 : n;
        }
        return sum;
    }

    /**
     * Number of messages in a queue through a fresh connection (not the kept query session): for the
     * readiness probe, which must see a broker that went away at once.
     */
    public long probeMessageCount(String queue) {
        try (ClientSessionFactory sf = cf.getServerLocator().createSessionFactory();
             ClientSession session = sf.createSession(cf.getUser(), cf.getPassword(), false, true, true, false, 1)) {
            ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(queue));
            return q.isExists() ? q.getMessageCount() : -1;
        } catch (Exception e) {
            throw new IllegalStateException("broker unavailable: " + e.getMessage(), e);
        }
    }

    /** The one core session used for queue queries (health, ops API, metrics): kept, not opened per call. */
    private void closeQuerySession() {
        try {
            if (querySession != null) {
                querySession.close();
            }
        } catch (Exception ignored) {
            // already gone with the broker
        }
        if (queryFactory != null) {
            queryFactory.close();
        }
        querySession = null;
        queryFactory = null;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        synchronized (queryLock) {
            closeQuerySession();
        }
    }

    private void ensure(String address, String queue, RoutingType routing, boolean lastValue) {
        if (known.contains(queue)) {
            return;
        }
        try (ClientSessionFactory sf = cf.getServerLocator().createSessionFactory();
             ClientSession session = sf.createSession(cf.getUser(), cf.getPassword(), false, true, true, false, 1)) {
            ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(queue));
            if (!q.isExists()) {
                ClientSession.AddressQuery a = session.addressQuery(SimpleString.of(address));
                if (!a.isExists()) {
                    session.createAddress(SimpleString.of(address), java.util.EnumSet.of(routing), false);
                }
                session.createQueue(QueueConfiguration.of(queue).setAddress(address).setRoutingType(routing)
                        .setDurable(true).setAutoCreated(false).setLastValue(lastValue)
                        .setGroupBuckets(routing == RoutingType.MULTICAST || !lastValue ? 1024 : -1));
            }
            known.add(queue);
        } catch (org.apache.activemq.artemis.api.core.ActiveMQQueueExistsException e) {
            known.add(queue);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create broker queue " + queue + " on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Forgets what was created (after a broker restart with a fresh journal). */
    public void reset() {
        known.clear();
        synchronized (queryLock) {
            closeQuerySession();
        }
    }
}
