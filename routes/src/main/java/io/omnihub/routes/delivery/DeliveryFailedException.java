package io.omnihub.routes.delivery;

/** A delivery that will not succeed by retrying now: the event goes to the destination's dead-letter queue. */
public class DeliveryFailedException extends RuntimeException {

    private final int status;
    private final int attempts;
    private final boolean retriesExhausted;

    public DeliveryFailedException(String message, int status, int attempts, boolean retriesExhausted) {
        super(message);
        this.status = status;
        this.attempts = attempts;
        this.retriesExhausted = retriesExhausted;
    }

    /** Last HTTP status, 0 for an I/O failure. */
    public int status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public boolean retriesExhausted() {
        return retriesExhausted;
    }
}
