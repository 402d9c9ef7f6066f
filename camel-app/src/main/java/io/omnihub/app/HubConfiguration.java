package io.omnihub.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.config.ConfigLoader;
import io.omnihub.app.config.Placeholders;
import io.omnihub.app.health.HubStatus;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.app.store.JdbcWebhookDedupeStore;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.routes.delivery.HttpDelivery;
import io.omnihub.routes.intake.WebhookIntake;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.routes.stock.StockFanout;
import io.omnihub.routes.stock.StockPushWorker;
import io.omnihub.routes.template.HubRouteTemplates;
import io.omnihub.routes.template.RouteManager;
import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/** Wires the runtime: provider discovery, config loading, route services, JMS component. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @Primary
    public ObjectMapper objectMapper() {
        return Json.mapper();
    }

    /** One OkHttp client (one pool, one dispatcher) for every connector and destination. */
    @Bean(destroyMethod = "")
    public OkHttpClient okHttpClient() {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(128);
        dispatcher.setMaxRequestsPerHost(32);
        return new OkHttpClient.Builder()
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .callTimeout(60, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .build();
    }

    @Bean
    public Map<String, ConnectorProvider> connectorProviders() {
        Map<String, ConnectorProvider> m = new TreeMap<>();
        for (ConnectorProvider p : ServiceLoader.load(ConnectorProvider.class)) {
            if (m.putIfAbsent(p.type(), p) != null) {
                throw new IllegalStateException("two connector providers claim type '" + p.type() + "'");
            }
        }
        return m;
    }

    @Bean
    public Map<String, ChannelMapper> channelMappers() {
        Map<String, ChannelMapper> m = new TreeMap<>();
        for (ChannelMapper p : ServiceLoader.load(ChannelMapper.class)) {
            m.putIfAbsent(p.type(), p);
        }
        return m;
    }

    @Bean
    public ConnectorContext connectorContext(OkHttpClient http, Clock clock) {
        return new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return http;
            }

            @Override
            public ObjectMapper objectMapper() {
                return Json.mapper();
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }

    @Bean
    public ConfigLoader configLoader(Map<String, ConnectorProvider> connectorProviders, Environment env) {
        return new ConfigLoader(connectorProviders, new Placeholders(name -> Optional.ofNullable(env.getProperty(name))));
    }

    @Bean
    public HubStatus hubStatus(MeterRegistry meters, Clock clock) {
        return new HubStatus(meters, clock);
    }

    /** The trace (issue 6): hops buffered in memory and written in batches; see docs/architecture/overview.md. */
    @Bean(destroyMethod = "close")
    public io.omnihub.app.trace.TraceRecorder traceRecorder(JdbcTemplate jdbc, MeterRegistry meters, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${omnihub.trace.enabled:true}") boolean enabled,
            @org.springframework.beans.factory.annotation.Value("${omnihub.trace.retention:7d}") String retention,
            @org.springframework.beans.factory.annotation.Value("${omnihub.trace.buffer-size:10000}") int bufferSize,
            @org.springframework.beans.factory.annotation.Value("${omnihub.trace.flush-interval:200ms}") String flushInterval) {
        return new io.omnihub.app.trace.TraceRecorder(new io.omnihub.app.trace.TraceStore(jdbc), meters, clock, bufferSize,
                io.omnihub.connector.api.config.Durations.parse(flushInterval),
                io.omnihub.connector.api.config.Durations.parse(retention), enabled);
    }

    @Bean
    public JdbcWebhookDedupeStore webhookDedupeStore(JdbcTemplate jdbc, Clock clock) {
        return new JdbcWebhookDedupeStore(jdbc, clock);
    }

    @Bean
    public io.omnihub.app.store.JdbcDeliveryLog deliveryLog(JdbcTemplate jdbc, Clock clock) {
        return new io.omnihub.app.store.JdbcDeliveryLog(jdbc, clock);
    }

    @Bean
    public io.omnihub.app.store.JdbcEntityVersions entityVersions(JdbcTemplate jdbc, Clock clock) {
        return new io.omnihub.app.store.JdbcEntityVersions(jdbc, clock);
    }

    @Bean
    public RouteManager routeManager(CamelContext camel, HubProperties props) {
        return new RouteManager(camel, props.publishConcurrency(), true, true);
    }

    @Bean
    public io.omnihub.routes.poll.ReconciliationPoller reconciliationPoller(HubRuntime runtime, CanonicalPublisher publisher,
                                                                          JdbcTemplate jdbc, Clock clock, HubStatus status) {
        return new io.omnihub.routes.poll.ReconciliationPoller(runtime, publisher,
                new io.omnihub.app.store.JdbcCursorStore(jdbc, clock), clock, status);
    }

    /**
     * The stock push worker reads its last-value queues over its own broker client factory with a consumer window of
     * about one push batch: with the hub's window of 0 every receive is a broker round trip, and the broker prunes the
     * whole last-value queue on each of those deliveries (quadratic in the queue depth while a channel waits for its
     * rate budget).
     */
    @Bean
    public StockPushWorker stockPushWorker(@org.springframework.context.annotation.Lazy HubRuntime runtime,
                                           Clock clock, HubStatus status, HubProperties props,
                                           @org.springframework.beans.factory.annotation.Value("${spring.artemis.mode:embedded}") String mode,
                                           @org.springframework.beans.factory.annotation.Value("${spring.artemis.broker-url:tcp://localhost:61616}")
                                           String brokerUrl,
                                           @org.springframework.beans.factory.annotation.Value("${spring.artemis.user:#{null}}") String user,
                                           @org.springframework.beans.factory.annotation.Value("${spring.artemis.password:#{null}}") String password,
                                           org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory artemis, // broker first
                                           io.omnihub.app.stock.StockPool stockPool, io.omnihub.app.trace.TraceRecorder trace) {
        org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory cf =
                io.omnihub.app.broker.BrokerConfiguration.clientFactory(props, mode, brokerUrl, user, password);
        cf.setConsumerWindowSize(StockPushWorker.CONSUMER_WINDOW_BYTES);
        return new StockPushWorker(runtime, cf, clock,
                stockPool.alongside(ListenerFanout.of(StockPushWorker.StockPushListener.class, status, trace)))
                .withQuantitySource(stockPool);
    }

    /** The stock pool (issue 5): reservations, policy, explain; see docs/adr/0010-stock-pool.md. */
    @Bean
    public io.omnihub.app.stock.StockPool stockPool(javax.sql.DataSource dataSource,
                                                    @org.springframework.context.annotation.Lazy HubRuntime runtime, Clock clock) {
        return new io.omnihub.app.stock.StockPool(dataSource, runtime, runtime::stockPolicy, clock);
    }

    @Bean
    public io.omnihub.app.stock.StockPoolRoutes stockPoolRoutes(io.omnihub.app.stock.StockPool pool, StockFanout fanout,
                                                                BrokerAdmin broker, HubRuntime runtime,
                                                                io.omnihub.app.stock.StockDriftCheck drift,
                                                                io.omnihub.routes.stock.StockPushSender stockPushSender,
                                                                @org.springframework.beans.factory.annotation.Value("${omnihub.stock.drift-tick:30s}") String tick) {
        return new io.omnihub.app.stock.StockPoolRoutes(pool, fanout, broker, runtime)
                .withDriftCheck(drift, io.omnihub.connector.api.config.Durations.parse(tick).toMillis())
                .withSender(stockPushSender);
    }

    /** Drift correction: reads channel quantities back (connectors with a StockReader) and re-pushes differences. */
    @Bean
    public io.omnihub.app.stock.StockDriftCheck stockDriftCheck(javax.sql.DataSource dataSource, HubRuntime runtime,
                                                                io.omnihub.app.stock.StockPool pool, CamelContext camel,
                                                                MeterRegistry meters, Clock clock) {
        org.apache.camel.ProducerTemplate producer = camel.createProducerTemplate();
        return new io.omnihub.app.stock.StockDriftCheck(dataSource, runtime, pool,
                pm -> producer.sendBodyAndHeaders(io.omnihub.app.stock.StockDriftCheck.endpoint(pm), pm.json(),
                        io.omnihub.app.stock.StockDriftCheck.headers(pm)), meters, clock);
    }

    @Bean(destroyMethod = "shutdown")
    public HubRuntime hubRuntime(HubProperties props, ConfigLoader loader, Map<String, ConnectorProvider> connectorProviders,
                                 Map<String, ChannelMapper> channelMappers, ConnectorContext ctx, RouteManager routes,
                                 BrokerAdmin broker, StockPushWorker pushWorker,
                                 io.micrometer.core.instrument.MeterRegistry meters) {
        HubRuntime runtime = new HubRuntime(props.configDir(), loader, connectorProviders, channelMappers, ctx, routes, broker, pushWorker);
        runtime.contextPerConnector((id, shared) -> io.omnihub.app.health.PlatformCallMetrics.wrap(id, shared, meters));
        return runtime;
    }

    @Bean
    public WebhookIntake webhookIntake(HubRuntime runtime, io.omnihub.app.store.RecentWebhookKeys dedupe, HubStatus status,
                                       io.omnihub.app.trace.TraceRecorder trace) {
        return new WebhookIntake(runtime, dedupe, ListenerFanout.of(WebhookIntake.IntakeListener.class, status, trace));
    }

    /** Webhook dedupe in memory (window = the broker's duplicate-id cache), persisted in batches; see RecentWebhookKeys. */
    @Bean
    public io.omnihub.app.store.RecentWebhookKeys recentWebhookKeys(JdbcTemplate jdbc, Clock clock, HubProperties props) {
        return new io.omnihub.app.store.RecentWebhookKeys(jdbc, clock, props.broker().idCacheSize());
    }

    @Bean
    public CanonicalPublisher canonicalPublisher(HubRuntime runtime, HubStatus status, io.omnihub.app.trace.TraceRecorder trace,
                                                 io.omnihub.app.store.JdbcEntityVersions versions,
                                                 io.omnihub.app.store.JdbcRawArchive archive,
                                                 @org.springframework.beans.factory.annotation.Value("${omnihub.archive.enabled:true}") boolean archiveOn) {
        CanonicalPublisher p = new CanonicalPublisher(runtime,
                ListenerFanout.of(CanonicalPublisher.PublishListener.class, status, trace), versions);
        return archiveOn ? p.withArchive(archive) : p;
    }

    @Bean
    public io.omnihub.app.store.JdbcRawArchive rawArchive(JdbcTemplate jdbc, Clock clock) {
        return new io.omnihub.app.store.JdbcRawArchive(jdbc, clock);
    }

    @Bean
    public HttpDelivery httpDelivery(HubRuntime runtime, OkHttpClient http, Clock clock, HubStatus status,
                                     io.omnihub.app.store.JdbcDeliveryLog deliveryLog, io.omnihub.app.trace.TraceRecorder trace) {
        return new HttpDelivery(runtime, http, clock, ListenerFanout.of(HttpDelivery.DeliveryListener.class, status, trace),
                deliveryLog);
    }

    @Bean
    public StockFanout stockFanout(HubRuntime runtime, Clock clock, io.omnihub.app.stock.StockPool stockPool,
                                   io.omnihub.routes.stock.StockPushSender stockPushSender) {
        return new StockFanout(runtime, clock).withAllocator(stockPool).withSender(stockPushSender);
    }

    /**
     * Queues the fan-out's channel quantities in one transaction per back-office message, over the broker client's own
     * factory (producers bound to their queue; the pool's anonymous producers would query the broker before each send).
     */
    @Bean(destroyMethod = "close")
    public io.omnihub.routes.stock.StockPushSender stockPushSender(
            org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory artemis) {
        return new io.omnihub.routes.stock.StockPushSender(artemis);
    }

    /**
     * Pushes queued shipments to their channels; retries per {@code omnihub.fulfillments.max-attempts},
     * {@code initial-backoff}, {@code max-backoff}.
     */
    @Bean
    public io.omnihub.routes.fulfillment.FulfillmentPusher fulfillmentPusher(
            @org.springframework.context.annotation.Lazy HubRuntime runtime, HubStatus status,
            io.omnihub.app.trace.TraceRecorder trace,
            @org.springframework.beans.factory.annotation.Value("${omnihub.fulfillments.max-attempts:6}") int maxAttempts,
            @org.springframework.beans.factory.annotation.Value("${omnihub.fulfillments.initial-backoff:1s}") String initialBackoff,
            @org.springframework.beans.factory.annotation.Value("${omnihub.fulfillments.max-backoff:60s}") String maxBackoff) {
        return new io.omnihub.routes.fulfillment.FulfillmentPusher(runtime,
                new io.omnihub.routes.fulfillment.FulfillmentPusher.RetryPolicy(maxAttempts,
                        io.omnihub.connector.api.config.Durations.parse(initialBackoff),
                        io.omnihub.connector.api.config.Durations.parse(maxBackoff)),
                ListenerFanout.of(io.omnihub.routes.fulfillment.FulfillmentPusher.FulfillmentListener.class, status, trace));
    }

    @Bean
    public HubRouteTemplates hubRouteTemplates(WebhookIntake intake, CanonicalPublisher publisher, HttpDelivery delivery,
                                               StockFanout fanout, StockPushWorker worker,
                                               io.omnihub.routes.fulfillment.FulfillmentPusher fulfillments,
                                               io.omnihub.routes.poll.ReconciliationPoller poller) {
        return new HubRouteTemplates(intake, publisher, delivery, fanout, worker, poller).withFulfillments(fulfillments);
    }

    @Bean
    public HubRouteTemplates.ErrorHandling hubErrorHandling(io.omnihub.app.trace.TraceRecorder trace) {
        return new HubRouteTemplates.ErrorHandling(trace);
    }

    /** The JMS component on the pooled connection factory; transactions are set per consumer endpoint. */
    @Bean(name = "jms")
    public JmsComponent jmsComponent(ConnectionFactory cf) {
        JmsComponent jms = JmsComponent.jmsComponent(cf);
        jms.setTransacted(false);
        jms.setDeliveryPersistent(true);
        jms.setReceiveTimeout(1000);
        jms.setRecoveryInterval(2000);
        return jms;
    }

    private static void purge(JdbcWebhookDedupeStore dedupe, io.omnihub.app.store.JdbcRawArchive archive,
                              io.omnihub.app.store.JdbcDeliveryLog deliveries, Duration archiveRetention) {
        {
            // longer than every platform's retry window (Stripe: 3 days)
            dedupe.purgeOlderThan(Duration.ofDays(7));
            deliveries.purgeOlderThan(Duration.ofDays(7));
            archive.purgeOlderThan(archiveRetention);
        }
    }

    /** Applies the config folder once Camel runs, then watches it. */
    @Bean
    public org.apache.camel.spring.boot.CamelContextConfiguration hubStartup(HubRuntime runtime, BrokerAdmin broker,
                                                                             HubProperties props, JdbcWebhookDedupeStore dedupe,
                                                                             io.omnihub.app.store.JdbcRawArchive archive,
                                                                             io.omnihub.app.store.JdbcDeliveryLog deliveries,
                                                                             @org.springframework.beans.factory.annotation.Value("${omnihub.archive.retention:7d}") String retention) {
        return new org.apache.camel.spring.boot.CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                broker.ensureQueue(io.omnihub.routes.Addresses.BACKOFFICE_STOCK);
                broker.ensureQueue(io.omnihub.routes.Addresses.DLQ_PREFIX + "backoffice.stock");
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                runtime.reload();
                var exec = java.util.concurrent.Executors.newScheduledThreadPool(1, r -> {
                    Thread t = new Thread(r, "omnihub-housekeeping");
                    t.setDaemon(true);
                    return t;
                });
                if (!props.configReload().isZero()) {
                    long ms = props.configReload().toMillis();
                    exec.scheduleWithFixedDelay(() -> {
                        try {
                            runtime.reload();
                        } catch (RuntimeException e) {
                            org.slf4j.LoggerFactory.getLogger("io.omnihub.config").warn("config reload failed: {}", e.toString());
                        }
                    }, ms, ms, TimeUnit.MILLISECONDS);
                }
                exec.scheduleWithFixedDelay(() -> {
                    try {
                        purge(dedupe, archive, deliveries, io.omnihub.connector.api.config.Durations.parse(retention));
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger("io.omnihub.store").warn("purge failed: {}", e.toString());
                    }
                }, 1, 60, TimeUnit.MINUTES);
            }
        };
    }
}
