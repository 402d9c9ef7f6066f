package io.omnihub.mapping.woocommerce;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import java.util.Locale;
import java.util.Map;

/**
 * The WooCommerce order status table of platforms.md section 7: {@code status} to the canonical
 * (order, payment, fulfillment) triple, with the facts the table derives from other fields
 * (paid or not, shipped or not, refunds) and the {@code spec.mapping.statuses} overrides for plugin statuses.
 */
public final class WooCommerceStatusMapping {

    /** Exception code for a status neither the table nor the overrides know. */
    public static final String UNMAPPED_STATUS = "UNMAPPED_STATUS";
    /** Exception code carrying the table's {@code deleted=true} for trashed orders. */
    public static final String TRASHED = "TRASHED";

    /**
     * The mapped statuses. {@code order} is null for an unmapped status: consumers keep the previous one.
     */
    public record Triple(OrderStatus order, PaymentStatus payment, FulfillmentStatus fulfillment, String exceptionCode) {
    }

    /**
     * Facts from the order besides its status.
     *
     * @param paid        {@code date_paid_gmt} is set
     * @param shipped     {@code date_completed_gmt} is set (WooCommerce's only trace of a shipment)
     * @param refunded    sum of {@code refunds[].total} (absolute)
     * @param total       order {@code total}
     */
    public record Facts(boolean paid, boolean shipped, java.math.BigDecimal refunded, java.math.BigDecimal total) {
    }

    private WooCommerceStatusMapping() {
    }

    public static Triple map(String status, Facts f, Map<String, String> overrides) {
        String s = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("wc-")) {
            s = s.substring(3);
        }
        Triple t = switch (s) {
            case "checkout-draft" -> new Triple(OrderStatus.DRAFT, PaymentStatus.NONE, FulfillmentStatus.UNFULFILLED, null);
            case "pending" -> new Triple(OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED, null);
            case "on-hold" -> new Triple(OrderStatus.ON_HOLD, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED, null);
            case "processing" -> new Triple(OrderStatus.OPEN, paid(f), FulfillmentStatus.UNFULFILLED, null);
            case "completed" -> new Triple(OrderStatus.COMPLETED, paid(f), FulfillmentStatus.FULFILLED, null);
            case "cancelled" -> new Triple(OrderStatus.CANCELLED, f.paid() ? PaymentStatus.VOIDED : PaymentStatus.NONE,
                    FulfillmentStatus.CANCELLED, null);
            case "refunded" -> f.shipped()
                    ? new Triple(OrderStatus.COMPLETED, PaymentStatus.REFUNDED, FulfillmentStatus.FULFILLED, null)
                    : new Triple(OrderStatus.CANCELLED, PaymentStatus.REFUNDED, FulfillmentStatus.CANCELLED, null);
            case "failed" -> new Triple(OrderStatus.CANCELLED, PaymentStatus.FAILED, FulfillmentStatus.CANCELLED, null);
            case "trash" -> new Triple(OrderStatus.CANCELLED, derivedPayment(f), derivedFulfillment(f), TRASHED);
            default -> null;
        };
        if (t != null) {
            return t;
        }
        String override = overrides.get(s);
        if (override == null && status != null) {
            override = overrides.get(status.trim());
        }
        if (override != null) {
            String[] parts = override.split("/");
            OrderStatus o = OrderStatus.valueOf(parts[0].trim());
            if (parts.length == 3) {
                return new Triple(o, PaymentStatus.valueOf(parts[1].trim()), FulfillmentStatus.valueOf(parts[2].trim()), null);
            }
            return new Triple(o, derivedPayment(f), derivedFulfillment(f), null);
        }
        return new Triple(null, derivedPayment(f), derivedFulfillment(f), UNMAPPED_STATUS);
    }

    /** PAID, or PARTIALLY_REFUNDED / REFUNDED from the refunds sum (Woo has no partial-refund status). */
    private static PaymentStatus paid(Facts f) {
        if (f.refunded() != null && f.refunded().signum() > 0 && f.total() != null) {
            return f.refunded().compareTo(f.total()) >= 0 ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        }
        return PaymentStatus.PAID;
    }

    /** For the table's "—" cells: what the dates say. */
    private static PaymentStatus derivedPayment(Facts f) {
        return f.paid() ? paid(f) : PaymentStatus.NONE;
    }

    private static FulfillmentStatus derivedFulfillment(Facts f) {
        return f.shipped() ? FulfillmentStatus.FULFILLED : FulfillmentStatus.UNFULFILLED;
    }
}
