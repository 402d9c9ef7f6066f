package io.omnihub.routes.stock;

/**
 * Decides when a channel's stock batch goes out (the push window). A batch closes when it holds the
 * platform's batch size, or when the queue has been quiet for {@code idle} since its newest update, or
 * when its oldest update is {@code maxAge} old; but never while the platform has no rate budget for a
 * call: meanwhile the batch keeps taking updates (superseded ones coalesce) until it is full, and a full
 * batch stops reading so that newer quantities replace older ones on the last-value queue. So a channel
 * with budget gets small, prompt pushes, and a channel at its rate limit gets full batches only.
 *
 * <p>Times are {@link System#nanoTime()} values; the class holds no clock so that it can be tested
 * with made-up times. Not thread-safe: one instance per batch.
 */
public final class PushWindow {

    /** What the push worker does next. */
    public enum Action {
        /** Send the batch now. */
        PUSH,
        /** Wait up to {@link Step#nanos()} for the next update (0: take one only if it is already there). */
        RECEIVE,
        /** The batch is full but the platform has no budget: read nothing, wait {@link Step#nanos()}, ask again. */
        WAIT_BUDGET
    }

    /** The next step and how long it may wait, in nanoseconds. */
    public record Step(Action action, long nanos) {
    }

    private final int maxBatch;
    private final long idleNanos;
    private final long maxAgeNanos;
    private final long pollNanos;
    private long firstAt;
    private long lastAt;
    private boolean started;

    /**
     * @param maxBatch    the platform's batch size (distinct SKU and location keys per call)
     * @param idleNanos   quiet time after the newest update that closes a batch (the linger)
     * @param maxAgeNanos age of the oldest update that closes a batch even while updates keep coming
     * @param pollNanos   how long an empty batch waits for its first update
     */
    public PushWindow(int maxBatch, long idleNanos, long maxAgeNanos, long pollNanos) {
        this.maxBatch = Math.max(1, maxBatch);
        this.idleNanos = Math.max(0, idleNanos);
        this.maxAgeNanos = Math.max(this.idleNanos, maxAgeNanos);
        this.pollNanos = Math.max(0, pollNanos);
    }

    /** An update (new or superseding one already in the batch) arrived at {@code now}. */
    public void added(long now) {
        if (!started) {
            firstAt = now;
            started = true;
        }
        lastAt = now;
    }

    /**
     * The next step.
     *
     * @param keys        distinct keys in the batch
     * @param budgetNanos time until the platform's budget takes a call (0: it does now)
     * @param now         the current time
     */
    public Step next(int keys, long budgetNanos, long now) {
        boolean ready = budgetNanos <= 0;
        if (keys <= 0) {
            // nothing collected yet: wait briefly for a first update (with or without budget: updates read while
            // the budget refills are coalesced here just as on the queue, and the batch is ready when the budget is)
            return new Step(Action.RECEIVE, ready ? pollNanos : Math.min(pollNanos, budgetNanos));
        }
        if (keys >= maxBatch) {
            return ready ? new Step(Action.PUSH, 0) : new Step(Action.WAIT_BUDGET, budgetNanos);
        }
        if (!ready) {
            return new Step(Action.RECEIVE, budgetNanos); // keep filling while the budget refills
        }
        long quietUntil = lastAt + idleNanos;
        long oldestUntil = firstAt + maxAgeNanos;
        long until = Math.min(quietUntil, oldestUntil);
        if (now - until >= 0) {
            return new Step(Action.PUSH, 0);
        }
        return new Step(Action.RECEIVE, until - now);
    }
}
