package io.omnihub.app.trace;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.canonical.CloudEvent;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Order;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.routes.delivery.HttpDelivery;
import io.omnihub.routes.intake.WebhookIntake;
import io.omnihub.routes.intake.WebhookOutcome;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.routes.stock.StockPushWorker;
import io.omnihub.routes.template.HubRouteTemplates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every hop of an entity (contract §7 trace) from the routes' listeners and the dead-letter
 * operations, off the hot path: a hop is put in a bounded in-memory buffer and a background thread
 * inserts the buffer in JDBC batches (every {@code flushEvery}, or at once when {@value #BATCH} hops
 * wait). When the buffer is full the oldest hop is dropped and counted ({@code omnihub.trace.dropped}).
 * {@link #close()} flushes what is left; a crash loses at most the last flush interval of hops (never
 * messages). Hops older than the retention are purged hourly.
 *
 * <p>Details never carry payloads, secrets or personal data: only ids, versions, counts, HTTP
 * statuses and error messages with URL credentials and query strings removed.
 */
public class TraceRecorder implements WebhookIntake.IntakeListener, CanonicalPublisher.PublishListener,
        HttpDelivery.DeliveryListener, StockPushWorker.StockPushListener, HubRouteTemplates.DeadLetterListener,
        io.omnihub.routes.fulfillment.FulfillmentPusher.FulfillmentListener, AutoCloseable {

    /** Hops per JDBC batch, and the buffer size that triggers an early flush. */
    static final int BATCH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(TraceRecorder.class);
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@]*@");
    private static final Pattern URL_QUERY = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://[^\\s?#]*)[?#][^\\s]*");
    private static final int RECENT_RECEIVED = 10_000;

    private final TraceStore store;
    private final Clock clock;
    private final boolean enabled;
    private final Duration retention;
    private final BlockingQueue<TraceHop> buffer;
    private final Counter dropped;
    private final Object writeLock = new Object();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final ScheduledExecutorService writer;
    private final Set<String> recentReceived = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > RECENT_RECEIVED;
        }
    });
    private volatile boolean closed;
    private volatile long lastFailureLog;

    /**
     * @param capacity   hops the buffer holds before dropping the oldest
     * @param flushEvery how often the buffer is written
     * @param retention  how long hops are kept
     * @param enabled    false records nothing (the API then finds nothing)
     */
    public TraceRecorder(TraceStore store, MeterRegistry meters, Clock clock, int capacity, Duration flushEvery,
                         Duration retention, boolean enabled) {
        this.store = store;
        this.clock = clock;
        this.enabled = enabled;
        this.retention = retention;
        this.buffer = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.dropped = Counter.builder("omnihub.trace.dropped")
                .description("Trace hops dropped because the trace buffer was full or the database refused them")
                .register(meters);
        Gauge.builder("omnihub.trace.buffered", buffer, BlockingQueue::size)
                .description("Trace hops waiting to be written").register(meters);
        this.writer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "omnihub-trace-writer");
            t.setDaemon(true);
            return t;
        });
        if (enabled) {
            long ms = Math.max(10, flushEvery.toMillis());
            writer.scheduleWithFixedDelay(this::flushQuietly, ms, ms, TimeUnit.MILLISECONDS);
            writer.scheduleWithFixedDelay(this::purgeQuietly, 1, 60, TimeUnit.MINUTES);
        }
    }

    // ------------------------------------------------------------------ recording

    /** Buffers one hop (never blocks; drops the oldest hop when the buffer is full). */
    public void record(TraceHop hop) {
        if (!enabled || closed || hop == null || hop.subject() == null || hop.subject().isBlank()) {
            return;
        }
        TraceHop clean = new TraceHop(hop.at() == null ? clock.instant() : hop.at(), hop.hop(), hop.subject(),
                hop.orderNumber(), hop.connector(), hop.destination(), hop.eventId(), hop.eventType(), hop.ref(),
                safe(hop.detail()));
        while (!buffer.offer(clean)) {
            if (buffer.poll() != null) {
                dropped.increment();
            }
        }
        if (buffer.size() >= BATCH && flushScheduled.compareAndSet(false, true)) {
            try {
                writer.execute(() -> {
                    flushScheduled.set(false);
                    flushQuietly();
                });
            } catch (RuntimeException e) {
                flushScheduled.set(false); // shutting down: close() flushes
            }
        }
    }

    /** Writes everything buffered now (the trace API calls this so it sees hops just recorded). */
    public void flush() {
        synchronized (writeLock) {
            List<TraceHop> batch = new ArrayList<>(BATCH);
            while (buffer.drainTo(batch, BATCH) > 0) {
                try {
                    store.insert(batch);
                } catch (RuntimeException e) {
                    dropped.increment(batch.size());
                    long now = System.currentTimeMillis();
                    if (now - lastFailureLog > 60_000) {
                        lastFailureLog = now;
                        LOG.warn("could not write {} trace hops (dropped): {}", batch.size(), e.toString());
                    }
                }
                batch.clear();
            }
        }
    }

    /** Stops the writer and writes what is still buffered. */
    @Override
    public void close() {
        closed = true;
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** Deletes hops older than the retention; returns how many. */
    public int purge() {
        return store.purgeOlderThan(clock.instant().minus(retention));
    }

    /** Hops dropped so far (buffer overflow or database failure). */
    public long droppedCount() {
        return (long) dropped.count();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("trace flush failed: {}", e.toString());
        }
    }

    private void purgeQuietly() {
        try {
            int n = purge();
            if (n > 0) {
                LOG.info("trace retention: {} hops older than {} deleted", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warn("trace purge failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------ webhook intake

    @Override
    public void onOutcome(String connectorId, WebhookOutcome outcome) {
        // accepted webhooks are recorded as RECEIVED once mapped (the subject is known only then)
    }

    @Override
    public void onDuplicate(String connectorId, String eventKey, List<PlatformEvent> events, Instant receivedAt) {
        Set<String> subjects = new LinkedHashSet<>();
        for (PlatformEvent e : events) {
            subjects.add(connectorId + ":" + e.kind().key() + ":" + e.externalId());
        }
        for (String subject : subjects) {
            record(new TraceHop(receivedAt, Hop.DUPLICATE_SKIPPED, subject, null, connectorId, null, null, null,
                    "raw:" + connectorId + ":" + eventKey, "webhook delivered again by the platform; nothing enqueued"));
        }
    }

    // ------------------------------------------------------------------ publishing

    @Override
    public void onReceived(String connectorId, CanonicalRecord record, CanonicalPublisher.Received received) {
        if (received.ref() != null) {
            // a raw event processed again (redelivery after a failure, replay) was received once
            String key = record.subject() + "|" + received.ref();
            synchronized (recentReceived) {
                if (!recentReceived.add(key)) {
                    return;
                }
            }
        }
        String orderNumber = record.data() instanceof Order o ? o.orderNumber() : null;
        record(new TraceHop(received.at(), Hop.RECEIVED, record.subject(), orderNumber, connectorId, null, null,
                record.type().type(), received.ref(),
                (received.polled() ? "reconciliation poll" : "webhook") + ", version " + record.entityVersion()));
    }

    @Override
    public void onStale(String connectorId, CanonicalRecord record, CanonicalPublisher.Received received) {
        if (received.polled()) {
            return; // a poll sees unchanged entities every cycle; that is not news
        }
        record(new TraceHop(clock.instant(), Hop.STALE_DROPPED, record.subject(), null, connectorId, null, null,
                record.type().type(), received.ref(),
                "version " + record.entityVersion() + " is not newer than the version already applied"));
    }

    @Override
    public void onPublished(String connectorId, CloudEvent event) {
        String orderNumber = null;
        String entity = null;
        try {
            EventType type = EventType.fromType(event.type());
            entity = type.address();
            if (type == EventType.ORDER_UPSERTED && event.data() != null && event.data().hasNonNull("orderNumber")) {
                orderNumber = event.data().get("orderNumber").asText();
            }
        } catch (IllegalArgumentException e) {
            // unknown type: no order number
        }
        record(new TraceHop(clock.instant(), Hop.PUBLISHED, event.subject(), orderNumber, connectorId, null, event.id(),
                event.type(), null, "version " + event.omnihubentityversion() + (entity == null ? "" : " to " + entity)));
    }

    // ------------------------------------------------------------------ delivery

    @Override
    public void onDelivered(HttpDelivery.DeliveryContext e, int attempts, Duration took) {
        record(delivery(e, Hop.DELIVERED, null, "delivered to " + e.destinationId() + " after " + attempts
                + (attempts == 1 ? " attempt" : " attempts") + " in " + took.toMillis() + " ms"));
    }

    @Override
    public void onRetry(HttpDelivery.DeliveryContext e, int attempt, String failure) {
        record(delivery(e, Hop.RETRIED, null, "attempt " + attempt + " to " + e.destinationId() + " failed: " + failure
                + "; retrying"));
    }

    @Override
    public void onDuplicateSkipped(HttpDelivery.DeliveryContext e) {
        record(delivery(e, Hop.DUPLICATE_SKIPPED, null, "already delivered to " + e.destinationId() + "; acknowledged without a call"));
    }

    @Override
    public void onDeadLettered(HubRouteTemplates.DeadLettered d) {
        record(new TraceHop(clock.instant(), Hop.DEAD_LETTERED, d.subject(), null, d.connectorId(), d.destinationId(),
                d.eventId(), d.eventType(), d.messageId(), "parked in " + d.queue()
                + (d.attempts() == null ? "" : " after " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts"))
                + ": " + d.reason()));
    }

    private TraceHop delivery(HttpDelivery.DeliveryContext e, Hop hop, String ref, String detail) {
        return new TraceHop(clock.instant(), hop, e.subject(), null, e.connectorId(), e.destinationId(), e.eventId(),
                e.eventType(), ref, detail);
    }

    // ------------------------------------------------------------------ stock pushes

    @Override
    public void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
        Map<String, StockSink.StockUpdate> sent = new HashMap<>();
        for (StockSink.StockUpdate u : batch) {
            sent.put(u.sku() + "|" + u.locationId(), u);
        }
        Instant now = clock.instant();
        for (StockPushResult.ItemResult r : result.items()) {
            StockSink.StockUpdate u = sent.get(r.sku() + "|" + r.locationId());
            String what = "quantity " + (u == null ? "?" : u.quantity()) + " at location " + r.locationId() + " on " + connectorId;
            boolean ok = r.outcome() == StockPushResult.Outcome.APPLIED;
            record(new TraceHop(now, ok ? Hop.STOCK_PUSHED : Hop.STOCK_PUSH_FAILED, "sku:" + r.sku(), null, connectorId,
                    null, null, null, u == null ? null : u.idempotencyKey(),
                    ok ? what : what + " refused: " + r.outcome() + (r.reason() == null ? "" : " " + r.reason())));
        }
    }

    @Override
    public void onPushFailed(String connectorId, List<StockSink.StockUpdate> batch, Exception error, boolean willRetry) {
        Instant now = clock.instant();
        for (StockSink.StockUpdate u : batch) {
            record(new TraceHop(now, Hop.STOCK_PUSH_FAILED, "sku:" + u.sku(), null, connectorId, null, null, null,
                    u.idempotencyKey(), "quantity " + u.quantity() + " at location " + u.locationId() + " on " + connectorId
                    + " failed: " + error.getClass().getSimpleName() + ": " + error.getMessage()
                    + (willRetry ? "; will retry" : "; kept queued")));
        }
    }

    // ------------------------------------------------------------------ fulfillment pushes

    @Override
    public void onFulfillmentPushed(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                    String platformId, int attempts) {
        record(new TraceHop(clock.instant(), Hop.FULFILLMENT_PUSHED, shipment.subject(), null, connectorId, null, null, null,
                key, describe(shipment) + " pushed to " + connectorId + (platformId == null ? "" : " as " + platformId)
                + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")));
    }

    @Override
    public void onFulfillmentRetry(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                   int attempt, Exception error) {
        record(new TraceHop(clock.instant(), Hop.FULFILLMENT_FAILED, shipment.subject(), null, connectorId, null, null, null,
                key, describe(shipment) + ": attempt " + attempt + " to " + connectorId + " failed: "
                + error.getClass().getSimpleName() + ": " + error.getMessage() + "; will retry"));
    }

    @Override
    public void onFulfillmentFailed(String connectorId, io.omnihub.routes.fulfillment.ShipmentInput shipment, String key,
                                    int attempts, Exception error, boolean retriesExhausted) {
        record(new TraceHop(clock.instant(), Hop.FULFILLMENT_FAILED, shipment.subject(), null, connectorId, null, null, null,
                key, describe(shipment) + (retriesExhausted ? " failed after " + attempts + " attempts" : " refused by " + connectorId)
                + ": " + error.getClass().getSimpleName() + ": " + error.getMessage() + "; dead-lettered"));
    }

    private static String describe(io.omnihub.routes.fulfillment.ShipmentInput s) {
        long units = s.lines().stream().mapToLong(io.omnihub.connector.api.capability.FulfillmentSink.Line::quantity).sum();
        return "shipment of " + units + (units == 1 ? " unit" : " units") + " in " + s.lines().size()
                + (s.lines().size() == 1 ? " line" : " lines") + (s.carrier() == null ? "" : " with " + s.carrier())
                + ", " + s.trackingNumbers().size() + " tracking number" + (s.trackingNumbers().size() == 1 ? "" : "s");
    }

    // ------------------------------------------------------------------ text

    /** Removes URL credentials and query strings, control characters, and cuts to 1000 characters. */
    static String safe(String detail) {
        if (detail == null) {
            return null;
        }
        String s = URL_CREDENTIALS.matcher(detail).replaceAll("$1***@");
        s = URL_QUERY.matcher(s).replaceAll("$1?***");
        s = s.replaceAll("\\p{Cntrl}", " ");
        return s.length() > 1000 ? s.substring(0, 997) + "..." : s;
    }
}
