package io.omnihub.app.broker;

import io.omnihub.app.HubProperties;
import jakarta.jms.ConnectionFactory;
import java.nio.file.Path;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The broker: an embedded ActiveMQ Artemis with a persistent, synced journal under the data
 * directory (default, {@code spring.artemis.mode=embedded}), or an external broker / HA pair /
 * cluster ({@code spring.artemis.mode=native} with {@code spring.artemis.broker-url}, user, password).
 * Clients get one pooled connection factory (never a connection per message).
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerConfiguration.class);
    /** How long a failed in-VM connect to the embedded broker waits before it reports the failure (ms). */
    static final long IN_VM_RETRY_INTERVAL_MS = 100;

    @Bean(initMethod = "start", destroyMethod = "stop")
    @ConditionalOnProperty(name = "spring.artemis.mode", havingValue = "embedded", matchIfMissing = true)
    public EmbeddedActiveMQ embeddedBroker(HubProperties props) throws Exception {
        Path dir = props.dataDir().resolve("artemis").toAbsolutePath();
        HubProperties.Broker b = props.broker();
        Configuration cfg = new ConfigurationImpl()
                .setName("omnihub")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalType(JournalType.NIO)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large-messages").toString())
                // journal-sync-transactional / non-transactional / datasync stay true (ARTEMIS-4215)
                .setJournalSyncTransactional(true)
                .setJournalSyncNonTransactional(true)
                .setJournalDatasync(true)
                .setIDCacheSize(b.idCacheSize())
                .setPersistIDCache(true)
                .setCriticalAnalyzerPolicy(CriticalAnalyzerPolicy.LOG)
                .setGracefulShutdownEnabled(true)
                .setGracefulShutdownTimeout(10_000)
                .setMaxDiskUsage(95);
        cfg.addAcceptorConfiguration(new TransportConfiguration(InVMAcceptorFactory.class.getName(),
                java.util.Map.of("serverId", b.serverId())));
        if (b.acceptorPort() >= 0) {
            cfg.addAcceptorConfiguration("external", "tcp://" + b.acceptorHost() + ":" + b.acceptorPort()
                    + "?protocols=CORE,AMQP");
        }
        // Business queues: page instead of dropping or blocking forever; the broker's own last line
        // of defence is a dead-letter address (the hub parks failures itself before that).
        cfg.addAddressSetting("omnihub.#", new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(64L * 1024 * 1024)
                .setMaxDeliveryAttempts(50)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setRedeliveryCollisionAvoidanceFactor(0.2)
                .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("omnihub.dlq.broker"))
                .setAutoCreateDeadLetterResources(true)
                .setDefaultGroupBuckets(1024)
                .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("omnihub.expired"))
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        // Stock push queues roll back on throttling: never dead-letter them for that.
        cfg.addAddressSetting("omnihub.push.stock.#", new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(64L * 1024 * 1024)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(0)
                .setDefaultLastValueQueue(true)
                .setExpiryAddress(org.apache.activemq.artemis.api.core.SimpleString.of("omnihub.expired"))
                .setAutoDeleteQueues(false)
                .setAutoDeleteAddresses(false));
        EmbeddedActiveMQ server = new EmbeddedActiveMQ();
        server.setConfiguration(cfg);
        LOG.info("embedded Artemis: persistent journal in {}, acceptor {}", dir,
                b.acceptorPort() >= 0 ? b.acceptorHost() + ":" + b.acceptorPort() : "none");
        return server;
    }

    /** The client connection factory: in-VM to the embedded broker, or the configured broker URL. */
    @Bean
    public ActiveMQConnectionFactory artemisConnectionFactory(HubProperties props,
            @Value("${spring.artemis.mode:embedded}") String mode,
            @Value("${spring.artemis.broker-url:tcp://localhost:61616}") String brokerUrl,
            @Value("${spring.artemis.user:#{null}}") String user,
            @Value("${spring.artemis.password:#{null}}") String password,
            org.springframework.beans.factory.ObjectProvider<EmbeddedActiveMQ> embedded) {
        embedded.ifAvailable(e -> { }); // start the embedded broker first
        ActiveMQConnectionFactory cf = clientFactory(props, mode, brokerUrl, user, password);
        // Slow consumers (HTTP deliveries) must not hoard prefetched messages.
        cf.setConsumerWindowSize(0);
        return cf;
    }

    /**
     * A client factory for the embedded broker (in-VM, with the hub's call timeouts) or for the configured broker URL
     * and credentials; the caller sets its consumer window. Also used for the stock push consumers' own factory.
     */
    public static ActiveMQConnectionFactory clientFactory(HubProperties props, String mode, String brokerUrl, String user,
                                                          String password) {
        long callTimeout = props.broker().callTimeout().toMillis();
        boolean embeddedMode = "embedded".equalsIgnoreCase(mode);
        // In-VM, a connect either finds the embedded server or not: the client's default retryInterval
        // (2 s, waited even after the single attempt) only delayed the 503 answer, the readiness check
        // and the listeners' reconnect while the broker is down.
        String url = embeddedMode
                ? "vm://" + props.broker().serverId() + "?callTimeout=" + callTimeout + "&callFailoverTimeout=" + callTimeout
                        + "&retryInterval=" + IN_VM_RETRY_INTERVAL_MS
                : brokerUrl;
        ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory(url, user, password);
        if (!embeddedMode) {
            cf.setCallTimeout(callTimeout);
            cf.setCallFailoverTimeout(callTimeout);
        }
        return cf;
    }

    @Bean(destroyMethod = "stop")
    @Primary
    public ConnectionFactory jmsConnectionFactory(ActiveMQConnectionFactory artemis) {
        JmsPoolConnectionFactory pool = new JmsPoolConnectionFactory();
        pool.setConnectionFactory(artemis);
        pool.setMaxConnections(4);
        pool.setMaxSessionsPerConnection(500);
        pool.setUseAnonymousProducers(true);
        return pool;
    }
}
