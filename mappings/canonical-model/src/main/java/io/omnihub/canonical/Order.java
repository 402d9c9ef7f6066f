package io.omnihub.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Canonical order ({@code io.omnihub.order.upserted.v1}). */
public record Order(
        String orderId,
        ChannelRef channel,
        String externalId,
        String orderNumber,
        Instant createdAt,
        Instant updatedAt,
        String currency,
        OrderStatus status,
        PaymentStatus paymentStatus,
        FulfillmentStatus fulfillmentStatus,
        String sourceStatus,
        String cancelReason,
        String exceptionCode,
        Customer customer,
        Address billingAddress,
        Address shippingAddress,
        List<Line> lines,
        List<ShippingLine> shippingLines,
        Totals totals,
        Boolean taxesIncluded,
        List<Payment> payments,
        List<Refund> refunds,
        List<Fulfillment> fulfillments,
        List<String> tags,
        String note,
        SourceRef source) {

    /** Order lifecycle. */
    public enum OrderStatus { DRAFT, PENDING_PAYMENT, ON_HOLD, OPEN, PARTIALLY_FULFILLED, FULFILLED, DELIVERED, COMPLETED, CANCELLED }

    /** Order-level payment aggregate. */
    public enum PaymentStatus { NONE, PENDING, AUTHORIZED, PARTIALLY_PAID, PAID, PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED, EXPIRED }

    /** Order-level fulfillment aggregate. */
    public enum FulfillmentStatus { UNFULFILLED, ON_HOLD, IN_PROGRESS, PARTIALLY_FULFILLED, FULFILLED, DELIVERED, RETURNED, CANCELLED }

    /** One order line. */
    public record Line(String lineId, String sku, String title, String variantTitle, BigDecimal quantity,
                       BigDecimal quantityFulfilled, BigDecimal quantityRefunded, Money unitPrice,
                       List<Discount> discounts, List<Tax> taxes, Money total) {
    }

    /** A discount allocated to a line. */
    public record Discount(String code, Money amount) {
    }

    /** A tax on a line; {@code rate} is a decimal fraction such as {@code 0.2}. */
    public record Tax(String name, BigDecimal rate, Money amount) {
    }

    /** A shipping charge. */
    public record ShippingLine(String code, String title, Money price) {
    }

    /** Order totals. */
    public record Totals(Money subtotal, Money discount, Money shipping, Money tax, Money total, Money refunded) {
    }
}
