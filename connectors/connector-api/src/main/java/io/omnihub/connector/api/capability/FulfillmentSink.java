package io.omnihub.connector.api.capability;

import java.time.Instant;
import java.util.List;

/** Pushes a shipment from the back office to the channel that sold the order. */
public interface FulfillmentSink {

    /**
     * Creates the shipment on the platform; idempotent for the same {@code idempotencyKey}.
     *
     * @return the platform's fulfillment id
     */
    String pushFulfillment(Shipment shipment);

    /** A shipment for one order of this channel. */
    record Shipment(String orderExternalId, List<Line> lines, String carrier, List<String> trackingNumbers,
                    List<String> trackingUrls, Instant shippedAt, boolean notifyCustomer, String idempotencyKey) {
    }

    /** A shipped line: the platform's line id or the SKU, and the quantity. */
    record Line(String lineId, String sku, long quantity) {
    }
}
