package io.omnihub.routes.stock;

import io.omnihub.routes.Addresses;
import io.omnihub.routes.HubHeaders;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts many channel quantities on their last-value push queues ({@code omnihub.push.stock.<id>}) in
 * one JMS transaction: one journal sync per batch instead of one blocking durable send per message,
 * and one producer per queue (a producer bound to its queue is checked by the broker once; an
 * anonymous one asks the broker about the queue before every send). Used by the fan-out of
 * back-office levels, where a POST of 10,000 levels becomes 10,000 messages per channel.
 *
 * <p>Keeps one connection and session, opened on first use and reopened after a failure. Thread-safe
 * (sends are serialized). A failed send rolls the batch back and throws, so the caller's own
 * transaction (the consumed back-office message) rolls back too and is redelivered; sending a
 * quantity twice is harmless (the newer replaces the older on the queue, and the push worker reads
 * the pool's current quantity when it pushes).
 */
public class StockPushSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StockPushSender.class);

    private final ConnectionFactory connectionFactory;
    private Connection connection;
    private Session session;
    private final Map<String, MessageProducer> producers = new HashMap<>();

    /**
     * @param connectionFactory preferably the broker client's own factory, not a pool with anonymous
     *                          producers (which would check the queue on every send)
     */
    public StockPushSender(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Sends every message durably to its channel's push queue, committed together; throws when nothing was sent. */
    public synchronized void send(List<StockFanout.PushMessage> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        try {
            Session s = session();
            for (StockFanout.PushMessage pm : pushes) {
                TextMessage m = s.createTextMessage(pm.json());
                m.setStringProperty(HubHeaders.LAST_VALUE, pm.key());
                m.setStringProperty(HubHeaders.CONNECTOR_ID, pm.connectorId());
                producer(s, Addresses.stockPush(pm.connectorId())).send(m);
            }
            s.commit();
        } catch (JMSException | RuntimeException e) {
            reset();
            throw new IllegalStateException("stock quantities not queued (" + pushes.size() + " messages): " + e, e);
        }
    }

    private Session session() throws JMSException {
        if (session == null) {
            connection = connectionFactory.createConnection();
            session = connection.createSession(true, Session.SESSION_TRANSACTED);
        }
        return session;
    }

    private MessageProducer producer(Session s, String queue) throws JMSException {
        MessageProducer p = producers.get(queue);
        if (p == null) {
            p = s.createProducer(s.createQueue(queue));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            producers.put(queue, p);
        }
        return p;
    }

    /** Drops the connection (rolling back whatever was not committed); the next send opens a new one. */
    private void reset() {
        producers.clear();
        Connection c = connection;
        session = null;
        connection = null;
        if (c != null) {
            try {
                c.close(); // closes the session, rolling back its open transaction
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing the stock push sender's connection: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        reset();
    }
}
