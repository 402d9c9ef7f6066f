package io.omnihub.mapping.shopify;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import java.util.Locale;

/**
 * Shopify's REST order statuses to the canonical triple, per platforms.md section 7 "Shopify": financial_status
 * maps 1:1 to PaymentStatus; fulfillment_status (null, partial, fulfilled, restocked) gives FulfillmentStatus;
 * cancelled_at wins over everything; closed_at turns FULFILLED into COMPLETED.
 */
public final class ShopifyStatuses {

    private ShopifyStatuses() {
    }

    /** The canonical triple of one order. */
    public record Triple(OrderStatus status, PaymentStatus payment, FulfillmentStatus fulfillment) {
    }

    /** REST {@code financial_status} (lower case) to PaymentStatus; null or unknown is NONE. */
    public static PaymentStatus payment(String financialStatus) {
        if (financialStatus == null) {
            return PaymentStatus.NONE;
        }
        return switch (financialStatus.toLowerCase(Locale.ROOT)) {
            case "pending" -> PaymentStatus.PENDING;
            case "authorized" -> PaymentStatus.AUTHORIZED;
            case "partially_paid" -> PaymentStatus.PARTIALLY_PAID;
            case "paid" -> PaymentStatus.PAID;
            case "partially_refunded" -> PaymentStatus.PARTIALLY_REFUNDED;
            case "refunded" -> PaymentStatus.REFUNDED;
            case "voided" -> PaymentStatus.VOIDED;
            case "expired" -> PaymentStatus.EXPIRED;
            default -> PaymentStatus.NONE;
        };
    }

    /** REST {@code fulfillment_status} to FulfillmentStatus (before cancellation is applied). */
    public static FulfillmentStatus fulfillment(String fulfillmentStatus) {
        if (fulfillmentStatus == null) {
            return FulfillmentStatus.UNFULFILLED;
        }
        return switch (fulfillmentStatus.toLowerCase(Locale.ROOT)) {
            case "partial" -> FulfillmentStatus.PARTIALLY_FULFILLED;
            case "fulfilled" -> FulfillmentStatus.FULFILLED;
            // "restocked" (and GraphQL-only OPEN/UNFULFILLED spellings) count as unfulfilled
            default -> FulfillmentStatus.UNFULFILLED;
        };
    }

    /**
     * The whole triple.
     *
     * @param cancelled whether {@code cancelled_at} is set
     * @param closed    whether {@code closed_at} is set
     */
    public static Triple triple(String financialStatus, String fulfillmentStatus, boolean cancelled, boolean closed) {
        PaymentStatus payment = payment(financialStatus);
        FulfillmentStatus fulfillment = fulfillment(fulfillmentStatus);
        if (cancelled) {
            // table row "any, with cancelled_at": unfulfilled lines are cancelled; shipped goods stay as shipped
            return new Triple(OrderStatus.CANCELLED, payment,
                    fulfillment == FulfillmentStatus.UNFULFILLED ? FulfillmentStatus.CANCELLED : fulfillment);
        }
        OrderStatus status = switch (fulfillment) {
            case FULFILLED -> closed ? OrderStatus.COMPLETED : OrderStatus.FULFILLED;
            case PARTIALLY_FULFILLED -> OrderStatus.PARTIALLY_FULFILLED;
            // REST has no capture policy field: pending and authorized both mean the money is not captured yet
            default -> payment == PaymentStatus.PENDING || payment == PaymentStatus.AUTHORIZED
                    ? OrderStatus.PENDING_PAYMENT : OrderStatus.OPEN;
        };
        return new Triple(status, payment, fulfillment);
    }
}
