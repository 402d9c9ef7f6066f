package io.omnihub.canonical;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Canonical refund ({@code io.omnihub.refund.updated.v1}). */
public record Refund(
        String refundId,
        Payment.Provider provider,
        String providerRefundId,
        String paymentRef,
        String orderRef,
        Money amount,
        String reason,
        RefundStatus status,
        List<Line> lines,
        Instant createdAt,
        SourceRef source) {

    /** Refund status. */
    public enum RefundStatus { PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELLED }

    /** A refunded line; {@code restock} tells whether the goods go back to stock. */
    public record Line(String lineId, BigDecimal quantity, Boolean restock) {
    }
}
