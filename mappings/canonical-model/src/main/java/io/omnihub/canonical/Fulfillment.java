package io.omnihub.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Canonical fulfillment ({@code io.omnihub.fulfillment.updated.v1}). */
public record Fulfillment(
        String fulfillmentId,
        String orderRef,
        String locationId,
        FulfillmentState status,
        List<Line> lines,
        String carrier,
        List<String> trackingNumbers,
        List<String> trackingUrls,
        Instant shippedAt,
        FulfilledBy fulfilledBy,
        SourceRef source) {

    /** Shipment state. */
    public enum FulfillmentState { PENDING, IN_PROGRESS, SHIPPED, IN_TRANSIT, DELIVERED, FAILED, CANCELLED, RETURNED }

    /** Who ships: the merchant or the platform (FBA, FBT). */
    public enum FulfilledBy { MERCHANT, PLATFORM }

    /** A shipped line. */
    public record Line(String lineId, String sku, BigDecimal quantity) {
    }
}
