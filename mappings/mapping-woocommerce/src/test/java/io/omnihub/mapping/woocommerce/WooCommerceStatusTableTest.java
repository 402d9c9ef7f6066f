package io.omnihub.mapping.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import io.omnihub.mapping.woocommerce.WooCommerceStatusMapping.Facts;
import io.omnihub.mapping.woocommerce.WooCommerceStatusMapping.Triple;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One test per row of the WooCommerce table in platforms.md section 7. */
class WooCommerceStatusTableTest {

    private static final Facts UNPAID = new Facts(false, false, BigDecimal.ZERO, new BigDecimal("39.00"));
    private static final Facts PAID = new Facts(true, false, BigDecimal.ZERO, new BigDecimal("39.00"));
    private static final Facts PAID_SHIPPED = new Facts(true, true, BigDecimal.ZERO, new BigDecimal("39.00"));

    private static Triple map(String status, Facts f) {
        return WooCommerceStatusMapping.map(status, f, Map.of());
    }

    private static void assertTriple(Triple t, OrderStatus o, PaymentStatus p, FulfillmentStatus fs) {
        assertThat(t.order()).isEqualTo(o);
        assertThat(t.payment()).isEqualTo(p);
        assertThat(t.fulfillment()).isEqualTo(fs);
    }

    @Test
    void checkoutDraftIsDraftNoneUnfulfilled() {
        assertTriple(map("checkout-draft", UNPAID), OrderStatus.DRAFT, PaymentStatus.NONE, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void pendingIsPendingPayment() {
        assertTriple(map("pending", UNPAID), OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void onHoldIsOnHoldPaymentPending() {
        assertTriple(map("on-hold", UNPAID), OrderStatus.ON_HOLD, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void processingIsOpenPaidUnfulfilled() {
        assertTriple(map("processing", PAID), OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void completedIsCompletedPaidFulfilled() {
        assertTriple(map("completed", PAID_SHIPPED), OrderStatus.COMPLETED, PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
    }

    @Test
    void cancelledAfterPaymentIsVoided() {
        assertTriple(map("cancelled", PAID), OrderStatus.CANCELLED, PaymentStatus.VOIDED, FulfillmentStatus.CANCELLED);
    }

    @Test
    void cancelledNeverPaidIsNone() {
        assertTriple(map("cancelled", UNPAID), OrderStatus.CANCELLED, PaymentStatus.NONE, FulfillmentStatus.CANCELLED);
    }

    @Test
    void refundedNeverShippedIsCancelled() {
        assertTriple(map("refunded", PAID), OrderStatus.CANCELLED, PaymentStatus.REFUNDED, FulfillmentStatus.CANCELLED);
    }

    @Test
    void refundedAfterShippingIsCompleted() {
        assertTriple(map("refunded", PAID_SHIPPED), OrderStatus.COMPLETED, PaymentStatus.REFUNDED, FulfillmentStatus.FULFILLED);
    }

    @Test
    void failedIsCancelledFailed() {
        assertTriple(map("failed", UNPAID), OrderStatus.CANCELLED, PaymentStatus.FAILED, FulfillmentStatus.CANCELLED);
    }

    @Test
    void trashIsCancelledAndFlaggedDeleted() {
        Triple t = map("trash", PAID);
        assertThat(t.order()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(t.exceptionCode()).isEqualTo(WooCommerceStatusMapping.TRASHED);
        assertThat(t.payment()).isEqualTo(PaymentStatus.PAID); // "—": derived from date_paid
    }

    @Test
    void unknownPluginStatusKeepsPreviousAndIsFlagged() {
        Triple t = map("awaiting-shipment", PAID);
        assertThat(t.order()).as("null = keep previous").isNull();
        assertThat(t.exceptionCode()).isEqualTo(WooCommerceStatusMapping.UNMAPPED_STATUS);
    }

    @Test
    void pluginStatusCanBeMappedInConfig() {
        Triple one = WooCommerceStatusMapping.map("shipped", PAID_SHIPPED, Map.of("shipped", "FULFILLED"));
        assertTriple(one, OrderStatus.FULFILLED, PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
        Triple three = WooCommerceStatusMapping.map("wc-ready", PAID, Map.of("ready", "OPEN/PAID/IN_PROGRESS"));
        assertTriple(three, OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.IN_PROGRESS);
        assertThat(three.exceptionCode()).isNull();
    }

    @Test
    void partialRefundIsDerivedFromRefundSum() {
        Facts partial = new Facts(true, true, new BigDecimal("19.00"), new BigDecimal("39.00"));
        assertThat(map("completed", partial).payment()).isEqualTo(PaymentStatus.PARTIALLY_REFUNDED);
        Facts full = new Facts(true, true, new BigDecimal("39.00"), new BigDecimal("39.00"));
        assertThat(map("completed", full).payment()).isEqualTo(PaymentStatus.REFUNDED);
    }
}
