package io.omnihub.routes.store;

import java.time.Duration;

/**
 * Makes each canonical event take effect once per destination, across broker redeliveries,
 * restarts, concurrent consumers and several hub instances.
 */
public interface DeliveryLog {

    /** What a consumer may do with an event. */
    enum Claim {
        /** Deliver it: this consumer holds the claim. */
        DELIVER,
        /** Already delivered: acknowledge without delivering. */
        ALREADY_DELIVERED,
        /** Another consumer is delivering it right now: ask again shortly. */
        IN_PROGRESS
    }

    /** Claims the delivery; a claim older than {@code staleAfter} (its owner crashed) is taken over. */
    Claim claim(String destinationId, String deliveryKey, String subject, String eventType, Duration staleAfter);

    /** Keeps a claim fresh while its delivery is still being retried (so it is not taken over). */
    default void refresh(String destinationId, String deliveryKey) {
    }

    /** Marks the claimed delivery done. */
    void delivered(String destinationId, String deliveryKey);

    /** Gives the claim up after a failure, so a retry or a replay can deliver it. */
    void release(String destinationId, String deliveryKey);

    /** No bookkeeping: every delivery goes out (tests of the bare route). */
    DeliveryLog NONE = new DeliveryLog() {
        @Override
        public Claim claim(String d, String k, String s, String t, Duration staleAfter) {
            return Claim.DELIVER;
        }

        @Override
        public void delivered(String d, String k) {
        }

        @Override
        public void release(String d, String k) {
        }
    };
}
