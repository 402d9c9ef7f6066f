package io.omnihub.routes;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Retry waits shared by the hub's retry loops (HTTP delivery, fulfillment pushes). */
public final class Backoff {

    private Backoff() {
    }

    /**
     * Exponential backoff with "equal jitter": between half and all of {@code initial * 2^(attempt-1)},
     * capped at {@code max}; at least half of it, so retries never collapse to zero.
     */
    public static Duration equalJitter(Duration initial, Duration max, int attempt) {
        long base = initial.toMillis() * (1L << Math.min(attempt - 1, 20));
        long cap = Math.max(1, Math.min(base, max.toMillis()));
        return Duration.ofMillis(cap / 2 + ThreadLocalRandom.current().nextLong(cap - cap / 2 + 1));
    }
}
