package io.omnihub.app.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import java.util.ArrayList;
import java.util.List;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Broker queue depths as {@code omnihub_queue_depth{queue,kind,owner}}: each live connector's raw queue,
 * raw dead letters and stock push queue, each destination's queues and dead letters. Refreshed every
 * {@code omnihub.metrics.queue-depth-interval} (default 15 s) with one kept broker session, not per scrape.
 */
@Component
public class QueueDepthMetrics {

    private final HubRuntime runtime;
    private final BrokerAdmin broker;
    private final MultiGauge depth;

    public QueueDepthMetrics(HubRuntime runtime, BrokerAdmin broker, MeterRegistry meters) {
        this.runtime = runtime;
        this.broker = broker;
        this.depth = MultiGauge.builder("omnihub.queue.depth").description("Messages in the broker queue").register(meters);
    }

    @Scheduled(initialDelayString = "${omnihub.metrics.queue-depth-interval:15s}",
            fixedDelayString = "${omnihub.metrics.queue-depth-interval:15s}")
    public void refresh() {
        if (!runtime.loaded()) {
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Channel c : runtime.channels()) {
            add(rows, Addresses.raw(c.id()), "raw", c.id());
            add(rows, Addresses.rawDlq(c.id()), "dead_letter", c.id());
            if (c.stockSink().isPresent()) {
                add(rows, Addresses.stockPush(c.id()), "stock_push", c.id());
            }
            if (c.fulfillmentSink().isPresent()) {
                add(rows, Addresses.fulfillmentPush(c.id()), "fulfillment_push", c.id());
                add(rows, Addresses.fulfillmentDlq(c.id()), "dead_letter", c.id());
            }
        }
        for (Destination d : runtime.destinations()) {
            for (String e : d.subscribedSorted()) {
                add(rows, Addresses.destinationQueue(d.id(), e), "destination", d.id());
            }
            add(rows, Addresses.destinationDlq(d.id()), "dead_letter", d.id());
        }
        depth.register(rows, true);
    }

    private void add(List<MultiGauge.Row<?>> rows, String queue, String kind, String owner) {
        Long n = broker.depth(queue);
        if (n != null) {
            rows.add(MultiGauge.Row.of(Tags.of("queue", queue, "kind", kind, "owner", owner), n));
        }
    }
}
