package io.omnihub.connector.stripe;

import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.EntityFetcher;
import java.util.Optional;

/**
 * Re-reads the current state of the object behind an event ({@code GET /v1/payment_intents/{id}},
 * {@code /v1/charges/{id}}, {@code /v1/refunds/{id}}, {@code /v1/disputes/{id}}), e.g. when events
 * arrived out of order; empty when Stripe no longer has the object.
 */
final class StripeEntityFetcher implements EntityFetcher {

    private final StripeClient client;

    StripeEntityFetcher(StripeClient client) {
        this.client = client;
    }

    @Override
    public Optional<PlatformEvent> fetch(PlatformEvent event) {
        String id = event.externalId();
        String resource = resourceFor(id);
        return client.getIfExists(client.url("v1", resource, id).build())
                .map(obj -> event.withPayload(obj, event.version()));
    }

    /** The API collection of an object id, by Stripe's id prefixes. */
    static String resourceFor(String id) {
        if (id.startsWith("pi_")) {
            return "payment_intents";
        }
        if (id.startsWith("ch_") || id.startsWith("py_")) {
            return "charges";
        }
        if (id.startsWith("re_") || id.startsWith("pyr_")) {
            return "refunds";
        }
        if (id.startsWith("dp_") || id.startsWith("du_")) {
            return "disputes";
        }
        throw new IllegalArgumentException("not a PaymentIntent, Charge, Refund or Dispute id: " + id);
    }
}
