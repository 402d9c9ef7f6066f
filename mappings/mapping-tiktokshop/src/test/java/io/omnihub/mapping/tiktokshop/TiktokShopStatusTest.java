package io.omnihub.mapping.tiktokshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import io.omnihub.canonical.Product.ProductStatus;
import io.omnihub.mapping.api.MappingException;
import org.junit.jupiter.api.Test;

/** One test per row of the platforms.md section 7 TikTok Shop status table, plus the edges. */
class TiktokShopStatusTest {

    private static void row(String status, OrderStatus o, PaymentStatus p, FulfillmentStatus f) {
        assertThat(TiktokShopStatus.of(status, true)).isEqualTo(new TiktokShopStatus.Triple(o, p, f));
    }

    @Test
    void unpaid() {
        row("UNPAID", OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void onHold() {
        row("ON_HOLD", OrderStatus.ON_HOLD, PaymentStatus.PAID, FulfillmentStatus.ON_HOLD);
    }

    @Test
    void awaitingShipment() {
        row("AWAITING_SHIPMENT", OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.UNFULFILLED);
    }

    @Test
    void partiallyShipping() {
        row("PARTIALLY_SHIPPING", OrderStatus.PARTIALLY_FULFILLED, PaymentStatus.PAID, FulfillmentStatus.PARTIALLY_FULFILLED);
    }

    @Test
    void awaitingCollection() {
        row("AWAITING_COLLECTION", OrderStatus.OPEN, PaymentStatus.PAID, FulfillmentStatus.IN_PROGRESS);
    }

    @Test
    void inTransit() {
        row("IN_TRANSIT", OrderStatus.FULFILLED, PaymentStatus.PAID, FulfillmentStatus.FULFILLED);
    }

    @Test
    void delivered() {
        row("DELIVERED", OrderStatus.DELIVERED, PaymentStatus.PAID, FulfillmentStatus.DELIVERED);
    }

    @Test
    void completed() {
        row("COMPLETED", OrderStatus.COMPLETED, PaymentStatus.PAID, FulfillmentStatus.DELIVERED);
    }

    @Test
    void cancelledAfterPaymentIsRefundedAndBeforePaymentVoided() {
        assertThat(TiktokShopStatus.of("CANCELLED", true)).isEqualTo(new TiktokShopStatus.Triple(
                OrderStatus.CANCELLED, PaymentStatus.REFUNDED, FulfillmentStatus.CANCELLED));
        assertThat(TiktokShopStatus.of("CANCELLED", false)).isEqualTo(new TiktokShopStatus.Triple(
                OrderStatus.CANCELLED, PaymentStatus.VOIDED, FulfillmentStatus.CANCELLED));
    }

    @Test
    void webhookSpellingCancelEqualsCancelled() {
        assertThat(TiktokShopStatus.of("CANCEL", false)).isEqualTo(TiktokShopStatus.of("CANCELLED", false));
    }

    @Test
    void unknownStatusIsAMappingError() {
        assertThatThrownBy(() -> TiktokShopStatus.of("TELEPORTED", true)).isInstanceOf(MappingException.class)
                .hasMessageContaining("TELEPORTED");
    }

    @Test
    void productStatuses() {
        assertThat(TiktokShopMapper.productStatus("ACTIVATE")).isEqualTo(ProductStatus.ACTIVE);
        assertThat(TiktokShopMapper.productStatus("SELLER_DEACTIVATED")).isEqualTo(ProductStatus.ARCHIVED);
        assertThat(TiktokShopMapper.productStatus("DRAFT")).isEqualTo(ProductStatus.DRAFT);
        assertThat(TiktokShopMapper.productStatus("DELETED")).isEqualTo(ProductStatus.DELETED);
    }
}
