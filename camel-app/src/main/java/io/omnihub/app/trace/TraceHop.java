package io.omnihub.app.trace;

import java.time.Instant;

/**
 * One hop of an entity through the hub.
 *
 * @param at          when it happened
 * @param hop         what happened
 * @param subject     the entity's canonical key ({@code shopify-eu:order:450789469}, {@code sku:TSHIRT-RED-M})
 * @param orderNumber the platform's order number, on the hops that know it (orders only)
 * @param connector   the connector (channel) involved, when known
 * @param destination the destination involved, when any
 * @param eventId     the CloudEvent id, when any
 * @param eventType   the CloudEvent type, when known
 * @param ref         a reference: the raw event ({@code raw:{connector}:{eventKey}}) or the dead letter's message id
 * @param detail      a short explanation without payload, secrets or personal data
 */
public record TraceHop(Instant at, Hop hop, String subject, String orderNumber, String connector, String destination,
                       String eventId, String eventType, String ref, String detail) {
}
