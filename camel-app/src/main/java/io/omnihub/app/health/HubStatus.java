package io.omnihub.app.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnihub.canonical.CloudEvent;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.routes.delivery.HttpDelivery;
import io.omnihub.routes.intake.WebhookIntake;
import io.omnihub.routes.intake.WebhookOutcome;
import io.omnihub.routes.poll.ReconciliationPoller;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.routes.stock.StockPushWorker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened per connector and destination (counts, last success, last error), fed by the
 * routes' listeners, exposed in the ops API and health, and as Micrometer metrics
 * ({@code omnihub_webhooks_total}, {@code omnihub_events_published_total},
 * {@code omnihub_deliveries_total}, {@code omnihub_delivery_seconds}, {@code omnihub_stock_pushed_total},
 * {@code omnihub_fulfillments_pushed_total}).
 */
public class HubStatus implements WebhookIntake.IntakeListener, CanonicalPublisher.PublishListener,
        HttpDelivery.DeliveryListener, StockPushWorker.StockPushListener, ReconciliationPoller.PollListener,
        io.omnihub.routes.fulfillment.FulfillmentPusher.FulfillmentListener {

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Stats> connectors = new ConcurrentHashMap<>();
    private final Map<String, Stats> destinations = new ConcurrentHashMap<>();

    public HubStatus(MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public void onOutcome(String connectorId, WebhookOutcome outcome) {
        Stats s = connector(connectorId);
        s.count("webhook." + outcome.kind().name().toLowerCase());
        if (outcome.kind() == WebhookOutcome.Kind.ACCEPTED || outcome.kind() == WebhookOutcome.Kind.DUPLICATE) {
            s.lastSuccess = clock.instant();
            s.rejectedSinceAccepted.set(0);
            s.firstRejectedAt = null;
        } else if (outcome.kind() == WebhookOutcome.Kind.UNAUTHORIZED) {
            if (s.rejectedSinceAccepted.getAndIncrement() == 0) {
                s.firstRejectedAt = clock.instant();
            }
            s.lastError = clock.instant() + " webhook " + outcome.status() + ": " + outcome.reason();
        } else if (outcome.kind() == WebhookOutcome.Kind.UNAUTHORIZED || outcome.kind() == WebhookOutcome.Kind.MALFORMED) {
            s.lastError = clock.instant() + " webhook " + outcome.status() + ": " + outcome.reason();
        }
        meters.counter("omnihub.webhooks", "connector", connectorId, "outcome", outcome.kind().name().toLowerCase()).increment();
    }

    @Override
    public void onPublished(String connectorId, CloudEvent event) {
        Stats s = connector(connectorId);
        s.count("published");
        if (event.type() != null && event.type().startsWith("io.omnihub.order.")) {
            s.lastOrderAt = clock.instant();
        }
        meters.counter("omnihub.events.published", "connector", connectorId, "type", event.type()).increment();
    }

    @Override
    public void onDelivered(String destinationId, String eventType, int attempts, Duration took) {
        Stats s = destination(destinationId);
        s.callSucceeded(clock.instant(), "delivery");
        s.count("delivered");
        s.lastSuccess = clock.instant();
        meters.counter("omnihub.deliveries", "destination", destinationId, "type", String.valueOf(eventType), "outcome", "delivered").increment();
        Timer.builder("omnihub.delivery").tag("destination", destinationId).publishPercentileHistogram()
                .register(meters).record(took);
    }

    /** Delivered: also records end-to-end latency from receipt and from the platform's event time. */
    @Override
    public void onDelivered(HttpDelivery.DeliveryContext e, int attempts, Duration took) {
        onDelivered(e.destinationId(), e.eventType(), attempts, took);
        Instant now = clock.instant();
        String connector = e.connectorId() == null ? "unknown" : e.connectorId();
        if (e.receivedAt() != null && !e.receivedAt().isAfter(now)) {
            latency("omnihub.e2e.receipt.to.delivery", "From the hub receiving the platform event to the destination's 2xx",
                    e.destinationId(), connector, Duration.ofDays(1)).record(Duration.between(e.receivedAt(), now));
        }
        if (e.eventTime() != null && !e.eventTime().isAfter(now)) {
            latency("omnihub.e2e.event.to.delivery", "From the platform's event time to the destination's 2xx",
                    e.destinationId(), connector, Duration.ofDays(7)).record(Duration.between(e.eventTime(), now));
        }
    }

    private Timer latency(String name, String description, String destination, String connector, Duration max) {
        return Timer.builder(name).description(description).tag("destination", destination).tag("connector", connector)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(max)
                .register(meters);
    }

    @Override
    public void onRateLimitWait(String connectorId, Duration wait) {
        connector(connectorId).count("stock.rate-limit-waits");
        meters.counter("omnihub.ratelimit.waits", "connector", connectorId, "flow", "stock").increment();
        meters.timer("omnihub.ratelimit.wait", "connector", connectorId, "flow", "stock").record(wait);
    }

    @Override
    public void onRetry(String destinationId, String eventType, int attempt, String failure) {
        Stats s = destination(destinationId);
        s.count("retried");
        s.callFailed(clock.instant(), "delivery", failure, false);
        s.lastError = clock.instant() + " " + failure;
        meters.counter("omnihub.deliveries", "destination", destinationId, "type", String.valueOf(eventType), "outcome", "retried").increment();
    }

    @Override
    public void onFailed(String destinationId, String eventType, String failure) {
        Stats s = destination(destinationId);
        s.count("dead-lettered");
        s.callFailed(clock.instant(), "delivery", failure, false);
        s.lastError = clock.instant() + " " + failure;
        meters.counter("omnihub.deliveries", "destination", destinationId, "type", String.valueOf(eventType), "outcome", "dead_lettered").increment();
    }

    @Override
    public void onDuplicateSkipped(String destinationId, String eventType) {
        destination(destinationId).count("duplicates-skipped");
        meters.counter("omnihub.deliveries", "destination", destinationId, "type", String.valueOf(eventType), "outcome", "duplicate_skipped").increment();
    }

    @Override
    public void onStale(String connectorId, io.omnihub.mapping.api.CanonicalRecord record) {
        connector(connectorId).count("stale-dropped");
        meters.counter("omnihub.events.stale", "connector", connectorId, "type", record.type().type()).increment();
    }

    @Override
    public void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
        Stats s = connector(connectorId);
        s.count("stock.pushed", result.applied());
        s.count("stock.rejected", batch.size() - result.applied());
        s.lastPush = clock.instant();
        s.callSucceeded(clock.instant(), "stock push");
        for (StockPushResult.ItemResult r : result.items()) {
            if (r.outcome() != StockPushResult.Outcome.APPLIED) {
                s.lastError = clock.instant() + " stock " + r.sku() + "@" + r.locationId() + ": " + r.outcome() + " " + r.reason();
            }
        }
        meters.counter("omnihub.stock.pushed", "connector", connectorId, "outcome", "applied").increment(result.applied());
        meters.counter("omnihub.stock.pushed", "connector", connectorId, "outcome", "rejected").increment(batch.size() - result.applied());
    }

    @Override
    public void onPushFailed(String connectorId, List<StockSink.StockUpdate> batch, Exception error, boolean willRetry) {
        Stats s = connector(connectorId);
        s.count("stock.push-failures");
        s.callFailed(clock.instant(), "stock push", error.getMessage(), error instanceof AuthenticationFailedException);
        s.lastError = clock.instant() + " stock push: " + error.getMessage();
        meters.counter("omnihub.stock.push.failures", "connector", connectorId).increment();
    }

    @Override
    public void onFulfillmentPushed(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                    String platformId, int attempts) {
        Stats s = connector(connectorId);
        s.count("fulfillment.pushed");
        s.callSucceeded(clock.instant(), "fulfillment push");
        meters.counter("omnihub.fulfillments.pushed", "connector", connectorId, "outcome", "pushed").increment();
    }

    @Override
    public void onFulfillmentRetry(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                   int attempt, Exception error) {
        Stats s = connector(connectorId);
        s.count("fulfillment.retried");
        s.callFailed(clock.instant(), "fulfillment push", error.getMessage(), error instanceof AuthenticationFailedException);
        s.lastError = clock.instant() + " fulfillment push " + shipment.orderRef() + ": " + error.getMessage();
        meters.counter("omnihub.fulfillments.pushed", "connector", connectorId, "outcome", "retried").increment();
    }

    @Override
    public void onFulfillmentFailed(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                    int attempts, Exception error, boolean retriesExhausted) {
        Stats s = connector(connectorId);
        s.count("fulfillment.dead-lettered");
        if (retriesExhausted) {
            s.callFailed(clock.instant(), "fulfillment push", error.getMessage(), error instanceof AuthenticationFailedException);
        }
        s.lastError = clock.instant() + " fulfillment " + shipment.orderRef() + (retriesExhausted ? " failed: " : " refused: ")
                + error.getMessage();
        meters.counter("omnihub.fulfillments.pushed", "connector", connectorId, "outcome", "dead_lettered").increment();
    }

    @Override
    public void onPolled(String connectorId, EntityKind kind, int changes, int published) {
        Stats s = connector(connectorId);
        s.lastPoll = clock.instant();
        s.callSucceeded(clock.instant(), "poll " + kind.key());
    }

    @Override
    public void onPollFailed(String connectorId, EntityKind kind, Exception error) {
        Stats s = connector(connectorId);
        s.count("poll.failures");
        s.lastError = clock.instant() + " poll " + kind.key() + ": " + error.getMessage();
        s.callFailed(clock.instant(), "poll " + kind.key(), error.getMessage(), error instanceof AuthenticationFailedException);
        meters.counter("omnihub.poll.failures", "connector", connectorId, "kind", kind.key()).increment();
    }

    /** A connection check ({@code POST /api/v1/connectors/{id}/check} or the health re-check) counts as a platform call. */
    public void onChecked(String connectorId, CheckResult result) {
        Stats s = connector(connectorId);
        if (result.up()) {
            s.callSucceeded(clock.instant(), "check");
        } else {
            s.callFailed(clock.instant(), "check", result.message(), false);
        }
    }

    public Stats connector(String id) {
        return connectors.computeIfAbsent(id, k -> new Stats());
    }

    public Stats destination(String id) {
        return destinations.computeIfAbsent(id, k -> new Stats());
    }

    /** Counters and last events of one connector or destination. */
    public static final class Stats {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        private volatile Instant lastSuccess;
        private volatile Instant lastPush;
        private volatile String lastError;
        private volatile Instant lastPoll;
        private volatile Instant lastOrderAt;
        private volatile Instant lastCallOk;
        private volatile Instant lastCallFailed;
        private volatile String lastCallFailure;
        private volatile boolean credentialsRejected;
        private final java.util.concurrent.atomic.AtomicInteger consecutiveFailures = new java.util.concurrent.atomic.AtomicInteger();
        private final AtomicLong rejectedSinceAccepted = new AtomicLong();
        private volatile Instant firstRejectedAt;

        void callSucceeded(Instant at, String what) {
            lastCallOk = at;
            consecutiveFailures.set(0);
            credentialsRejected = false;
        }

        void callFailed(Instant at, String what, String failure, boolean authRejected) {
            lastCallFailed = at;
            lastCallFailure = what + ": " + failure;
            consecutiveFailures.incrementAndGet();
            credentialsRejected = authRejected;
        }

        /** Calls to the platform (or destination) failing since the last success, 0 when the last one worked. */
        public int consecutiveFailures() {
            return consecutiveFailures.get();
        }

        public Instant lastCallOk() {
            return lastCallOk;
        }

        public Instant lastCallFailed() {
            return lastCallFailed;
        }

        /** What failed last and why, e.g. {@code stock push: HTTP 503}. */
        public String lastCallFailure() {
            return lastCallFailure;
        }

        /** The last failure was the platform refusing the credentials (expired or revoked token). */
        public boolean credentialsRejected() {
            return credentialsRejected;
        }

        /** Webhooks refused for their signature since the last accepted one. */
        public long rejectedSinceAccepted() {
            return rejectedSinceAccepted.get();
        }

        public Instant firstRejectedAt() {
            return firstRejectedAt;
        }

        /** When this connector last published an order event (since the hub started). */
        public Instant lastOrderAt() {
            return lastOrderAt;
        }

        public Instant lastPoll() {
            return lastPoll;
        }

        void count(String key) {
            count(key, 1);
        }

        void count(String key, long n) {
            counts.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(n);
        }

        public long get(String key) {
            AtomicLong v = counts.get(key);
            return v == null ? 0 : v.get();
        }

        public Map<String, Long> counts() {
            Map<String, Long> m = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> m.put(e.getKey(), e.getValue().get()));
            return m;
        }

        public Instant lastSuccess() {
            return lastSuccess;
        }

        public Instant lastPush() {
            return lastPush;
        }

        public String lastError() {
            return lastError;
        }
    }
}
