package io.omnihub.connector.support;

import java.time.Duration;

/**
 * A thread-safe token bucket (leaky bucket) for client-side rate limiting: {@code capacity} tokens,
 * refilled at {@code ratePerSecond}. Connectors also feed it what the platform reports
 * ({@link #observe(double)}), so the local view never runs ahead of the platform's.
 */
public final class TokenBucket {

    private final double capacity;
    private final double ratePerSecond;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double capacity, double ratePerSecond) {
        this.capacity = capacity;
        this.ratePerSecond = ratePerSecond;
        this.tokens = capacity;
        this.lastNanos = System.nanoTime();
    }

    /** Blocks until {@code cost} tokens are available, then takes them; returns the time waited. */
    public Duration acquire(double cost) throws InterruptedException {
        long waitedNanos = 0;
        while (true) {
            long sleepMs;
            synchronized (this) {
                refill();
                double need = Math.min(cost, capacity);
                if (tokens >= need) {
                    tokens -= need;
                    return Duration.ofNanos(waitedNanos);
                }
                sleepMs = (long) Math.ceil((need - tokens) / ratePerSecond * 1000.0);
            }
            long start = System.nanoTime();
            Thread.sleep(Math.max(1, sleepMs));
            waitedNanos += System.nanoTime() - start;
        }
    }

    /** Aligns the local level with what the platform reports as currently available. */
    public synchronized void observe(double available) {
        refill();
        tokens = Math.min(capacity, Math.max(0, available));
    }

    /** Tokens available now. */
    public synchronized double available() {
        refill();
        return tokens;
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
        lastNanos = now;
    }
}
