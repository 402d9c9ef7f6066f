package io.omnihub.routes.template;

import io.omnihub.connector.api.Flow;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and removes the route instances of one channel or destination from the templates, so a
 * config file added, changed or removed while the hub runs takes effect without a restart. Route ids:
 * {@code <id>.webhook}, {@code <id>.publish}, {@code <id>.poll-<kind>}, {@code <id>.stock-push},
 * {@code <id>.fulfillment-push}, {@code dest:<id>.<entity>}.
 */
public class RouteManager {

    private static final Logger LOG = LoggerFactory.getLogger(RouteManager.class);

    private final CamelContext camel;
    private final int publishConcurrency;
    private final boolean polling;
    private final boolean fulfillments;

    public RouteManager(CamelContext camel, int publishConcurrency) {
        this(camel, publishConcurrency, false);
    }

    /** @param polling whether the poll template exists (reconciliation polling routes are created) */
    public RouteManager(CamelContext camel, int publishConcurrency, boolean polling) {
        this(camel, publishConcurrency, polling, false);
    }

    /** @param fulfillments whether the fulfillment push template exists (channels with a FulfillmentSink get a route) */
    public RouteManager(CamelContext camel, int publishConcurrency, boolean polling, boolean fulfillments) {
        this.camel = camel;
        this.publishConcurrency = publishConcurrency;
        this.polling = polling;
        this.fulfillments = fulfillments;
    }

    /** Adds the routes of a channel (after removing any it had). */
    public synchronized List<String> addChannel(Channel channel) {
        removeRoutes(channel.id() + ".");
        List<String> ids = new ArrayList<>();
        if (channel.webhooks().isPresent()) {
            ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.WEBHOOK_INTAKE)
                    .routeId(channel.id() + ".webhook")
                    .parameter("connectorId", channel.id())
                    .add());
            ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.CANONICAL_PUBLISH)
                    .routeId(channel.id() + ".publish")
                    .parameter("connectorId", channel.id())
                    .parameter("concurrency", String.valueOf(publishConcurrency))
                    .add());
        }
        if (polling) {
            for (io.omnihub.connector.api.EntityKind kind : io.omnihub.routes.poll.ReconciliationPoller.pollKinds(channel)) {
                ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.POLL)
                        .routeId(channel.id() + ".poll-" + kind.key())
                        .parameter("connectorId", channel.id())
                        .parameter("kind", kind.name())
                        .parameter("period", String.valueOf(io.omnihub.routes.poll.ReconciliationPoller.interval(channel, kind).toMillis()))
                        .parameter("delay", String.valueOf(Math.min(5000, io.omnihub.routes.poll.ReconciliationPoller.interval(channel, kind).toMillis())))
                        .add());
            }
        }
        if (channel.flowEnabled(Flow.STOCK_OUT) && channel.stockSink().isPresent()) {
            ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.STOCK_PUSH)
                    .routeId(channel.id() + ".stock-push")
                    .parameter("connectorId", channel.id())
                    .add());
        }
        if (fulfillments && channel.fulfillmentSink().isPresent()) {
            ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.FULFILLMENT_PUSH)
                    .routeId(channel.id() + ".fulfillment-push")
                    .parameter("connectorId", channel.id())
                    .add());
        }
        start(ids);
        LOG.info("connector {} ({}): routes {}", channel.id(), channel.type(), ids);
        return ids;
    }

    public synchronized void removeChannel(String channelId) {
        removeRoutes(channelId + ".");
    }

    /** Adds one delivery route per subscribed entity. */
    public synchronized List<String> addDestination(Destination d) {
        removeRoutes("dest:" + d.id() + ".");
        List<String> ids = new ArrayList<>();
        for (String entity : d.subscribedSorted()) {
            ids.add(TemplatedRouteBuilder.builder(camel, HubRouteTemplates.DESTINATION_DELIVERY)
                    .routeId("dest:" + d.id() + "." + entity)
                    .parameter("destinationId", d.id())
                    .parameter("entity", entity)
                    .parameter("concurrency", String.valueOf(d.concurrency()))
                    .add());
        }
        start(ids);
        LOG.info("destination {} ({}): routes {}", d.id(), d.type(), ids);
        return ids;
    }

    public synchronized void removeDestination(String destinationId) {
        removeRoutes("dest:" + destinationId + ".");
    }

    /** Routes added while the context runs are started at once (a supervising controller may defer them). */
    private void start(List<String> ids) {
        if (!camel.isStarted()) {
            return;
        }
        for (String id : ids) {
            try {
                if (!camel.getRouteController().getRouteStatus(id).isStarted()) {
                    camel.getRouteController().startRoute(id);
                }
            } catch (Exception e) {
                throw new IllegalStateException("cannot start route " + id + ": " + e.getMessage(), e);
            }
        }
    }

    static final long STOP_TIMEOUT_SECONDS = 10;

    private void removeRoutes(String prefix) {
        for (Route r : new ArrayList<>(camel.getRoutes())) {
            if (r.getRouteId().startsWith(prefix)) {
                try {
                    // bounded: an exchange still in flight after this is stopped and its JMS transaction rolled
                    // back (the message stays queued), so a config reload never waits for the 45 s shutdown timeout
                    camel.getRouteController().stopRoute(r.getRouteId(), STOP_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                    camel.removeRoute(r.getRouteId());
                } catch (Exception e) {
                    throw new IllegalStateException("cannot remove route " + r.getRouteId(), e);
                }
            }
        }
    }
}
