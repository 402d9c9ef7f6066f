package io.omnihub.mapping.stripe;

import io.omnihub.canonical.Payment.PaymentTxnStatus;
import io.omnihub.canonical.Refund.RefundStatus;
import io.omnihub.mapping.api.MappingException;

/**
 * Stripe statuses to canonical statuses, per the Stripe table of {@code reference/platforms.md} §7
 * (PaymentIntent, Refund and dispute rows) plus the Charge refinements documented on the docs page.
 */
public final class StripeStatuses {

    private StripeStatuses() {
    }

    /**
     * PaymentIntent {@code status}: requires_payment_method / requires_confirmation / processing are
     * PENDING, or FAILED when {@code last_payment_error} is present after an attempt; requires_action
     * REQUIRES_ACTION; requires_capture AUTHORIZED; succeeded CAPTURED (refined by the refunded amount);
     * canceled VOIDED.
     */
    public static PaymentTxnStatus paymentIntent(String status, boolean hasLastPaymentError, long amountReceived,
                                                 long amountRefunded) {
        if (status == null) {
            throw new MappingException("payment_intent.status is missing");
        }
        return switch (status) {
            case "requires_payment_method", "requires_confirmation", "processing" ->
                    hasLastPaymentError ? PaymentTxnStatus.FAILED : PaymentTxnStatus.PENDING;
            case "requires_action" -> PaymentTxnStatus.REQUIRES_ACTION;
            case "requires_capture" -> PaymentTxnStatus.AUTHORIZED;
            case "succeeded" -> refunded(amountReceived, amountRefunded, PaymentTxnStatus.CAPTURED);
            case "canceled" -> PaymentTxnStatus.VOIDED;
            default -> throw new MappingException("payment_intent.status '" + status + "' is not a known Stripe status");
        };
    }

    /**
     * Charge {@code status} (succeeded, pending, failed) with {@code captured}, {@code refunded},
     * {@code amount_refunded} and {@code disputed}: an uncaptured charge is AUTHORIZED, or VOIDED once
     * released (refunded); a captured one CAPTURED / PARTIALLY_REFUNDED / REFUNDED; a disputed one DISPUTED.
     */
    public static PaymentTxnStatus charge(String status, boolean captured, boolean refunded, boolean disputed,
                                          long amountCaptured, long amountRefunded) {
        if (status == null) {
            throw new MappingException("charge.status is missing");
        }
        return switch (status) {
            case "pending" -> PaymentTxnStatus.PENDING;
            case "failed" -> PaymentTxnStatus.FAILED;
            case "succeeded" -> {
                if (disputed) {
                    yield PaymentTxnStatus.DISPUTED;
                }
                if (!captured) {
                    yield refunded ? PaymentTxnStatus.VOIDED : PaymentTxnStatus.AUTHORIZED;
                }
                yield refunded(amountCaptured, amountRefunded, PaymentTxnStatus.CAPTURED);
            }
            default -> throw new MappingException("charge.status '" + status + "' is not a known Stripe status");
        };
    }

    /**
     * Dispute {@code status}: every open dispute is DISPUTED (table row "Disputes"); a dispute closed in
     * the merchant's favour ({@code won}, or an inquiry closed as {@code warning_closed}) gives the
     * payment back its CAPTURED status.
     */
    public static PaymentTxnStatus dispute(String status) {
        if ("won".equals(status) || "warning_closed".equals(status)) {
            return PaymentTxnStatus.CAPTURED;
        }
        return PaymentTxnStatus.DISPUTED;
    }

    /** Refund {@code status}: pending / requires_action / succeeded / failed / canceled. */
    public static RefundStatus refund(String status) {
        if (status == null) {
            throw new MappingException("refund.status is missing");
        }
        return switch (status) {
            case "pending" -> RefundStatus.PENDING;
            case "requires_action" -> RefundStatus.REQUIRES_ACTION;
            case "succeeded" -> RefundStatus.SUCCEEDED;
            case "failed" -> RefundStatus.FAILED;
            case "canceled" -> RefundStatus.CANCELLED;
            default -> throw new MappingException("refund.status '" + status + "' is not a known Stripe status");
        };
    }

    private static PaymentTxnStatus refunded(long base, long refunded, PaymentTxnStatus otherwise) {
        if (refunded <= 0) {
            return otherwise;
        }
        return refunded >= base ? PaymentTxnStatus.REFUNDED : PaymentTxnStatus.PARTIALLY_REFUNDED;
    }
}
