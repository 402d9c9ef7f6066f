package io.omnihub.mapping.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per row of platforms.md section 7 "Shopify", in its REST spelling. */
class ShopifyStatusesTest {

    @ParameterizedTest(name = "financial_status {0} -> {1}")
    @CsvSource({
            "pending, PENDING", "authorized, AUTHORIZED", "partially_paid, PARTIALLY_PAID", "paid, PAID",
            "partially_refunded, PARTIALLY_REFUNDED", "refunded, REFUNDED", "voided, VOIDED", "expired, EXPIRED",
            "PAID, PAID", "something_new, NONE"})
    void financialStatusMapsOneToOne(String financial, PaymentStatus expected) {
        assertThat(ShopifyStatuses.payment(financial)).isEqualTo(expected);
    }

    @Test
    void missingFinancialStatusIsNone() {
        assertThat(ShopifyStatuses.payment(null)).isEqualTo(PaymentStatus.NONE);
    }

    @Test
    void rowUnfulfilledIsOpen() {
        assertTriple(ShopifyStatuses.triple("paid", null, false, false), OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void rowRestockedIsUnfulfilledAndOpen() {
        assertTriple(ShopifyStatuses.triple("paid", "restocked", false, false), OrderStatus.OPEN, PaymentStatus.PAID,
                FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void rowUnfulfilledWithUncapturedPaymentIsPendingPayment() {
        assertTriple(ShopifyStatuses.triple("authorized", null, false, false), OrderStatus.PENDING_PAYMENT,
                PaymentStatus.AUTHORIZED, FulfillmentStatus.UNFULFILLED);
        assertTriple(ShopifyStatuses.triple("pending", null, false, false), OrderStatus.PENDING_PAYMENT,
                PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void rowPartiallyFulfilled() {
        assertTriple(ShopifyStatuses.triple("paid", "partial", false, false), OrderStatus.PARTIALLY_FULFILLED,
                PaymentStatus.PAID, FulfillmentStatus.PARTIALLY_FULFILLED);
    }

    @Test
    void rowFulfilled() {
        assertTriple(ShopifyStatuses.triple("paid", "fulfilled", false, false), OrderStatus.FULFILLED,
                PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
    }

    @Test
    void rowFulfilledAndClosedIsCompleted() {
        assertTriple(ShopifyStatuses.triple("paid", "fulfilled", false, true), OrderStatus.COMPLETED,
                PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
    }

    @Test
    void closedButNotFulfilledStaysOpen() {
        assertTriple(ShopifyStatuses.triple("paid", null, false, true), OrderStatus.OPEN, PaymentStatus.PAID,
                FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void rowCancelledCancelsUnfulfilledLines() {
        assertTriple(ShopifyStatuses.triple("refunded", null, true, true), OrderStatus.CANCELLED,
                PaymentStatus.REFUNDED, FulfillmentStatus.CANCELLED);
    }

    @Test
    void cancelledAfterPartialShipmentKeepsWhatShipped() {
        assertTriple(ShopifyStatuses.triple("partially_refunded", "partial", true, false), OrderStatus.CANCELLED,
                PaymentStatus.PARTIALLY_REFUNDED, FulfillmentStatus.PARTIALLY_FULFILLED);
    }

    private static void assertTriple(ShopifyStatuses.Triple t, OrderStatus s, PaymentStatus p, FulfillmentStatus f) {
        assertThat(t).isEqualTo(new ShopifyStatuses.Triple(s, p, f));
    }
}
