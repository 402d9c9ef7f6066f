package io.omnihub.routes.store;

/**
 * Remembers which platform events were durably accepted, so a redelivered webhook is answered 200
 * without a second enqueue. Keys are written only after the broker acknowledged the raw event, so a
 * crash in between makes the platform retry (never a lost event); a concurrent duplicate that slips
 * past the check is dropped by the broker's duplicate detection on the same id.
 */
public interface WebhookDedupeStore {

    /** Whether the event was accepted before. */
    boolean seen(String connectorId, String eventKey);

    /** Records the event as accepted; idempotent and race-safe. */
    void remember(String connectorId, String eventKey);

    /** A store that remembers nothing (broker duplicate detection only). */
    WebhookDedupeStore NONE = new WebhookDedupeStore() {
        @Override
        public boolean seen(String connectorId, String eventKey) {
            return false;
        }

        @Override
        public void remember(String connectorId, String eventKey) {
        }
    };
}
