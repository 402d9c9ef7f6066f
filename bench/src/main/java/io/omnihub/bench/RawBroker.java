package io.omnihub.bench;

import jakarta.jms.BytesMessage;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMAcceptorFactory;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.activemq.artemis.utils.critical.CriticalAnalyzerPolicy;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;

/**
 * The baseline: an embedded Artemis in the harness process configured like the hub's
 * ({@code BrokerConfiguration}: persistent NIO journal, journal sync for transactional and
 * non-transactional writes, datasync, persisted duplicate-id cache, the {@code omnihub.#} address
 * settings), reached in-VM through the same client settings (pooled-jms in front of an
 * {@link ActiveMQConnectionFactory} with consumer window 0), carrying messages of the hub's raw
 * webhook size and properties. Sends copy what camel-jms's JmsTemplate does for the hub's intake:
 * per message a pooled connection, session and anonymous producer, and a blocking persistent send;
 * consumers copy the hub's publish route: 2 transacted consumers, one commit per message.
 */
final class RawBroker implements AutoCloseable {

    static final String QUEUE = "omnihub.raw.bench-baseline";
    private static final int SERVER_ID = 4711;

    private final Path dir;
    private final EmbeddedActiveMQ server;
    private final ActiveMQConnectionFactory artemis;
    private final JmsPoolConnectionFactory pool;
    private final byte[] payload;
    private final String requestHeaders;
    private final AtomicLong ids = new AtomicLong();

    RawBroker(byte[] payload, String requestHeadersJson) throws Exception {
        this.payload = payload;
        this.requestHeaders = requestHeadersJson;
        this.dir = Files.createTempDirectory("omnihub-bench-raw-");
        Configuration cfg = new ConfigurationImpl()
                .setName("omnihub-bench-raw")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setJournalDatasync(true)
                .setIDCacheSize(100_000)
                .setPersistIDCache(true)
                .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
                .setGracefulShutdownEnabled(true)
                .setGracefulShutdownTimeout(10_000)
                .setMaxDiskUsage(95);
        cfg.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(), Map.of("serverId", SERVER_ID)));
        cfg.addAddressSetting("omnihub.#", new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(64L * 1024 * 1024)
                .setMaxDeliveryAttempts(50)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setRedeliveryCollisionAvoidanceFactor(0.2)
                .setDeadLetterAddress(SimpleString.of("omnihub.dlq.broker"))
                .setAutoCreateDeadLetterResources(true)
                .setDefaultGroupBuckets(1024)
                .setExpiryAddress(SimpleString.of("omnihub.expired"))
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        server = new EmbeddedActiveMQ();
        server.setConfiguration(cfg);
        server.start();
        server.getActiveMQServer().createQueue(QueueConfiguration.of(QUEUE).setAddress(QUEUE)
                .setRoutingType(RoutingType.ANYCAST).setDurable(true).setAutoCreated(false).setGroupBuckets(1024));
        artemis = new ActiveMQConnectionFactory("vm://" + SERVER_ID + "?callTimeout=5000&callFailoverTimeout=5000");
        artemis.setConsumerWindowSize(0);
        pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(4);
        pool.setMaxSessionsPerConnection(500);
        pool.setUseAnonymousProducers(true);
    }

    /** Sent and received messages per second of one measured window. */
    record Window(double sent, double received) {
    }

    /**
     * {@code producers} threads sending like the hub's intake while 2 transacted consumers receive like the
     * hub's publish route; per window the send rate and the receive rate. The backlog is purged afterwards.
     */
    List<Window> syncThroughput(int producers, Duration warmup, Duration window, int reps) throws Exception {
        AtomicLong sent = new AtomicLong();
        List<Window> out = new ArrayList<>();
        try (Consumers consumers = new Consumers(pool, 2, true)) {
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService exec = Executors.newFixedThreadPool(producers);
            for (int i = 0; i < producers; i++) {
                exec.submit(() -> {
                    while (!stop.get()) {
                        sendLikeJmsTemplate();
                        sent.incrementAndGet();
                    }
                    return null;
                });
            }
            Thread.sleep(warmup.toMillis());
            for (int r = 0; r < reps; r++) {
                long s0 = sent.get();
                long c0 = consumers.received.get();
                long t0 = System.nanoTime();
                Thread.sleep(window.toMillis());
                double secs = (System.nanoTime() - t0) / 1e9;
                out.add(new Window((sent.get() - s0) / secs, (consumers.received.get() - c0) / secs));
            }
            stop.set(true);
            exec.shutdown();
            exec.awaitTermination(30, TimeUnit.SECONDS);
        }
        purge();
        return out;
    }

    /** Drops whatever is left in the queue, so the next phase starts empty. */
    private void purge() throws Exception {
        var q = server.getActiveMQServer().locateQueue(SimpleString.of(QUEUE));
        if (q != null) {
            q.deleteAllReferences();
        }
    }

    /**
     * For reference: one producer pipelining durable sends (100 in flight, completion listener, group
     * commit), 2 auto-acknowledging consumers with the default window.
     */
    List<Double> asyncThroughput(Duration warmup, Duration window, int reps) throws Exception {
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://" + SERVER_ID);
        cf.setConfirmationWindowSize(1024 * 1024);
        cf.setBlockOnDurableSend(false);
        try (Consumers consumers = new Consumers(cf, 2, false);
             Connection c = cf.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(QUEUE));
            p.setDeliveryMode(DeliveryMode.PERSISTENT);
            Semaphore inFlight = new Semaphore(100);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong errors = new AtomicLong();
            CompletionListener done = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    inFlight.release();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    errors.incrementAndGet();
                    inFlight.release();
                }
            };
            Thread producer = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        inFlight.acquire();
                        p.send(message(s), done);
                    }
                } catch (InterruptedException | JMSException e) {
                    errors.incrementAndGet();
                }
            }, "bench-raw-async-producer");
            producer.start();
            List<Double> rates = windows(consumers.received, warmup, window, reps);
            stop.set(true);
            producer.join(30_000);
            inFlight.tryAcquire(100, 30, TimeUnit.SECONDS);
            cf.close();
            purge();
            return rates;
        }
    }

    /** Blocking persistent sends offered at {@code rate}/s; latency from the scheduled time, per window (µs). */
    List<Histogram> syncLatency(int rate, Duration warmup, Duration window, int reps) throws Exception {
        List<Histogram> out = new ArrayList<>();
        try (Consumers consumers = new Consumers(pool, 2, true)) {
            ExecutorService exec = Executors.newFixedThreadPool(32);
            offer(exec, rate, warmup, Load.histogram());
            for (int r = 0; r < reps; r++) {
                Histogram h = Load.histogram();
                offer(exec, rate, window, h);
                out.add(h);
            }
            exec.shutdown();
            exec.awaitTermination(60, TimeUnit.SECONDS);
        }
        purge();
        return out;
    }

    private void offer(ExecutorService exec, int rate, Duration d, Histogram h) throws InterruptedException {
        long period = 1_000_000_000L / rate;
        long n = d.toNanos() / period;
        long start = System.nanoTime() + 1_000_000;
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch((int) n);
        for (long i = 0; i < n; i++) {
            long scheduled = start + i * period;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            exec.submit(() -> {
                try {
                    sendLikeJmsTemplate();
                } catch (Exception e) {
                    // counted as slow below
                }
                h.recordValue(Math.max(1, (System.nanoTime() - scheduled) / 1000));
                done.countDown();
            });
        }
        done.await(60, TimeUnit.SECONDS);
    }

    private void sendLikeJmsTemplate() throws JMSException {
        try (Connection c = pool.createConnection();
             Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer p = s.createProducer(s.createQueue(QUEUE))) {
            p.send(message(s), DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, Message.DEFAULT_TIME_TO_LIVE);
        }
    }

    /** The hub's raw webhook message: the body bytes and the same properties (incl. a duplicate-detection id). */
    private BytesMessage message(Session s) throws JMSException {
        long id = ids.incrementAndGet();
        BytesMessage m = s.createBytesMessage();
        m.writeBytes(payload);
        m.setStringProperty("OmnihubRequestHeaders", requestHeaders);
        m.setStringProperty("OmnihubRequestUrl", "http://127.0.0.1:8080/webhooks/bench-shop");
        m.setStringProperty("OmnihubReceivedAt", Instant.now().toString());
        m.setStringProperty("OmnihubConnectorId", "bench-shop");
        m.setStringProperty("OmnihubRequestQuery", "{}");
        m.setStringProperty("OmnihubRequestMethod", "POST");
        m.setStringProperty("_AMQ_DUPL_ID", "raw:bench-shop:bench-" + id + "-" + System.nanoTime());
        m.setStringProperty("OmnihubEventKey", "bench-" + id);
        m.setStringProperty("JMSXGroupID", "bench-shop:order:" + id);
        return m;
    }

    private static List<Double> windows(AtomicLong received, Duration warmup, Duration window, int reps) throws InterruptedException {
        Thread.sleep(warmup.toMillis());
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            long c0 = received.get();
            long t0 = System.nanoTime();
            Thread.sleep(window.toMillis());
            long c1 = received.get();
            rates.add((c1 - c0) / ((System.nanoTime() - t0) / 1e9));
        }
        return rates;
    }

    /** Consumer threads on one started connection, each with its own session and consumer. */
    private static final class Consumers implements AutoCloseable {
        final AtomicLong received = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();
        private final Connection connection;

        Consumers(ConnectionFactory cf, int n, boolean transacted) throws JMSException {
            connection = cf.createConnection();
            connection.start();
            for (int i = 0; i < n; i++) {
                Session s = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
                Queue q = s.createQueue(QUEUE);
                MessageConsumer c = s.createConsumer(q);
                Thread t = new Thread(() -> {
                    try {
                        while (!stop.get()) {
                            Message m = c.receive(200);
                            if (m != null) {
                                m.getBody(byte[].class);
                                if (transacted) {
                                    s.commit();
                                }
                                received.incrementAndGet();
                            }
                        }
                        c.close();
                        s.close();
                    } catch (JMSException | RuntimeException e) {
                        if (!stop.get()) {
                            errors.incrementAndGet();
                        }
                    }
                }, "bench-raw-consumer-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        @Override
        public void close() throws JMSException {
            stop.set(true);
            for (Thread t : threads) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            connection.close();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            pool.stop();
            artemis.close();
            server.stop();
        } finally {
            Hub.deleteQuietly(dir);
        }
    }

    static String headersJson(Map<String, String> headers) throws IOException {
        Map<String, List<String>> m = new java.util.TreeMap<>();
        headers.forEach((k, v) -> m.put(k, List.of(v)));
        m.put("Host", List.of("127.0.0.1:8080"));
        m.put("User-Agent", List.of("Shopify-Captain-Hook"));
        m.put("Accept-Encoding", List.of("gzip"));
        m.put("Connection", List.of("Keep-Alive"));
        m.put("Content-Length", List.of("5799"));
        return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(m);
    }
}
