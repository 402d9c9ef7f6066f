package io.omnihub.routes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configured destination ({@code kind: Destination}): where canonical events of the subscribed
 * entities are delivered, and how hard to try.
 *
 * @param id          {@code metadata.id}
 * @param type        {@code spec.type} ({@code http})
 * @param subscribe   entity keys ({@code order}, {@code product}, ...)
 * @param url         HTTP endpoint
 * @param headers     extra request headers (secrets already resolved; never logged)
 * @param timeout     per-request timeout
 * @param maxAttempts attempts before the event is parked in the dead-letter queue
 * @param initialBackoff first retry delay (doubles per attempt, with jitter)
 * @param maxBackoff  cap of one retry delay (also caps Retry-After)
 * @param concurrency parallel consumers per subscribed entity (ordering per entity is kept by message groups)
 * @param sourceFile  the config file it came from
 * @param retryWindow longest an event is retried while the destination is down (circuit open) before it is dead-lettered
 * @param breakerThreshold consecutive failed calls that open the destination's circuit breaker
 * @param breakerOpenFor how long the circuit stays open before one probe call
 */
public record Destination(String id, String type, Set<String> subscribe, String url, Map<String, String> headers,
                          Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                          int concurrency, String sourceFile, Duration retryWindow, int breakerThreshold,
                          Duration breakerOpenFor) {

    public Destination {
        subscribe = Set.copyOf(subscribe);
        headers = Map.copyOf(headers);
    }

    /** With default retry window (24 h) and circuit breaker (5 failures, 30 s). */
    public Destination(String id, String type, Set<String> subscribe, String url, Map<String, String> headers,
                       Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                       int concurrency, String sourceFile) {
        this(id, type, subscribe, url, headers, timeout, maxAttempts, initialBackoff, maxBackoff, concurrency, sourceFile,
                Duration.ofHours(24), 5, Duration.ofSeconds(30));
    }

    /** Subscribed entity keys in a stable order. */
    public List<String> subscribedSorted() {
        return subscribe.stream().sorted().toList();
    }

    @Override
    public String toString() {
        return "Destination[" + id + ", " + type + ", " + url + "]";
    }
}
