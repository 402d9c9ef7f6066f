package io.omnihub.mapping.tiktokshop;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import io.omnihub.mapping.api.MappingException;

/**
 * TikTok Shop {@code order_status} to the canonical status triple (platforms.md section 7, TikTok Shop
 * table, a secondary source). {@code CANCEL} (webhook spelling) equals {@code CANCELLED} (order API);
 * a cancelled order is payment {@code REFUNDED} when it had been paid, else {@code VOIDED}.
 */
public final class TiktokShopStatus {

    /** The canonical triple. */
    public record Triple(OrderStatus order, PaymentStatus payment, FulfillmentStatus fulfillment) {
    }

    private TiktokShopStatus() {
    }

    /**
     * @param status the platform's order status
     * @param paid   whether the order was ever paid ({@code paid_time} set); only used for cancellations
     */
    public static Triple of(String status, boolean paid) {
        if (status == null) {
            throw new MappingException("order has no status");
        }
        return switch (status) {
            case "UNPAID" -> new Triple(OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED);
            case "ON_HOLD" -> new Triple(OrderStatus.ON_HOLD, PaymentStatus.PAID, FulfillmentStatus.ON_HOLD);
            case "AWAITING_SHIPMENT" -> new Triple(OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.UNFULFILLED);
            case "PARTIALLY_SHIPPING" -> new Triple(OrderStatus.PARTIALLY_FULFILLED, PaymentStatus.PAID,
                    FulfillmentStatus.PARTIALLY_FULFILLED);
            case "AWAITING_COLLECTION" -> new Triple(OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.IN_PROGRESS);
            case "IN_TRANSIT" -> new Triple(OrderStatus.FULFILLED, PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
            case "DELIVERED" -> new Triple(OrderStatus.DELIVERED, PaymentStatus.PAID, FulfillmentStatus.DELIVERED);
            case "COMPLETED" -> new Triple(OrderStatus.COMPLETED, PaymentStatus.PAID, FulfillmentStatus.DELIVERED);
            case "CANCELLED", "CANCEL" -> new Triple(OrderStatus.CANCELLED,
                    paid ? PaymentStatus.REFUNDED : PaymentStatus.VOIDED, FulfillmentStatus.CANCELLED);
            default -> throw new MappingException("unknown TikTok Shop order status '" + status + "'");
        };
    }
}
