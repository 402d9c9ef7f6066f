package io.omnihub.routes.template;

import io.omnihub.routes.Addresses;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.delivery.DeliveryFailedException;
import io.omnihub.routes.delivery.HttpDelivery;
import io.omnihub.routes.intake.WebhookIntake;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.routes.stock.StockFanout;
import io.omnihub.routes.stock.StockPushWorker;
import java.time.Duration;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsConstants;

/**
 * The hub's route templates, instantiated per connector and destination by {@link RouteManager}, and
 * the one static route that fans back-office stock out to channels. Error handling is central: the
 * {@code omnihub-publish} and {@code omnihub-delivery} route configurations park what fails in
 * dead-letter queues with the error in headers; {@code transferException} is never used (CAMEL-24075).
 *
 * <p>Transacted consumers use {@code lazyCreateTransactionManager=false}: the listener container then
 * runs a local JMS session transaction and exposes its session, so the sends of the route join it
 * and consume + sends commit once. With Camel's lazily created transaction manager the consume and
 * the sends committed separately, and a crash between the two commits lost the message
 * (found by {@code CrashRecoveryIT}).
 */
public class HubRouteTemplates extends RouteBuilder {

    public static final String WEBHOOK_INTAKE = "omnihub-webhook-intake";
    public static final String CANONICAL_PUBLISH = "omnihub-canonical-publish";
    public static final String DESTINATION_DELIVERY = "omnihub-destination-delivery";
    public static final String STOCK_PUSH = "omnihub-stock-push";
    public static final String FULFILLMENT_PUSH = "omnihub-fulfillment-push";
    public static final String STOCK_FANOUT_ROUTE = "omnihub-stock-fanout";
    public static final String POLL = "omnihub-poll";

    /** Exchange property naming the dead-letter queue of the route. */
    public static final String DLQ = "omnihubDlq";

    private final WebhookIntake intake;
    private final CanonicalPublisher publisher;
    private final HttpDelivery delivery;
    private final StockFanout fanout;
    private final StockPushWorker pushWorker;
    private final io.omnihub.routes.poll.ReconciliationPoller poller;
    private io.omnihub.routes.fulfillment.FulfillmentPusher fulfillments;

    public HubRouteTemplates(WebhookIntake intake, CanonicalPublisher publisher, HttpDelivery delivery,
                             StockFanout fanout, StockPushWorker pushWorker) {
        this(intake, publisher, delivery, fanout, pushWorker, null);
    }

    public HubRouteTemplates(WebhookIntake intake, CanonicalPublisher publisher, HttpDelivery delivery,
                             StockFanout fanout, StockPushWorker pushWorker, io.omnihub.routes.poll.ReconciliationPoller poller) {
        this.poller = poller;
        this.intake = intake;
        this.publisher = publisher;
        this.delivery = delivery;
        this.fanout = fanout;
        this.pushWorker = pushWorker;
    }

    /** Adds the per-channel fulfillment push template (shipments from {@code POST /api/v1/fulfillments}). */
    public HubRouteTemplates withFulfillments(io.omnihub.routes.fulfillment.FulfillmentPusher pusher) {
        this.fulfillments = pusher;
        return this;
    }

    @Override
    public void configure() {
        // Webhook intake: verify + parse, then a blocking durable send; the HTTP answer waits for it.
        routeTemplate(WEBHOOK_INTAKE)
                .templateParameter("connectorId")
                .from("direct:omnihub-webhook-{{connectorId}}")
                .errorHandler(noErrorHandler())
                .process(intake::prepare)
                .filter(exchangeProperty(WebhookIntake.OUTCOME).isNull())
                    .to("jms:queue:" + Addresses.raw("{{connectorId}}")
                            + "?exchangePattern=InOnly&deliveryPersistent=true&transacted=false")
                    .process(intake::accepted)
                .end();

        // Raw event -> canonical CloudEvents on the multicast addresses, in one JMS transaction.
        routeTemplate(CANONICAL_PUBLISH)
                .templateParameter("connectorId")
                .templateParameter("concurrency", "2")
                .from("jms:queue:" + Addresses.raw("{{connectorId}}")
                        + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&concurrentConsumers={{concurrency}}"
                        + "&acceptMessagesWhileStopping=true")
                .routeConfigurationId("omnihub-publish")
                .setProperty(DLQ, constant(Addresses.rawDlq("{{connectorId}}")))
                .process(publisher::map)
                .split(body())
                    .process(publisher::prepareSend)
                    .to("jms:topic:omnihub.canonical?deliveryPersistent=true")
                .end();

        // One destination queue -> HTTP endpoint; retries inside, dead letter after the attempts.
        routeTemplate(DESTINATION_DELIVERY)
                .templateParameter("destinationId")
                .templateParameter("entity")
                .templateParameter("concurrency", "4")
                .from("jms:queue:omnihub.{{entity}}::dest.{{destinationId}}.{{entity}}"
                        + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&concurrentConsumers={{concurrency}}"
                        + "&acceptMessagesWhileStopping=true")
                .routeConfigurationId("omnihub-delivery")
                .setProperty(HubHeaders.DESTINATION_ID, constant("{{destinationId}}"))
                .setProperty(DLQ, constant(Addresses.destinationDlq("{{destinationId}}")))
                .process(delivery::deliver);

        // Per channel: drain the stock push queue in platform-sized batches.
        routeTemplate(STOCK_PUSH)
                .templateParameter("connectorId")
                .templateParameter("period", "500")
                .from("timer:omnihub-stock-push-{{connectorId}}?period={{period}}&delay=500&synchronous=true")
                .setProperty(HubHeaders.CONNECTOR_ID, constant("{{connectorId}}"))
                .process(e -> pushWorker.drain(e.getProperty(HubHeaders.CONNECTOR_ID, String.class), Duration.ofSeconds(5)));

        // Per channel: shipments -> the channel's FulfillmentSink; retries inside, dead letter on refusal or exhaustion.
        if (fulfillments != null) {
            routeTemplate(FULFILLMENT_PUSH)
                    .templateParameter("connectorId")
                    .templateParameter("concurrency", "2")
                    .from("jms:queue:" + Addresses.fulfillmentPush("{{connectorId}}")
                            + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
                            + "&concurrentConsumers={{concurrency}}&acceptMessagesWhileStopping=true")
                    .routeConfigurationId("omnihub-delivery")
                    .setProperty(HubHeaders.CONNECTOR_ID, constant("{{connectorId}}"))
                    .setProperty(DLQ, constant(Addresses.fulfillmentDlq("{{connectorId}}")))
                    .process(fulfillments::push);
        }

        // Per channel and kind: poll changes since the cursor (reconciliation), publish, commit the cursor.
        if (poller != null) {
            routeTemplate(POLL)
                    .templateParameter("connectorId")
                    .templateParameter("kind")
                    .templateParameter("period", "300000")
                    .templateParameter("delay", "5000")
                    .from("timer:omnihub-poll-{{connectorId}}-{{kind}}?period={{period}}&delay={{delay}}&synchronous=true")
                    .routeConfigurationId("omnihub-poll")
                    .setProperty(HubHeaders.CONNECTOR_ID, constant("{{connectorId}}"))
                    .setProperty("omnihubKind", constant("{{kind}}"))
                    .process(e -> poller.poll(e, e.getProperty(HubHeaders.CONNECTOR_ID, String.class),
                            io.omnihub.connector.api.EntityKind.valueOf(e.getProperty("omnihubKind", String.class))))
                    .split(body())
                        .process(publisher::prepareSend)
                        .to("jms:topic:omnihub.canonical?deliveryPersistent=true")
                    .end()
                    .process(e -> poller.commit(e, e.getProperty(HubHeaders.CONNECTOR_ID, String.class),
                            io.omnihub.connector.api.EntityKind.valueOf(e.getProperty("omnihubKind", String.class))));
        }

        // Back-office stock levels -> each channel's push queue.
        from("jms:queue:" + Addresses.BACKOFFICE_STOCK
                + "?transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER&concurrentConsumers=1&acceptMessagesWhileStopping=true")
                .routeId(STOCK_FANOUT_ROUTE)
                .routeConfigurationId("omnihub-publish")
                .setProperty(DLQ, constant(Addresses.DLQ_PREFIX + "backoffice.stock"))
                .process(fanout::fanOut)
                .split(body())
                    .process(fanout::prepareSend)
                    .to("jms:queue:omnihub.push.stock?deliveryPersistent=true")
                .end();
    }

    /**
     * What the error handlers parked in a dead-letter queue (trace).
     *
     * @param queue         the dead-letter queue
     * @param messageId     the dead letter's JMS message id (null when the broker did not say)
     * @param connectorId   the connector of the event (null when unknown)
     * @param destinationId the destination of a delivery dead letter (null for raw and stock ones)
     * @param subject       the CloudEvent subject, or for a raw event its message group (the same format)
     * @param eventId       the CloudEvent id (null for raw events)
     * @param eventType     the CloudEvent type (null for raw events)
     * @param attempts      delivery attempts made (null when not a delivery)
     * @param reason        the error class and message
     */
    public record DeadLettered(String queue, String messageId, String connectorId, String destinationId, String subject,
                               String eventId, String eventType, Integer attempts, String reason) {
    }

    /** Told about every message the error handlers parked in a dead-letter queue. */
    public interface DeadLetterListener {
        void onDeadLettered(DeadLettered deadLetter);

        DeadLetterListener NONE = d -> { };
    }

    /** Central error handling, one configuration per kind of route. */
    public static class ErrorHandling extends org.apache.camel.builder.RouteConfigurationBuilder {

        private final DeadLetterListener listener;

        public ErrorHandling() {
            this(DeadLetterListener.NONE);
        }

        public ErrorHandling(DeadLetterListener listener) {
            this.listener = listener;
        }

        @Override
        public void configuration() {
            routeConfiguration("omnihub-publish")
                    .onException(Exception.class)
                        .maximumRedeliveries(3).redeliveryDelay(500).useExponentialBackOff().backOffMultiplier(2)
                        .retryAttemptedLogLevel(LoggingLevel.DEBUG)
                        .handled(true)
                        .useOriginalMessage()
                        .process(ErrorHandling::toDeadLetter)
                        .to(DLQ_ENDPOINT)
                        .process(this::deadLettered)
                    .end();
            // A failed poll cycle is logged and retried at the next tick; the cursor has not moved.
            routeConfiguration("omnihub-poll")
                    .onException(Exception.class)
                        .handled(true)
                        .log(LoggingLevel.WARN, "poll ${exchangeProperty.OmnihubConnectorId} ${exchangeProperty.omnihubKind} failed: ${exception.message}")
                    .end();
            routeConfiguration("omnihub-delivery")
                    .onException(io.omnihub.routes.delivery.DeliveryAbortedException.class)
                        .markRollbackOnly()
                    .end()
                    .onException(DeliveryFailedException.class)
                        .handled(true)
                        .useOriginalMessage()
                        .process(ErrorHandling::toDeadLetter)
                        .to(DLQ_ENDPOINT)
                        .process(this::deadLettered)
                    .end()
                    .onException(Exception.class)
                        .maximumRedeliveries(3).redeliveryDelay(1000).useExponentialBackOff().backOffMultiplier(2)
                        .handled(true)
                        .useOriginalMessage()
                        .process(ErrorHandling::toDeadLetter)
                        .to(DLQ_ENDPOINT)
                        .process(this::deadLettered)
                    .end();
        }

        /** The send to the dead-letter queue; its JMS message id comes back as a header for the trace. */
        static final String DLQ_ENDPOINT = "jms:queue:omnihub.dlq?deliveryPersistent=true&includeSentJMSMessageID=true";

        /** Tells the listener what was parked. Never throws: the dead letter is already sent. */
        void deadLettered(Exchange exchange) {
            try {
                var m = exchange.getMessage();
                String subject = m.getHeader(HubHeaders.SUBJECT, String.class);
                if (subject == null) {
                    subject = m.getHeader(HubHeaders.GROUP_ID, String.class);
                }
                String cls = m.getHeader(HubHeaders.ERROR_CLASS, String.class);
                String msg = m.getHeader(HubHeaders.ERROR_MESSAGE, String.class);
                listener.onDeadLettered(new DeadLettered(
                        exchange.getProperty(DLQ, "omnihub.dlq.unrouted", String.class),
                        m.getHeader("JMSMessageID", String.class),
                        m.getHeader(HubHeaders.CONNECTOR_ID, String.class),
                        exchange.getProperty(HubHeaders.DESTINATION_ID, String.class),
                        subject,
                        m.getHeader(HubHeaders.EVENT_ID, String.class),
                        m.getHeader(HubHeaders.EVENT_TYPE, String.class),
                        m.getHeader(HubHeaders.ERROR_ATTEMPTS, Integer.class),
                        (cls == null ? "" : cls.substring(cls.lastIndexOf('.') + 1)) + (msg == null || msg.isEmpty() ? "" : ": " + msg)));
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(HubRouteTemplates.class).debug("dead-letter listener failed: {}", e.toString());
            }
        }

        /** Error details into headers; the target is the route's own dead-letter queue. Never throws (F15). */
        static void toDeadLetter(Exchange exchange) {
            Throwable t = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            var m = exchange.getMessage();
            m.setHeader(JmsConstants.JMS_DESTINATION_NAME, exchange.getProperty(DLQ, "omnihub.dlq.unrouted", String.class));
            m.setHeader(HubHeaders.ERROR_CLASS, t == null ? "unknown" : t.getClass().getName());
            String msg = t == null ? "" : String.valueOf(t.getMessage());
            m.setHeader(HubHeaders.ERROR_MESSAGE, msg.length() > 2000 ? msg.substring(0, 2000) : msg);
            if (t instanceof DeliveryFailedException d) {
                m.setHeader(HubHeaders.ERROR_ATTEMPTS, d.attempts());
                m.setHeader("OmnihubErrorStatus", d.status());
            }
            m.setHeader(HubHeaders.FAILED_AT, Instant.now().toString());
            m.setHeader(HubHeaders.ORIGINAL_QUEUE, exchange.getFromEndpoint() == null ? null
                    : exchange.getFromEndpoint().getEndpointUri().replaceFirst("\\?.*$", "").replaceFirst("^jms://?queue:", ""));
            m.removeHeader(HubHeaders.DUPLICATE_ID);
            m.removeHeader(HubHeaders.LAST_VALUE);
        }
    }
}
