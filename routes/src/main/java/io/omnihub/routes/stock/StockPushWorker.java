package io.omnihub.routes.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockReader;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubRegistry;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a channel's stock push queue in batches of the platform's size, inside one JMS
 * transaction per batch: the messages are committed only after the platform accepted the batch,
 * so a crash or a failed call pushes them again (the last-value queue has replaced any that became
 * stale meanwhile). Retryable failures (429, throttling, 5xx) roll back and pause the channel for
 * the platform's Retry-After.
 *
 * <p>Restarts and overlaps: one drain at a time per channel (a reloaded channel's new timer route skips
 * while the old one still pushes); a drain whose JMS context was closed under it (channel reload,
 * shutdown) neither pauses nor reports for the channel's new consumer. With a {@link QuantitySource}
 * (the stock pool) the quantities are read from the source of truth when the batch is sent, so a
 * message that arrives late or is redelivered after a restart never pushes an older quantity than
 * the newest one.
 *
 * <p>Batching follows the {@link PushWindow}: while the sink reports {@link StockSink#readyIn()} &gt; 0
 * (no rate budget for a call) the worker keeps collecting, newest update per SKU and location, until the
 * batch holds {@link StockSink#maxBatchSize()} keys; a full batch reads nothing more, so newer quantities
 * replace older ones on the last-value queue, and goes out as soon as the budget is there. With budget,
 * a batch goes out once the queue has been quiet for the linger, or its oldest update reaches the max
 * age. So a channel at its rate limit spends each call on a full batch.
 */
public class StockPushWorker {

    private static final Logger LOG = LoggerFactory.getLogger(StockPushWorker.class);

    private final HubRegistry registry;
    private final ConnectionFactory connectionFactory;
    private final Clock clock;
    private final StockPushListener listener;
    private final Map<String, Instant> pausedUntil = new ConcurrentHashMap<>();
    private final Map<String, JMSContext> contexts = new ConcurrentHashMap<>();
    private final Map<String, JMSConsumer> consumers = new ConcurrentHashMap<>();
    private final Duration linger;
    private final Duration maxAge;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private volatile QuantitySource quantities;

    /**
     * Consumer window (bytes) recommended for the factory the worker reads with: roughly one push batch of push messages
     * (~250 B each). Messages in the window are no longer replaced on the last-value queue, so it stays small; with 0,
     * every receive is a broker round trip and makes the broker prune the whole last-value queue once.
     */
    public static final int CONSUMER_WINDOW_BYTES = 64 * 1024;

    /** How long an empty batch waits for its first update before the drain ends. */
    static final Duration POLL = Duration.ofMillis(100);
    /** Default quiet time after the newest update that closes a batch. */
    public static final Duration DEFAULT_LINGER = Duration.ofMillis(250);
    /** Default age of a batch's oldest update that closes it while updates keep coming. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(2);

    public StockPushWorker(HubRegistry registry, ConnectionFactory connectionFactory, Clock clock, StockPushListener listener) {
        this(registry, connectionFactory, clock, listener, DEFAULT_LINGER, DEFAULT_MAX_AGE);
    }

    /**
     * @param linger quiet time after a batch's newest update that closes it, when the platform has budget
     * @param maxAge age of a batch's oldest update that closes it even while updates keep coming (budget allowing)
     * @see PushWindow
     */
    public StockPushWorker(HubRegistry registry, ConnectionFactory connectionFactory, Clock clock, StockPushListener listener,
                           Duration linger, Duration maxAge) {
        this.linger = linger;
        this.maxAge = maxAge;
        this.registry = registry;
        this.connectionFactory = connectionFactory;
        this.clock = clock;
        this.listener = listener;
    }

    /** Lets the stock pool supply the current quantity and idempotency key of every update when a batch is sent. */
    public StockPushWorker withQuantitySource(QuantitySource source) {
        this.quantities = source;
        return this;
    }

    /** Pushes what is queued for the channel, batch by batch, for at most {@code budget}. Called by a timer route. */
    public void drain(String connectorId, Duration budget) {
        ReentrantLock lock = locks.computeIfAbsent(connectorId, id -> new ReentrantLock());
        if (!lock.tryLock()) {
            return; // another drain of this channel is still pushing (reload overlap)
        }
        try {
            drainLocked(connectorId, budget);
        } finally {
            lock.unlock();
        }
    }

    private void drainLocked(String connectorId, Duration budget) {
        Optional<Channel> channel = registry.channel(connectorId);
        Optional<StockSink> sink = channel.flatMap(Channel::stockSink);
        if (sink.isEmpty()) {
            close(connectorId);
            return;
        }
        Instant paused = pausedUntil.get(connectorId);
        if (paused != null && clock.instant().isBefore(paused)) {
            return;
        }
        long deadline = System.nanoTime() + budget.toNanos();
        JMSContext ctx;
        JMSConsumer consumer;
        try {
            ctx = contexts.computeIfAbsent(connectorId, id -> connectionFactory.createContext(JMSContext.SESSION_TRANSACTED));
            consumer = consumers.computeIfAbsent(connectorId, id -> ctx.createConsumer(ctx.createQueue(Addresses.stockPush(id))));
        } catch (RuntimeException e) {
            LOG.warn("stock push for {}: broker unavailable: {}", connectorId, e.toString());
            close(connectorId);
            return;
        }
        int max = Math.max(1, sink.get().maxBatchSize());
        while (System.nanoTime() < deadline) {
            List<Message> messages = new ArrayList<>();
            Map<String, StockSink.StockUpdate> updates = new LinkedHashMap<>();
            try {
                if (!collect(connectorId, consumer, sink.get(), max, deadline, messages, updates)) {
                    if (!messages.isEmpty()) {
                        rollbackQuietly(ctx); // the drain's time is up without budget: back to the last-value queue
                    }
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the messages go back to the queue
                rollbackQuietly(ctx);
                return;
            } catch (Exception e) {
                LOG.warn("stock push for {}: cannot read queue: {}", connectorId, e.toString());
                rollbackQuietly(ctx);
                close(connectorId);
                return;
            }
            List<StockSink.StockUpdate> batch = new ArrayList<>(updates.values());
            QuantitySource source = quantities;
            if (source != null) {
                try {
                    batch = source.current(connectorId, batch);
                } catch (RuntimeException e) {
                    LOG.warn("stock push for {}: cannot read current quantities: {}", connectorId, e.toString());
                    rollbackQuietly(ctx);
                    pausedUntil.put(connectorId, clock.instant().plus(Duration.ofSeconds(2)));
                    return;
                }
            }
            StockPushResult result;
            try {
                result = sink.get().push(batch);
                StaleResolution resolved = resolveStale(connectorId, channel.get(), sink.get(), batch, result);
                batch = resolved.batch();
                result = resolved.result();
                ctx.commit();
            } catch (RuntimeException e) {
                if (contexts.get(connectorId) != ctx) {
                    // the context was closed under this drain (reload or shutdown): the broker gives the messages
                    // to the channel's next consumer, which must not inherit a pause from this one
                    LOG.info("stock push for {} interrupted by a restart of its consumer: {}", connectorId, e.toString());
                    return;
                }
                rollbackQuietly(ctx);
                failed(connectorId, batch, e);
                return;
            }
            pausedUntil.remove(connectorId);
            listener.onPushed(connectorId, batch, result);
        }
    }

    /**
     * Reads the next batch from the channel's queue as the {@link PushWindow} says: keeps the newest update per
     * SKU and location, in arrival order. Returns true when the batch should go now (the platform has budget),
     * false when there is nothing to push or the drain's time ran out first.
     */
    private boolean collect(String connectorId, JMSConsumer consumer, StockSink sink, int max, long deadline,
                            List<Message> messages, Map<String, StockSink.StockUpdate> updates) throws Exception {
        PushWindow window = new PushWindow(max, linger.toNanos(), maxAge.toNanos(), POLL.toNanos());
        boolean waited = false;
        while (true) {
            long now = System.nanoTime();
            long budget = readyIn(sink).toNanos();
            if (now - deadline >= 0) {
                return !updates.isEmpty() && budget <= 0;
            }
            if (!waited && budget > 0 && !updates.isEmpty()) {
                listener.onRateLimitWait(connectorId, Duration.ofNanos(budget)); // once per batch that waits for budget
                waited = true;
            }
            PushWindow.Step step = window.next(updates.size(), budget, now);
            long wait = Math.min(step.nanos(), deadline - now);
            switch (step.action()) {
                case PUSH -> {
                    return true;
                }
                case WAIT_BUDGET -> Thread.sleep(Math.max(1, wait / 1_000_000));
                case RECEIVE -> {
                    long ms = wait / 1_000_000;
                    Message m = ms > 0 ? consumer.receive(ms) : consumer.receiveNoWait();
                    if (m == null) {
                        if (updates.isEmpty()) {
                            return false; // nothing queued
                        }
                        continue;
                    }
                    messages.add(m);
                    JsonNode n = Json.mapper().readTree(((TextMessage) m).getText());
                    String key = n.get("sku").asText() + "|" + n.get("locationId").asText();
                    updates.remove(key); // keep the newest, in arrival order
                    updates.put(key, new StockSink.StockUpdate(n.get("sku").asText(), n.get("locationId").asText(),
                            n.get("quantity").asLong(), n.path("idempotencyKey").asText(null)));
                    window.added(System.nanoTime());
                }
                default -> throw new IllegalStateException(step.action().name());
            }
        }
    }

    /** A batch and its outcomes after stale compare-and-set items were read back and sent once more. */
    record StaleResolution(List<StockSink.StockUpdate> batch, StockPushResult result) {
    }

    /**
     * Compare-and-set refused ({@code STALE}): the platform's quantity changed behind the hub's back since it last
     * accepted one, typically a sale whose order has not reached the hub yet. Reads those items back through the
     * connector's {@link StockReader} and sends each once more with the platform's quantity as the expectation:
     * when the platform already holds the hub's number it counts as applied; when it went down by {@code d}, the hub's
     * number minus {@code d} is set (the sale is kept, never overwritten); a rise on the platform is not added (the
     * hub never sets more than its pool allows). A read or push failure leaves the items {@code STALE}: the channel's
     * last accepted quantity stays unchanged, so the next push or drift check meets the same mismatch again.
     */
    private StaleResolution resolveStale(String connectorId, Channel channel, StockSink sink, List<StockSink.StockUpdate> batch,
                                         StockPushResult result) {
        List<StockPushResult.ItemResult> items = result.items();
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < items.size() && i < batch.size(); i++) {
            if (items.get(i).outcome() == StockPushResult.Outcome.STALE && batch.get(i).expectedPrevious() != null) {
                stale.add(i);
            }
        }
        Optional<StockReader> reader = channel.connector().capability(StockReader.class);
        if (stale.isEmpty() || reader.isEmpty()) {
            return new StaleResolution(batch, result);
        }
        List<StockSink.StockUpdate> outBatch = new ArrayList<>(batch);
        List<StockPushResult.ItemResult> outItems = new ArrayList<>(items);
        try {
            List<StockReader.StockKey> keys = new ArrayList<>();
            stale.forEach(i -> keys.add(new StockReader.StockKey(batch.get(i).sku(), batch.get(i).locationId())));
            List<StockReader.ListedQuantity> listed = reader.get().read(keys);
            List<Integer> retry = new ArrayList<>();
            List<StockSink.StockUpdate> retryBatch = new ArrayList<>();
            for (int k = 0; k < stale.size() && k < listed.size(); k++) {
                int i = stale.get(k);
                StockSink.StockUpdate u = batch.get(i);
                if (!listed.get(k).known()) {
                    continue;
                }
                long platform = listed.get(k).quantity();
                if (platform == u.quantity()) {
                    outBatch.set(i, u.withQuantity(platform, platform)); // already there (e.g. our own earlier push)
                    outItems.set(i, new StockPushResult.ItemResult(u.sku(), u.locationId(), StockPushResult.Outcome.APPLIED, null));
                    continue;
                }
                long change = Math.min(0, platform - u.expectedPrevious());
                StockSink.StockUpdate again = u.withQuantity(Math.max(0, u.quantity() + change), platform);
                outBatch.set(i, again);
                retry.add(i);
                retryBatch.add(again);
            }
            if (!retryBatch.isEmpty()) {
                List<StockPushResult.ItemResult> second = sink.push(retryBatch).items();
                for (int k = 0; k < retry.size() && k < second.size(); k++) {
                    outItems.set(retry.get(k), second.get(k));
                }
            }
            LOG.info("stock push for {}: {} item(s) changed on the platform since the hub's last push; read back and set again",
                    connectorId, stale.size());
        } catch (RuntimeException e) {
            LOG.warn("stock push for {}: read-back of {} stale item(s) failed: {}", connectorId, stale.size(), e.toString());
            return new StaleResolution(batch, result);
        }
        return new StaleResolution(outBatch, new StockPushResult(outItems));
    }

    private void failed(String connectorId, List<StockSink.StockUpdate> batch, RuntimeException e) {
        if (e instanceof RetryableConnectorException r) {
            Duration wait = r.retryAfter().orElse(Duration.ofSeconds(2));
            pausedUntil.put(connectorId, clock.instant().plus(wait));
            listener.onPushFailed(connectorId, batch, e, true);
            LOG.info("stock push for {} throttled/failed ({}); retrying in {} ms", connectorId, e.getMessage(), wait.toMillis());
        } else if (e instanceof AuthenticationFailedException) {
            pausedUntil.put(connectorId, clock.instant().plus(Duration.ofSeconds(30)));
            listener.onPushFailed(connectorId, batch, e, true);
            LOG.warn("stock push for {} refused credentials: {}", connectorId, e.getMessage());
        } else {
            // Not retryable as a batch (rejected request): keep the updates, pause, and surface it.
            pausedUntil.put(connectorId, clock.instant().plus(Duration.ofSeconds(10)));
            listener.onPushFailed(connectorId, batch, e, false);
            LOG.warn("stock push for {} failed: {}", connectorId, e.toString());
        }
    }

    /** Closes the channel's JMS resources (channel removed, or broker failure). */
    public void close(String connectorId) {
        JMSConsumer c = consumers.remove(connectorId);
        JMSContext ctx = contexts.remove(connectorId);
        try {
            if (c != null) {
                c.close();
            }
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        try {
            if (ctx != null) {
                ctx.close();
            }
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }

    public void closeAll() {
        new ArrayList<>(contexts.keySet()).forEach(this::close);
    }

    private static void rollbackQuietly(JMSContext ctx) {
        try {
            ctx.rollback();
        } catch (RuntimeException ignored) {
            // the broker will redeliver uncommitted messages anyway
        }
    }

    private static Duration readyIn(StockSink sink) {
        try {
            Duration d = sink.readyIn();
            return d == null || d.isNegative() ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }

    /**
     * The source of truth for channel quantities (the stock pool): given a batch as read from the
     * queue, answers the same keys with the quantity and idempotency key in force now.
     */
    public interface QuantitySource {
        List<StockSink.StockUpdate> current(String connectorId, List<StockSink.StockUpdate> batch);
    }

    /** Receives push outcomes (metrics, health, trace). */
    public interface StockPushListener {
        default void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
        }

        default void onPushFailed(String connectorId, List<StockSink.StockUpdate> batch, Exception error, boolean willRetry) {
        }

        /** The platform's rate budget is not there yet: the push waits about {@code wait} (metrics). */
        default void onRateLimitWait(String connectorId, Duration wait) {
        }

        StockPushListener NONE = new StockPushListener() { };
    }
}
