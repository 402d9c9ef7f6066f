package io.omnihub.routes.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.delivery.DeliveryAbortedException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one queued shipment to the channel that sold the order, inside the JMS transaction of the
 * channel's fulfillment route: {@link FulfillmentSink#pushFulfillment} with the shipment's idempotency
 * key, retried with exponential backoff (honouring the platform's Retry-After, capped) on transient
 * failures ({@link RetryableConnectorException}: 429, 5xx, timeouts; refused credentials; anything
 * unexpected). A refusal ({@link RequestRejectedException}, 4xx), an invalid message and exhausted
 * retries throw {@link FulfillmentPushFailedException}, which the route parks in
 * {@code omnihub.dlq.fulfillment.<connectorId>}. A channel reloaded or removed meanwhile aborts
 * ({@link DeliveryAbortedException}): the transaction rolls back and the shipment stays queued.
 */
public class FulfillmentPusher {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentPusher.class);

    private final HubRegistry registry;
    private final RetryPolicy retry;
    private final FulfillmentListener listener;

    public FulfillmentPusher(HubRegistry registry, RetryPolicy retry, FulfillmentListener listener) {
        this.registry = registry;
        this.retry = retry;
        this.listener = listener;
    }

    /** How often and how patiently a transient failure is retried. */
    public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        public RetryPolicy {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
        }

        public static final RetryPolicy DEFAULT = new RetryPolicy(6, Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** Route step: the body is the shipment JSON ({@link ShipmentInput#toJson()}); the property names the channel. */
    public void push(Exchange exchange) throws InterruptedException {
        String connectorId = exchange.getProperty(HubHeaders.CONNECTOR_ID, String.class);
        ShipmentInput shipment = parse(exchange.getMessage().getBody(String.class), connectorId);
        Channel channel = registry.channel(connectorId)
                .orElseThrow(() -> new DeliveryAbortedException("connector " + connectorId + " is not running"));
        FulfillmentSink sink = channel.fulfillmentSink()
                .orElseThrow(() -> new DeliveryAbortedException("connector " + connectorId + " takes no shipments now"));
        String key = shipment.idempotencyKey();
        int attempt = 0;
        while (true) {
            ensureCurrent(channel);
            attempt++;
            Duration wait;
            try {
                String id = sink.pushFulfillment(shipment.toShipment());
                listener.onFulfillmentPushed(connectorId, shipment, key, id, attempt);
                LOG.debug("shipment {} for {} pushed to {} as {} after {} attempt(s)", key, shipment.orderRef(), connectorId, id, attempt);
                return;
            } catch (RequestRejectedException e) {
                listener.onFulfillmentFailed(connectorId, shipment, key, attempt, e, false);
                throw new FulfillmentPushFailedException(connectorId + " refused shipment " + key + " for order "
                        + shipment.orderRef() + ": " + e.getMessage(), e.status(), attempt, false);
            } catch (RuntimeException e) {
                if (e instanceof ConnectorException && !(e instanceof RetryableConnectorException)
                        && !(e instanceof io.omnihub.connector.api.error.AuthenticationFailedException)) {
                    listener.onFulfillmentFailed(connectorId, shipment, key, attempt, e, false);
                    throw new FulfillmentPushFailedException(connectorId + " cannot take shipment " + key + ": " + e.getMessage(),
                            0, attempt, false);
                }
                if (attempt >= retry.maxAttempts()) {
                    listener.onFulfillmentFailed(connectorId, shipment, key, attempt, e, true);
                    throw new FulfillmentPushFailedException("shipment " + key + " to " + connectorId + " failed after " + attempt
                            + " attempts: " + e.getMessage(), 0, attempt, true);
                }
                Optional<Duration> after = e instanceof RetryableConnectorException r ? r.retryAfter() : Optional.empty();
                final int n = attempt;
                wait = after.map(d -> d.compareTo(retry.maxBackoff()) > 0 ? retry.maxBackoff() : d).orElseGet(() -> backoff(n));
                listener.onFulfillmentRetry(connectorId, shipment, key, attempt, e);
                LOG.info("shipment {} to {} failed ({}), attempt {} of {}, retrying in {} ms", key, connectorId, e.getMessage(),
                        attempt, retry.maxAttempts(), wait.toMillis());
            }
            sleep(wait, channel);
        }
    }

    /** Exponential backoff with "equal jitter": between half and all of {@code initial * 2^(attempt-1)}, capped. */
    Duration backoff(int attempt) {
        return io.omnihub.routes.Backoff.equalJitter(retry.initialBackoff(), retry.maxBackoff(), attempt);
    }

    /** Sleeps in short steps, stopping at once when the channel was reloaded or removed. */
    private void sleep(Duration wait, Channel channel) throws InterruptedException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(Math.max(1, Math.min(200, (until - System.nanoTime()) / 1_000_000)));
            ensureCurrent(channel);
        }
    }

    private void ensureCurrent(Channel channel) {
        if (registry.channel(channel.id()).orElse(null) != channel) {
            throw new DeliveryAbortedException("connector " + channel.id() + " was reloaded or removed; the shipment stays queued");
        }
    }

    /** Reads and re-validates the queued shipment (it may be an edited dead letter); invalid ones are dead-lettered. */
    static ShipmentInput parse(String body, String connectorId) {
        JsonNode n;
        try {
            n = body == null ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new FulfillmentPushFailedException("shipment message is not JSON: " + e.getMessage().split("\n")[0], 0, 0, false);
        }
        List<String> problems = ShipmentInput.problems(n);
        if (!problems.isEmpty()) {
            throw new FulfillmentPushFailedException("invalid shipment: " + String.join("; ", problems), 0, 0, false);
        }
        ShipmentInput s = ShipmentInput.from(n);
        if (!s.connectorId().equals(connectorId)) {
            throw new FulfillmentPushFailedException("shipment for order " + s.orderRef() + " is on the queue of connector "
                    + connectorId, 0, 0, false);
        }
        return s;
    }

    /** Push outcomes (metrics, health, trace). */
    public interface FulfillmentListener {
        /** The channel took the shipment; {@code platformId} is its fulfillment id there. */
        default void onFulfillmentPushed(String connectorId, ShipmentInput shipment, String idempotencyKey, String platformId,
                                         int attempts) {
        }

        /** An attempt failed transiently; the shipment will be tried again. */
        default void onFulfillmentRetry(String connectorId, ShipmentInput shipment, String idempotencyKey, int attempt,
                                        Exception error) {
        }

        /** The shipment goes to the dead-letter queue: refused ({@code retriesExhausted} false) or out of attempts. */
        default void onFulfillmentFailed(String connectorId, ShipmentInput shipment, String idempotencyKey, int attempts,
                                         Exception error, boolean retriesExhausted) {
        }

        FulfillmentListener NONE = new FulfillmentListener() { };
    }
}
