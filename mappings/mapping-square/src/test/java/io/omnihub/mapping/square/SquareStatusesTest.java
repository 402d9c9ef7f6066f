package io.omnihub.mapping.square;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Payment.PaymentTxnStatus;
import io.omnihub.canonical.Refund.RefundStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per row of the Square status table in reference/platforms.md §7, plus the derivations. */
class SquareStatusesTest {

    // Order.state DRAFT / OPEN / COMPLETED / CANCELED -> DRAFT / OPEN (refine with fulfilments) / COMPLETED / CANCELLED
    @Test
    void orderStateRow() {
        assertThat(SquareStatuses.orderState("DRAFT")).isEqualTo(OrderStatus.DRAFT);
        assertThat(SquareStatuses.orderState("OPEN")).isEqualTo(OrderStatus.OPEN);
        assertThat(SquareStatuses.orderState("COMPLETED")).isEqualTo(OrderStatus.COMPLETED);
        assertThat(SquareStatuses.orderState("CANCELED")).isEqualTo(OrderStatus.CANCELLED);
        assertThat(SquareStatuses.orderState("SOMETHING_NEW")).isNull();
    }

    @Test
    void openIsRefinedWithFulfilments() {
        assertThat(SquareStatuses.refineOpen(OrderStatus.OPEN, FulfillmentStatus.FULFILLED)).isEqualTo(OrderStatus.FULFILLED);
        assertThat(SquareStatuses.refineOpen(OrderStatus.OPEN, FulfillmentStatus.PARTIALLY_FULFILLED))
                .isEqualTo(OrderStatus.PARTIALLY_FULFILLED);
        assertThat(SquareStatuses.refineOpen(OrderStatus.OPEN, FulfillmentStatus.IN_PROGRESS)).isEqualTo(OrderStatus.OPEN);
        assertThat(SquareStatuses.refineOpen(OrderStatus.COMPLETED, FulfillmentStatus.UNFULFILLED)).isEqualTo(OrderStatus.COMPLETED);
    }

    // Fulfillment.state PROPOSED / RESERVED, PREPARED / COMPLETED / CANCELED / FAILED
    //   -> UNFULFILLED / IN_PROGRESS / FULFILLED / CANCELLED / CANCELLED + exception
    @Test
    void fulfillmentStateRow() {
        assertThat(SquareStatuses.fulfillmentState("PROPOSED")).isEqualTo(FulfillmentStatus.UNFULFILLED);
        assertThat(SquareStatuses.fulfillmentState("RESERVED")).isEqualTo(FulfillmentStatus.IN_PROGRESS);
        assertThat(SquareStatuses.fulfillmentState("PREPARED")).isEqualTo(FulfillmentStatus.IN_PROGRESS);
        assertThat(SquareStatuses.fulfillmentState("COMPLETED")).isEqualTo(FulfillmentStatus.FULFILLED);
        assertThat(SquareStatuses.fulfillmentState("CANCELED")).isEqualTo(FulfillmentStatus.CANCELLED);
        assertThat(SquareStatuses.fulfillmentState("FAILED")).isEqualTo(FulfillmentStatus.CANCELLED);
        assertThat(SquareStatuses.fulfillmentException("FAILED")).isTrue();
        assertThat(SquareStatuses.fulfillmentException("CANCELED")).isFalse();
    }

    @Test
    void fulfilmentsAggregatePerOrder() {
        assertThat(SquareStatuses.aggregate(List.of("COMPLETED", "COMPLETED"))).isEqualTo(FulfillmentStatus.FULFILLED);
        assertThat(SquareStatuses.aggregate(List.of("COMPLETED", "PROPOSED"))).isEqualTo(FulfillmentStatus.PARTIALLY_FULFILLED);
        assertThat(SquareStatuses.aggregate(List.of("PREPARED", "PROPOSED"))).isEqualTo(FulfillmentStatus.IN_PROGRESS);
        assertThat(SquareStatuses.aggregate(List.of("PROPOSED"))).isEqualTo(FulfillmentStatus.UNFULFILLED);
        assertThat(SquareStatuses.aggregate(List.of("CANCELED", "COMPLETED"))).isEqualTo(FulfillmentStatus.FULFILLED);
        assertThat(SquareStatuses.aggregate(List.of("CANCELED", "FAILED"))).isEqualTo(FulfillmentStatus.CANCELLED);
        assertThat(SquareStatuses.aggregate(List.of())).isNull();
    }

    // Payment.status APPROVED / PENDING / COMPLETED / CANCELED / FAILED -> AUTHORIZED / PENDING / CAPTURED / VOIDED / FAILED
    @Test
    void paymentStatusRow() {
        assertThat(SquareStatuses.paymentStatus("APPROVED")).isEqualTo(PaymentTxnStatus.AUTHORIZED);
        assertThat(SquareStatuses.paymentStatus("PENDING")).isEqualTo(PaymentTxnStatus.PENDING);
        assertThat(SquareStatuses.paymentStatus("COMPLETED")).isEqualTo(PaymentTxnStatus.CAPTURED);
        assertThat(SquareStatuses.paymentStatus("CANCELED")).isEqualTo(PaymentTxnStatus.VOIDED);
        assertThat(SquareStatuses.paymentStatus("FAILED")).isEqualTo(PaymentTxnStatus.FAILED);
    }

    // PaymentRefund.status PENDING / COMPLETED / REJECTED, FAILED -> PENDING / SUCCEEDED / FAILED
    @Test
    void refundStatusRow() {
        assertThat(SquareStatuses.refundStatus("PENDING")).isEqualTo(RefundStatus.PENDING);
        assertThat(SquareStatuses.refundStatus("COMPLETED")).isEqualTo(RefundStatus.SUCCEEDED);
        assertThat(SquareStatuses.refundStatus("REJECTED")).isEqualTo(RefundStatus.FAILED);
        assertThat(SquareStatuses.refundStatus("FAILED")).isEqualTo(RefundStatus.FAILED);
    }
}
