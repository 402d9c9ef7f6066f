package io.omnihub.routes.delivery;

import io.omnihub.canonical.CloudEvent;
import io.omnihub.connector.support.Http;
import io.omnihub.routes.Destination;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import io.omnihub.routes.store.DeliveryLog;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one CloudEvent (structured JSON) to an HTTP destination with OkHttp. Retries 5xx, 408,
 * 429 and I/O failures with exponential backoff and full jitter, honouring Retry-After (capped by
 * the destination's max backoff); after the configured attempts, or at once for any other 4xx, it
 * throws {@link DeliveryFailedException} and the route parks the event in the destination's
 * dead-letter queue. Runs inside the JMS transaction, so a crash mid-retry redelivers the event.
 */
public class HttpDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDelivery.class);
    private static final MediaType CE_JSON = MediaType.get(CloudEvent.CONTENT_TYPE + "; charset=utf-8");

    private final HubRegistry registry;
    private final OkHttpClient baseClient;
    private final Clock clock;
    private final DeliveryListener listener;
    private final java.util.concurrent.ConcurrentHashMap<String, OkHttpClient> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, CircuitBreaker> breakers = new java.util.concurrent.ConcurrentHashMap<>();
    private final DeliveryLog deliveryLog;

    /**
     * A claim not refreshed for this long belongs to a crashed consumer and is taken over. Live claims
     * are refreshed about every 5 s while their delivery is retried or waits for the circuit.
     */
    static final Duration CLAIM_STALE_AFTER = Duration.ofSeconds(30);

    public HttpDelivery(HubRegistry registry, OkHttpClient baseClient, Clock clock, DeliveryListener listener) {
        this(registry, baseClient, clock, listener, DeliveryLog.NONE);
    }

    public HttpDelivery(HubRegistry registry, OkHttpClient baseClient, Clock clock, DeliveryListener listener,
                        DeliveryLog deliveryLog) {
        this.deliveryLog = deliveryLog;
        this.registry = registry;
        this.baseClient = baseClient;
        this.clock = clock;
        this.listener = listener;
    }

    /** Delivers the exchange body (a CloudEvent JSON string) to the destination in {@link HubHeaders#DESTINATION_ID}. */
    public void deliver(Exchange exchange) throws InterruptedException {
        String destinationId = exchange.getProperty(HubHeaders.DESTINATION_ID, String.class);
        Destination d = registry.destination(destinationId).orElseThrow(() ->
                new DeliveryFailedException("destination '" + destinationId + "' is not configured", 0, 0, true));
        String body = exchange.getMessage().getBody(String.class);
        String dedupeKey = exchange.getMessage().getHeader(HubHeaders.DEDUPE_KEY, String.class);
        String eventType = exchange.getMessage().getHeader(HubHeaders.EVENT_TYPE, String.class);
        String subject = exchange.getMessage().getHeader(HubHeaders.SUBJECT, String.class);
        String deliveryKey = eventType + "|" + (dedupeKey != null ? dedupeKey : Integer.toHexString(body.hashCode()));
        DeliveryContext ctx = new DeliveryContext(d.id(), exchange.getMessage().getHeader(HubHeaders.CONNECTOR_ID, String.class),
                subject, exchange.getMessage().getHeader(HubHeaders.EVENT_ID, String.class), eventType,
                instant(exchange.getMessage().getHeader(HubHeaders.RECEIVED_AT, String.class)),
                instant(exchange.getMessage().getHeader(HubHeaders.EVENT_TIME, String.class)));

        // once per destination: claim first (race-safe across consumers and instances)
        while (true) {
            ensureCurrent(d);
            DeliveryLog.Claim claim = deliveryLog.claim(d.id(), deliveryKey, subject, eventType, CLAIM_STALE_AFTER);
            if (claim == DeliveryLog.Claim.ALREADY_DELIVERED) {
                listener.onDuplicateSkipped(ctx);
                return;
            }
            if (claim == DeliveryLog.Claim.DELIVER) {
                break;
            }
            Thread.sleep(200);
        }
        try {
            int attempts = send(d, body, dedupeKey, ctx, () -> {
                ensureCurrent(d);
                deliveryLog.refresh(d.id(), deliveryKey);
            });
            deliveryLog.delivered(d.id(), deliveryKey);
            exchange.getMessage().setHeader(HubHeaders.ERROR_ATTEMPTS, attempts);
        } catch (InterruptedException | RuntimeException e) {
            try {
                deliveryLog.release(d.id(), deliveryKey);
            } catch (RuntimeException releaseFailed) {
                LOG.warn("could not release delivery claim {} for {}: {}", deliveryKey, d.id(), releaseFailed.toString());
            }
            throw e;
        }
    }

    private int send(Destination d, String body, String dedupeKey, DeliveryContext ctx, Runnable heartbeat)
            throws InterruptedException {
        OkHttpClient client = clients.computeIfAbsent(d.id() + "|" + d.timeout().toMillis(), k -> baseClient.newBuilder()
                .callTimeout(d.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(d.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .followRedirects(false)
                .build());
        CircuitBreaker breaker = breaker(d);
        long started = System.nanoTime();
        long firstFailure = 0;
        boolean sawOpen = false;
        int counted = 0;
        int attempt = 0;
        String lastFailure = "";
        int lastStatus = 0;
        while (true) {
            ensureCurrent(d);
            boolean probe = breaker.awaitPermission(heartbeat);
            if (attempt > 0) {
                heartbeat.run();
            }
            attempt++;
            Request.Builder rb = new Request.Builder().url(d.url()).post(RequestBody.create(body, CE_JSON));
            d.headers().forEach(rb::header);
            if (dedupeKey != null) {
                rb.header("Idempotency-Key", dedupeKey);
            }
            Duration wait;
            try (Response response = client.newCall(rb.build()).execute()) {
                lastStatus = response.code();
                if (response.isSuccessful()) {
                    breaker.onSuccess();
                    listener.onDelivered(ctx, attempt, Duration.ofNanos(System.nanoTime() - started));
                    return attempt;
                }
                lastFailure = "HTTP " + response.code();
                boolean retryable = response.code() >= 500 || response.code() == 429 || response.code() == 408;
                if (!retryable) {
                    breaker.onSuccess(); // the destination is up; it refused this event
                    listener.onFailed(ctx, lastFailure);
                    throw new DeliveryFailedException(d.url() + " answered " + response.code()
                            + " (not retryable)", response.code(), attempt, false);
                }
                Optional<Duration> retryAfter = Http.retryAfter(response.header("Retry-After"), clock);
                final int n = attempt;
                wait = retryAfter.map(ra -> min(ra, d.maxBackoff())).orElseGet(() -> backoff(d, n));
            } catch (IOException e) {
                lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastStatus = 0;
                wait = backoff(d, attempt);
            }
            if (firstFailure == 0) {
                firstFailure = System.nanoTime();
            }
            boolean open = breaker.onFailure(probe);
            sawOpen |= open;
            if (!open) {
                counted++;
            }
            boolean attemptsExhausted = !sawOpen && counted >= d.maxAttempts();
            boolean windowExhausted = System.nanoTime() - firstFailure > d.retryWindow().toNanos();
            if (attemptsExhausted || windowExhausted) {
                listener.onFailed(ctx, lastFailure);
                throw new DeliveryFailedException("delivery to destination '" + d.id() + "' failed after " + attempt
                        + " attempts" + (windowExhausted ? " over the retry window" : "") + ": " + lastFailure,
                        lastStatus, attempt, true);
            }
            listener.onRetry(ctx, attempt, lastFailure);
            LOG.debug("delivery to {} failed ({}), attempt {}, circuit {}, retrying in {} ms", d.id(), lastFailure, attempt,
                    breaker.state(), wait.toMillis());
            if (!open) {
                long until = System.nanoTime() + wait.toNanos();
                while (System.nanoTime() < until) {
                    Thread.sleep(Math.max(1, Math.min(5_000, (until - System.nanoTime()) / 1_000_000)));
                    heartbeat.run();
                }
            }
        }
    }

    /** The destination's circuit breaker state (health, ops API). */
    public CircuitBreaker.State breakerState(String destinationId) {
        CircuitBreaker b = breakers.get(destinationId);
        return b == null ? CircuitBreaker.State.CLOSED : b.state();
    }

    private CircuitBreaker breaker(Destination d) {
        return breakers.compute(d.id(), (k, b) -> b != null && b.matches(d.breakerThreshold(), d.breakerOpenFor())
                ? b : new CircuitBreaker(d.breakerThreshold(), d.breakerOpenFor()));
    }

    private static Duration backoff(Destination d, int attempt) {
        return io.omnihub.routes.Backoff.equalJitter(d.initialBackoff(), d.maxBackoff(), attempt);
    }

    /** Stops a delivery whose destination was removed or replaced by a changed file (see {@link DeliveryAbortedException}). */
    private void ensureCurrent(Destination d) {
        if (registry.destination(d.id()).orElse(null) != d) {
            throw new DeliveryAbortedException("destination '" + d.id() + "' was removed or changed while delivering; the event stays queued");
        }
    }

    private static java.time.Instant instant(String s) {
        try {
            return s == null ? null : java.time.Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * The event a delivery outcome is about.
     *
     * @param destinationId the destination
     * @param connectorId   the connector the event came from (null when the message does not say)
     * @param subject       the CloudEvent subject
     * @param eventId       the CloudEvent id (null when the message does not say)
     * @param eventType     the CloudEvent type
     */
    public record DeliveryContext(String destinationId, String connectorId, String subject, String eventId,
                                  String eventType, java.time.Instant receivedAt, java.time.Instant eventTime) {

        public DeliveryContext(String destinationId, String connectorId, String subject, String eventId, String eventType) {
            this(destinationId, connectorId, subject, eventId, eventType, null, null);
        }
    }

    /**
     * Receives delivery outcomes (metrics, health, trace). The delivery calls the overloads taking a
     * {@link DeliveryContext}; by default they forward to the shorter ones, so a listener implements
     * whichever it needs.
     */
    public interface DeliveryListener {
        default void onDelivered(DeliveryContext event, int attempts, Duration took) {
            onDelivered(event.destinationId(), event.eventType(), attempts, took);
        }

        default void onRetry(DeliveryContext event, int attempt, String failure) {
            onRetry(event.destinationId(), event.eventType(), attempt, failure);
        }

        default void onFailed(DeliveryContext event, String failure) {
            onFailed(event.destinationId(), event.eventType(), failure);
        }

        default void onDuplicateSkipped(DeliveryContext event) {
            onDuplicateSkipped(event.destinationId(), event.eventType());
        }

        default void onDelivered(String destinationId, String eventType, int attempts, Duration took) {
        }

        default void onRetry(String destinationId, String eventType, int attempt, String failure) {
        }

        default void onFailed(String destinationId, String eventType, String failure) {
        }

        /** An event already delivered to this destination came again and was acknowledged without a call. */
        default void onDuplicateSkipped(String destinationId, String eventType) {
        }

        DeliveryListener NONE = new DeliveryListener() { };
    }
}
