package io.omnihub.mapping.square;

import io.omnihub.canonical.Fulfillment.FulfillmentState;
import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Payment.PaymentTxnStatus;
import io.omnihub.canonical.Refund.RefundStatus;
import java.util.List;

/**
 * Square status values to canonical statuses, per reference/platforms.md §7 (Square table); each
 * row of that table is a unit test. Unknown values map to null so the caller can decide.
 */
public final class SquareStatuses {

    private SquareStatuses() {
    }

    /** {@code Order.state}: DRAFT / OPEN / COMPLETED / CANCELED. OPEN is refined by {@link #refineOpen}. */
    public static OrderStatus orderState(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "DRAFT" -> OrderStatus.DRAFT;
            case "OPEN" -> OrderStatus.OPEN;
            case "COMPLETED" -> OrderStatus.COMPLETED;
            case "CANCELED" -> OrderStatus.CANCELLED;
            default -> null;
        };
    }

    /** "OPEN (refine with fulfilments)": an open order whose fulfilments are partly or all done. */
    public static OrderStatus refineOpen(OrderStatus status, FulfillmentStatus fulfillment) {
        if (status != OrderStatus.OPEN || fulfillment == null) {
            return status;
        }
        return switch (fulfillment) {
            case PARTIALLY_FULFILLED -> OrderStatus.PARTIALLY_FULFILLED;
            case FULFILLED -> OrderStatus.FULFILLED;
            default -> status;
        };
    }

    /** {@code Fulfillment.state} to the order-level fulfilment status of one fulfilment. */
    public static FulfillmentStatus fulfillmentState(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "PROPOSED" -> FulfillmentStatus.UNFULFILLED;
            case "RESERVED", "PREPARED" -> FulfillmentStatus.IN_PROGRESS;
            case "COMPLETED" -> FulfillmentStatus.FULFILLED;
            case "CANCELED", "FAILED" -> FulfillmentStatus.CANCELLED;
            default -> null;
        };
    }

    /** Whether a fulfilment state carries the exception flag ({@code FAILED}: "CANCELLED + exception"). */
    public static boolean fulfillmentException(String state) {
        return "FAILED".equals(state);
    }

    /** {@code Fulfillment.state} to the state of the canonical fulfilment record. */
    public static FulfillmentState shipmentState(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "PROPOSED" -> FulfillmentState.PENDING;
            case "RESERVED", "PREPARED" -> FulfillmentState.IN_PROGRESS;
            case "COMPLETED" -> FulfillmentState.SHIPPED;
            case "CANCELED" -> FulfillmentState.CANCELLED;
            case "FAILED" -> FulfillmentState.FAILED;
            default -> null;
        };
    }

    /**
     * Aggregate over all fulfilments of an order: cancelled/failed ones count only when nothing
     * else is left; all done is FULFILLED, some done PARTIALLY_FULFILLED, anything started
     * IN_PROGRESS, else UNFULFILLED.
     */
    public static FulfillmentStatus aggregate(List<String> states) {
        List<FulfillmentStatus> live = states.stream().map(SquareStatuses::fulfillmentState)
                .filter(s -> s != null && s != FulfillmentStatus.CANCELLED).toList();
        if (live.isEmpty()) {
            return states.isEmpty() ? null : FulfillmentStatus.CANCELLED;
        }
        long done = live.stream().filter(s -> s == FulfillmentStatus.FULFILLED).count();
        if (done == live.size()) {
            return FulfillmentStatus.FULFILLED;
        }
        if (done > 0) {
            return FulfillmentStatus.PARTIALLY_FULFILLED;
        }
        if (live.contains(FulfillmentStatus.IN_PROGRESS)) {
            return FulfillmentStatus.IN_PROGRESS;
        }
        return FulfillmentStatus.UNFULFILLED;
    }

    /** {@code Payment.status}: APPROVED / PENDING / COMPLETED / CANCELED / FAILED. */
    public static PaymentTxnStatus paymentStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "APPROVED" -> PaymentTxnStatus.AUTHORIZED;
            case "PENDING" -> PaymentTxnStatus.PENDING;
            case "COMPLETED" -> PaymentTxnStatus.CAPTURED;
            case "CANCELED" -> PaymentTxnStatus.VOIDED;
            case "FAILED" -> PaymentTxnStatus.FAILED;
            default -> null;
        };
    }

    /** {@code PaymentRefund.status}: PENDING / COMPLETED / REJECTED, FAILED. */
    public static RefundStatus refundStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "PENDING" -> RefundStatus.PENDING;
            case "COMPLETED" -> RefundStatus.SUCCEEDED;
            case "REJECTED", "FAILED" -> RefundStatus.FAILED;
            default -> null;
        };
    }

    /** Order tender card status (AUTHORIZED / CAPTURED / VOIDED / FAILED) as a payment status. */
    public static PaymentTxnStatus tenderCardStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "AUTHORIZED" -> PaymentTxnStatus.AUTHORIZED;
            case "CAPTURED" -> PaymentTxnStatus.CAPTURED;
            case "VOIDED" -> PaymentTxnStatus.VOIDED;
            case "FAILED" -> PaymentTxnStatus.FAILED;
            default -> null;
        };
    }
}
