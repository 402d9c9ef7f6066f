package io.omnihub.routes.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.StockPushResult;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a channel's stock push queue in batches of the platform's size, inside one JMS
 * transaction per batch: the messages are committed only after the platform accepted the batch,
 * so a crash or a failed call pushes them again (the last-value queue has replaced any that became
 * stale meanwhile). Retryable failures (429, throttling, 5xx) roll back and pause the channel for
 * the platform's Retry-After.
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

    public StockPushWorker(HubRegistry registry, ConnectionFactory connectionFactory, Clock clock, StockPushListener listener) {
        this(registry, connectionFactory, clock, listener, Duration.ofMillis(250));
    }

    /**
     * @param linger how long a batch waits for more updates after its first one (the push window)
     */
    public StockPushWorker(HubRegistry registry, ConnectionFactory connectionFactory, Clock clock, StockPushListener listener,
                           Duration linger) {
        this.linger = linger;
        this.registry = registry;
        this.connectionFactory = connectionFactory;
        this.clock = clock;
        this.listener = listener;
    }

    /** Pushes what is queued for the channel, batch by batch, for at most {@code budget}. Called by a timer route. */
    public void drain(String connectorId, Duration budget) {
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
            long lingerDeadline = 0;
            try {
                Message m = consumer.receive(100);
                while (m != null) {
                    messages.add(m);
                    JsonNode n = Json.mapper().readTree(((TextMessage) m).getText());
                    String key = n.get("sku").asText() + "|" + n.get("locationId").asText();
                    updates.remove(key); // keep the newest, in arrival order
                    updates.put(key, new StockSink.StockUpdate(n.get("sku").asText(), n.get("locationId").asText(),
                            n.get("quantity").asLong(), n.path("idempotencyKey").asText(null)));
                    if (updates.size() >= max) {
                        break;
                    }
                    // linger briefly so updates arriving together travel in one batch (the push window)
                    if (messages.size() == 1) {
                        lingerDeadline = System.nanoTime() + linger.toNanos();
                    }
                    long left = (lingerDeadline - System.nanoTime()) / 1_000_000;
                    m = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
                }
            } catch (Exception e) {
                LOG.warn("stock push for {}: cannot read queue: {}", connectorId, e.toString());
                rollbackQuietly(ctx);
                close(connectorId);
                return;
            }
            if (messages.isEmpty()) {
                return;
            }
            List<StockSink.StockUpdate> batch = new ArrayList<>(updates.values());
            try {
                StockPushResult result = sink.get().push(batch);
                ctx.commit();
                pausedUntil.remove(connectorId);
                listener.onPushed(connectorId, batch, result);
            } catch (RetryableConnectorException e) {
                rollbackQuietly(ctx);
                Duration wait = e.retryAfter().orElse(Duration.ofSeconds(2));
                pausedUntil.put(connectorId, clock.instant().plus(wait));
                listener.onPushFailed(connectorId, batch, e, true);
                LOG.info("stock push for {} throttled/failed ({}); retrying in {} ms", connectorId, e.getMessage(), wait.toMillis());
                return;
            } catch (AuthenticationFailedException e) {
                rollbackQuietly(ctx);
                pausedUntil.put(connectorId, clock.instant().plus(Duration.ofSeconds(30)));
                listener.onPushFailed(connectorId, batch, e, true);
                LOG.warn("stock push for {} refused credentials: {}", connectorId, e.getMessage());
                return;
            } catch (RuntimeException e) {
                // Not retryable as a batch (rejected request): keep the updates, pause, and surface it.
                rollbackQuietly(ctx);
                pausedUntil.put(connectorId, clock.instant().plus(Duration.ofSeconds(10)));
                listener.onPushFailed(connectorId, batch, e, false);
                LOG.warn("stock push for {} failed: {}", connectorId, e.toString());
                return;
            }
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

    /** Receives push outcomes (metrics, health, trace). */
    public interface StockPushListener {
        default void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
        }

        default void onPushFailed(String connectorId, List<StockSink.StockUpdate> batch, Exception error, boolean willRetry) {
        }

        StockPushListener NONE = new StockPushListener() { };
    }
}
