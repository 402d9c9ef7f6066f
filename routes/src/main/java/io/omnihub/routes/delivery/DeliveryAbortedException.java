package io.omnihub.routes.delivery;

/**
 * The destination was removed or its file changed while an event was being delivered to it: the
 * delivery stops retrying at once and the broker transaction is rolled back, so the event stays in the
 * destination's queue (delivered by the new routes after a change) and a config reload never waits for
 * a retry loop.
 */
public class DeliveryAbortedException extends RuntimeException {

    public DeliveryAbortedException(String message) {
        super(message);
    }
}
