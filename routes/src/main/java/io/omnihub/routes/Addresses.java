package io.omnihub.routes;

/**
 * Broker address and queue names (contract §5) and the hub's internal queues.
 *
 * <ul>
 *   <li>{@code omnihub.<entity>}: multicast addresses with the canonical CloudEvents</li>
 *   <li>{@code dest.<destinationId>.<entity>}: each destination's durable queue on those addresses</li>
 *   <li>{@code omnihub.dlq.<destinationId>}: a destination's dead-letter queue</li>
 *   <li>{@code omnihub.raw.<connectorId>}: verified raw webhooks, durable before the 200 answer</li>
 *   <li>{@code omnihub.dlq.raw.<connectorId>}: raw events that could not be mapped</li>
 *   <li>{@code omnihub.backoffice.stock}: stock levels from the back office</li>
 *   <li>{@code omnihub.push.stock.<connectorId>}: last-value queue of quantities to push to a channel</li>
 *   <li>{@code omnihub.push.fulfillment.<connectorId>}: shipments from the back office to push to a channel</li>
 *   <li>{@code omnihub.dlq.fulfillment.<connectorId>}: shipments the channel refused or that failed every attempt</li>
 * </ul>
 */
public final class Addresses {

    public static final String BACKOFFICE_STOCK = "omnihub.backoffice.stock";
    public static final String DLQ_PREFIX = "omnihub.dlq.";

    private Addresses() {
    }

    public static String canonical(String entity) {
        return "omnihub." + entity;
    }

    public static String destinationQueue(String destinationId, String entity) {
        return "dest." + destinationId + "." + entity;
    }

    /** Fully qualified queue name {@code address::queue} for consuming a destination's queue. */
    public static String destinationFqqn(String destinationId, String entity) {
        return canonical(entity) + "::" + destinationQueue(destinationId, entity);
    }

    public static String destinationDlq(String destinationId) {
        return DLQ_PREFIX + destinationId;
    }

    public static String raw(String connectorId) {
        return "omnihub.raw." + connectorId;
    }

    public static String rawDlq(String connectorId) {
        return DLQ_PREFIX + "raw." + connectorId;
    }

    public static String stockPush(String connectorId) {
        return "omnihub.push.stock." + connectorId;
    }

    /** A channel's durable (anycast) queue of shipments to push ({@code POST /api/v1/fulfillments}). */
    public static String fulfillmentPush(String connectorId) {
        return "omnihub.push.fulfillment." + connectorId;
    }

    /** A channel's dead-letter queue of shipments that could not be pushed. */
    public static String fulfillmentDlq(String connectorId) {
        return DLQ_PREFIX + "fulfillment." + connectorId;
    }
}
