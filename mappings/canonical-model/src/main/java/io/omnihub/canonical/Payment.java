package io.omnihub.canonical;

import java.time.Instant;

/** Canonical payment ({@code io.omnihub.payment.updated.v1}). */
public record Payment(
        String paymentId,
        Provider provider,
        String providerPaymentId,
        String merchantReference,
        String orderRef,
        Money amount,
        Money capturedAmount,
        Money refundedAmount,
        Money fee,
        PaymentTxnStatus status,
        String method,
        Instant createdAt,
        Instant updatedAt,
        String failureCode,
        SourceRef source) {

    /** Payment providers. */
    public enum Provider { STRIPE, PAYPAL, ADYEN, SQUARE, ALIPAY, WECHATPAY, SHOPIFY_PAYMENTS, MARKETPLACE, OTHER }

    /** Payment transaction status. */
    public enum PaymentTxnStatus { PENDING, REQUIRES_ACTION, AUTHORIZED, CAPTURED, PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED, EXPIRED, DISPUTED }
}
