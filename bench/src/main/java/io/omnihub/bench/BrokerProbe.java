package io.omnihub.bench;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientRequestor;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;

/**
 * Reads the hub's embedded broker through its CORE acceptor on 127.0.0.1 and the broker's management
 * address ({@code activemq.management}): connections created since start (all acceptors, in-VM
 * included), connections open now, and queue depths. One connection, opened once and kept, so the
 * probe itself adds exactly one to the broker's count.
 */
final class BrokerProbe implements AutoCloseable {

    private final ServerLocator locator;
    private final ClientSessionFactory factory;
    private final ClientSession session;
    private final ClientRequestor requestor;

    BrokerProbe(int port) throws Exception {
        locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
        factory = locator.createSessionFactory();
        session = factory.createSession();
        session.start();
        requestor = new ClientRequestor(session, "activemq.management");
    }

    /** Connections the broker accepted since it started ({@code totalConnectionCount}). */
    long totalConnectionCount() throws Exception {
        return ((Number) attribute(ResourceNames.BROKER, "totalConnectionCount")).longValue();
    }

    /** Connections open now ({@code connectionCount}). */
    long connectionCount() throws Exception {
        return ((Number) attribute(ResourceNames.BROKER, "connectionCount")).longValue();
    }

    /** Messages in a queue (incl. those being delivered), or -1 if it does not exist. */
    long messageCount(String queue) {
        try {
            return ((Number) attribute(ResourceNames.QUEUE + queue, "messageCount")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    private synchronized Object attribute(String resource, String attribute) throws Exception {
        ClientMessage m = session.createMessage(false);
        ManagementHelper.putAttribute(m, resource, attribute);
        ClientMessage reply = requestor.request(m, 10_000);
        if (reply == null) {
            throw new IllegalStateException("no management answer for " + resource + "." + attribute);
        }
        if (!ManagementHelper.hasOperationSucceeded(reply)) {
            throw new IllegalStateException("management " + resource + "." + attribute + " failed: " + ManagementHelper.getResult(reply));
        }
        return ManagementHelper.getResult(reply);
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {requestor::close, session, factory, locator}) {
            try {
                c.close();
            } catch (Exception e) {
                // the hub may already have dropped the connection
            }
        }
    }
}
