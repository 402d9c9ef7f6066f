package io.omnihub.app.trace;

/** The kinds of trace hops; their names are values of the trace API ({@code hop}). */
public enum Hop {
    /** A webhook or poll brought a change of the entity into the hub (at = receipt time). */
    RECEIVED,
    /** The canonical CloudEvent was published to its broker address. */
    PUBLISHED,
    /** A change older than (or equal to) the version already applied was ignored. */
    STALE_DROPPED,
    /** A redelivered webhook, or an event already delivered to a destination, was acknowledged without effect. */
    DUPLICATE_SKIPPED,
    /** A destination accepted the event. */
    DELIVERED,
    /** A delivery attempt failed and will be retried. */
    RETRIED,
    /** The event (or raw webhook) was parked in a dead-letter queue. */
    DEAD_LETTERED,
    /** An operator replayed the dead letter. */
    REPLAYED,
    /** An operator corrected the dead letter's payload and replayed it. */
    EDITED_AND_REPLAYED,
    /** An operator discarded the dead letter. */
    DISCARDED,
    /** A channel accepted a stock quantity (subject {@code sku:<SKU>}). */
    STOCK_PUSHED,
    /** A channel refused a stock quantity, or the push failed. */
    STOCK_PUSH_FAILED,
    /** A channel accepted a shipment of the order (subject {@code {connectorId}:order:{externalId}}). */
    FULFILLMENT_PUSHED,
    /** A shipment push failed: retried, refused by the channel, or out of attempts. */
    FULFILLMENT_FAILED
}
