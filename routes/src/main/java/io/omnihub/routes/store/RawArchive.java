package io.omnihub.routes.store;

import io.omnihub.connector.api.capability.WebhookRequest;

/** Keeps each verified raw webhook (bytes and headers) for a retention period; idempotent per event. */
public interface RawArchive {

    void archive(WebhookRequest request, String eventKey);

    RawArchive NONE = (r, k) -> { };
}
