package io.omnihub.app.stock;

import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.stock.StockFanout;
import io.omnihub.routes.stock.StockPushSender;
import io.omnihub.routes.template.HubRouteTemplates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stock pool's order consumer: its own durable queue {@code stockpool.order} on the
 * {@code omnihub.order} multicast address, read in one JMS transaction per event by a single
 * consumer; each order reserves, adjusts or releases its lines, the channels' new quantities go to
 * their last-value push queues, and an order the pool could not cover is published again on
 * {@code omnihub.order} with {@code exceptionCode: OVERSOLD} for the back office. A second queue,
 * {@code stockpool.refund} on {@code omnihub.refund}, releases what refunds put back to stock. A
 * changed StockPolicy file recomputes every SKU.
 */
public class StockPoolRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(StockPoolRoutes.class);

    public static final String QUEUE = "stockpool.order";
    /** The pool's own durable queue on {@code omnihub.refund} (refunds with restock release reservations). */
    public static final String REFUND_QUEUE = "stockpool.refund";
    public static final String REFUND_ROUTE_ID = "omnihub-stockpool-refund";
    public static final String DLQ = Addresses.DLQ_PREFIX + "stockpool";
    public static final String ROUTE_ID = "omnihub-stockpool-order";

    private final StockPool pool;
    private final StockFanout fanout;
    private final BrokerAdmin broker;
    private final HubRuntime runtime;
    private final ExecutorService recompute = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "omnihub-stockpool-recompute");
        t.setDaemon(true);
        return t;
    });

    private StockDriftCheck drift;
    private long driftTickMs = 1000;
    private StockPushSender sender;
    /** Channel quantities per JMS transaction when a policy change recomputes every SKU. */
    static final int RECOMPUTE_CHUNK = 1_000;

    /**
     * Queues the quantities a policy change recomputes in a few JMS transactions ({@link StockPushSender}) instead of
     * one blocking durable send each (thousands of SKUs otherwise hold the journal for seconds).
     */
    public StockPoolRoutes withSender(StockPushSender sender) {
        this.sender = sender;
        return this;
    }

    /** Runs the drift check on a timer route ({@code omnihub-stock-drift}) every {@code tickMs}. */
    public StockPoolRoutes withDriftCheck(StockDriftCheck drift, long tickMs) {
        this.drift = drift;
        this.driftTickMs = tickMs;
        return this;
    }

    public StockPoolRoutes(StockPool pool, StockFanout fanout, BrokerAdmin broker, HubRuntime runtime) {
        this.pool = pool;
        this.fanout = fanout;
        this.broker = broker;
        this.runtime = runtime;
    }

    @Override
    public void configure() {
        broker.ensureMulticastQueue(Addresses.canonical("order"), QUEUE);
        broker.ensureQueue(DLQ);
        from("jms:queue:" + Addresses.canonical("order") + "::" + QUEUE
                + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&concurrentConsumers=1&acceptMessagesWhileStopping=true")
                .routeId(ROUTE_ID)
                .routeConfigurationId("omnihub-publish")
                .setProperty(HubRouteTemplates.DLQ, constant(DLQ))
                .filter(header(StockPool.ORIGIN_HEADER).isNotEqualTo(StockPool.ORIGIN))
                    .process(this::apply)
                    .split(body())
                        .process(this::prepare)
                        .choice()
                            .when(header("OmnihubPoolKind").isEqualTo("order"))
                                .to("jms:topic:omnihub.canonical?deliveryPersistent=true")
                            .otherwise()
                                .to("jms:queue:omnihub.push.stock?deliveryPersistent=true")
                        .end()
                    .end()
                .end();

        broker.ensureMulticastQueue(Addresses.canonical("refund"), REFUND_QUEUE);
        from("jms:queue:" + Addresses.canonical("refund") + "::" + REFUND_QUEUE
                + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&concurrentConsumers=1&acceptMessagesWhileStopping=true")
                .routeId(REFUND_ROUTE_ID)
                .routeConfigurationId("omnihub-publish")
                .setProperty(HubRouteTemplates.DLQ, constant(DLQ))
                .process(e -> e.getMessage().setBody(pool.refundReceived(e.getMessage().getBody(String.class))))
                .split(body())
                    .process(this::prepare)
                    .to("jms:queue:omnihub.push.stock?deliveryPersistent=true")
                .end();

        if (drift != null) {
            from("timer:omnihub-stock-drift?period=" + driftTickMs + "&delay=" + driftTickMs + "&synchronous=true")
                    .routeId("omnihub-stock-drift")
                    .process(e -> drift.tick());
        }

        ProducerTemplate producer = getContext().createProducerTemplate();
        runtime.onStockPolicyChange(p -> recompute.submit(() -> {
            try {
                List<StockFanout.PushMessage> pushes = pool.recomputeAll();
                StockPushSender s = sender;
                if (s != null) {
                    for (int from = 0; from < pushes.size(); from += RECOMPUTE_CHUNK) { // one transaction per chunk
                        s.send(pushes.subList(from, Math.min(pushes.size(), from + RECOMPUTE_CHUNK)));
                    }
                } else {
                    for (StockFanout.PushMessage pm : pushes) {
                        producer.sendBodyAndHeaders("jms:queue:" + Addresses.stockPush(pm.connectorId()) + "?deliveryPersistent=true",
                                pm.json(), java.util.Map.of(HubHeaders.LAST_VALUE, pm.key(), HubHeaders.CONNECTOR_ID, pm.connectorId()));
                    }
                }
                LOG.info("stock policy {} applied: {} channel quantities changed", p.id(), pushes.size());
            } catch (RuntimeException e) {
                LOG.warn("recomputing the stock pool after a policy change failed: {}", e.toString());
            }
        }));
    }

    private void apply(Exchange exchange) {
        StockPool.OrderOutcome outcome = pool.orderReceived(exchange.getMessage().getBody(String.class));
        List<Object> out = new ArrayList<>(outcome.pushes());
        out.addAll(outcome.flagged());
        exchange.getMessage().setBody(out);
    }

    private void prepare(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        Message m = exchange.getMessage();
        for (String h : new ArrayList<>(m.getHeaders().keySet())) {
            if (h.startsWith("Omnihub") || h.startsWith("JMSX") || h.startsWith("_AMQ")) {
                m.removeHeader(h);
            }
        }
        if (body instanceof StockPool.FlaggedOrder f) {
            m.setHeader("OmnihubPoolKind", "order");
            m.setHeader(JmsConstants.JMS_DESTINATION_NAME, Addresses.canonical("order"));
            m.setHeader(HubHeaders.DUPLICATE_ID, f.type() + "|" + f.dedupeKey());
            m.setHeader(HubHeaders.GROUP_ID, f.subject());
            m.setHeader(HubHeaders.EVENT_TYPE, f.type());
            m.setHeader(HubHeaders.SUBJECT, f.subject());
            m.setHeader(HubHeaders.DEDUPE_KEY, f.dedupeKey());
            m.setHeader(HubHeaders.ENTITY_VERSION, f.entityVersion());
            m.setHeader(HubHeaders.CONTENT_TYPE, io.omnihub.canonical.CloudEvent.CONTENT_TYPE);
            m.setHeader("OmnihubEventId", f.id());
            m.setHeader(StockPool.ORIGIN_HEADER, StockPool.ORIGIN);
            m.setBody(f.json());
        } else {
            m.setHeader("OmnihubPoolKind", "push");
            fanout.prepareSend(exchange);
        }
    }
}
