package io.omnihub.routes.delivery;

import java.time.Duration;

/**
 * A destination's circuit breaker: after {@code threshold} consecutive failed calls it opens for
 * {@code openFor}; consumers then wait instead of calling (an outage does not burn retries), one
 * probe call is let through afterwards, and a success closes it. A failed probe opens it again for
 * twice as long (at most 5 minutes).
 */
public final class CircuitBreaker {

    /** Breaker states as reported to health and the ops API. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration openFor;
    private int consecutiveFailures;
    private long openUntilNanos;
    private long currentOpenNanos;
    private boolean probing;
    private long openedCount;

    public CircuitBreaker(int threshold, Duration openFor) {
        this.threshold = Math.max(1, threshold);
        this.openFor = openFor;
        this.currentOpenNanos = openFor.toNanos();
    }

    /**
     * Blocks while the circuit is open; returns when this caller may call the destination.
     *
     * @return true if this call is the half-open probe
     */
    public boolean awaitPermission() throws InterruptedException {
        return awaitPermission(() -> { });
    }

    /** As {@link #awaitPermission()}, calling {@code whileWaiting} about every 5 s of waiting. */
    public boolean awaitPermission(Runnable whileWaiting) throws InterruptedException {
        long lastTick = System.nanoTime();
        while (true) {
            if (System.nanoTime() - lastTick > 5_000_000_000L) {
                whileWaiting.run();
                lastTick = System.nanoTime();
            }
            long sleepMs;
            synchronized (this) {
                long now = System.nanoTime();
                if (openUntilNanos == 0) {
                    return false;
                }
                if (now >= openUntilNanos && !probing) {
                    probing = true;
                    return true;
                }
                sleepMs = now >= openUntilNanos ? 100 : Math.max(1, Math.min(500, (openUntilNanos - now) / 1_000_000));
            }
            Thread.sleep(sleepMs);
        }
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        openUntilNanos = 0;
        probing = false;
        currentOpenNanos = openFor.toNanos();
    }

    /** Records a failed call; returns true when the circuit is (now) open. */
    public synchronized boolean onFailure(boolean wasProbe) {
        consecutiveFailures++;
        if (wasProbe) {
            probing = false;
            currentOpenNanos = Math.min(currentOpenNanos * 2, Duration.ofMinutes(5).toNanos());
            openUntilNanos = System.nanoTime() + currentOpenNanos;
            return true;
        }
        if (openUntilNanos == 0 && consecutiveFailures >= threshold) {
            openUntilNanos = System.nanoTime() + currentOpenNanos;
            openedCount++;
            return true;
        }
        return openUntilNanos != 0;
    }

    public synchronized State state() {
        if (openUntilNanos == 0) {
            return State.CLOSED;
        }
        return System.nanoTime() >= openUntilNanos ? State.HALF_OPEN : State.OPEN;
    }

    /** Whether this breaker has the given settings (a changed destination file gets a new one). */
    public boolean matches(int threshold, Duration openFor) {
        return this.threshold == Math.max(1, threshold) && this.openFor.equals(openFor);
    }

    public synchronized long openedCount() {
        return openedCount;
    }
}
