package io.omnihub.mapping.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Payment;
import io.omnihub.canonical.Payment.PaymentTxnStatus;
import io.omnihub.canonical.Refund;
import io.omnihub.canonical.Refund.RefundStatus;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import io.omnihub.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Stripe status table of {@code reference/platforms.md} §7, one test per row, run through the
 * mapper on the official fixtures3.json objects (copied in the golden cases) with only the status
 * fields changed.
 */
class StripeStatusTableTest {

    private final StripeMapper mapper = new StripeMapper();
    private final MappingContext ctx = new MappingContext("stripe-eu", "STRIPE", Map.of());

    // Row 1: requires_payment_method, requires_confirmation, processing -> PENDING (FAILED with last_payment_error)
    @ParameterizedTest
    @CsvSource({"requires_payment_method", "requires_confirmation", "processing"})
    void row1_pendingStatesArePendingWithoutAnError(String status) {
        ObjectNode pi = paymentIntent(status);
        pi.putNull("last_payment_error");
        assertThat(payment(pi, "payment_intent.processing").status()).isEqualTo(PaymentTxnStatus.PENDING);
    }

    @ParameterizedTest
    @CsvSource({"requires_payment_method", "requires_confirmation", "processing"})
    void row1_pendingStatesAreFailedAfterAFailedAttempt(String status) {
        ObjectNode pi = paymentIntent(status);
        pi.putObject("last_payment_error").put("type", "card_error").put("code", "card_declined");
        Payment p = payment(pi, "payment_intent.payment_failed");
        assertThat(p.status()).isEqualTo(PaymentTxnStatus.FAILED);
        assertThat(p.failureCode()).isEqualTo("card_declined");
    }

    // Row 2: requires_action -> REQUIRES_ACTION
    @Test
    void row2_requiresActionIsRequiresAction() {
        ObjectNode pi = paymentIntent("requires_action");
        pi.putNull("last_payment_error");
        assertThat(payment(pi, "payment_intent.requires_action").status()).isEqualTo(PaymentTxnStatus.REQUIRES_ACTION);
    }

    // Row 3: requires_capture -> AUTHORIZED
    @Test
    void row3_requiresCaptureIsAuthorized() {
        ObjectNode pi = paymentIntent("requires_capture");
        pi.putNull("last_payment_error");
        pi.put("amount_capturable", 1099);
        assertThat(payment(pi, "payment_intent.amount_capturable_updated").status()).isEqualTo(PaymentTxnStatus.AUTHORIZED);
    }

    // Row 4: succeeded -> CAPTURED, then PARTIALLY_REFUNDED / REFUNDED from charge.amount_refunded
    @Test
    void row4_succeededIsCaptured() {
        ObjectNode pi = paymentIntent("succeeded");
        pi.putNull("last_payment_error");
        pi.put("amount_received", 1099);
        Payment p = payment(pi, "payment_intent.succeeded");
        assertThat(p.status()).isEqualTo(PaymentTxnStatus.CAPTURED);
        assertThat(p.capturedAmount().amount()).isEqualTo("10.99");
    }

    @Test
    void row4_succeededWithPartlyRefundedLatestChargeIsPartiallyRefunded() {
        ObjectNode pi = paymentIntent("succeeded");
        pi.putNull("last_payment_error");
        pi.put("amount_received", 1099);
        pi.putObject("latest_charge").put("id", "ch_1").put("object", "charge").put("amount_refunded", 99);
        Payment p = payment(pi, "payment_intent.succeeded");
        assertThat(p.status()).isEqualTo(PaymentTxnStatus.PARTIALLY_REFUNDED);
        assertThat(p.refundedAmount().amount()).isEqualTo("0.99");
    }

    @Test
    void row4_capturedChargeRefundedInFullIsRefunded() {
        ObjectNode ch = charge();
        ch.put("captured", true).put("amount_captured", 100).put("amount_refunded", 100).put("refunded", true);
        assertThat(payment(ch, "charge.refunded").status()).isEqualTo(PaymentTxnStatus.REFUNDED);
    }

    @Test
    void row4_capturedChargeRefundedInPartIsPartiallyRefunded() {
        ObjectNode ch = charge();
        ch.put("captured", true).put("amount_captured", 100).put("amount_refunded", 40);
        assertThat(payment(ch, "charge.refunded").status()).isEqualTo(PaymentTxnStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void row4_capturedChargeIsCaptured() {
        ObjectNode ch = charge();
        ch.put("captured", true).put("amount_captured", 100);
        assertThat(payment(ch, "charge.captured").status()).isEqualTo(PaymentTxnStatus.CAPTURED);
    }

    // Row 5: canceled -> VOIDED
    @Test
    void row5_canceledIsVoided() {
        ObjectNode pi = paymentIntent("canceled");
        pi.putNull("last_payment_error");
        pi.put("cancellation_reason", "requested_by_customer");
        assertThat(payment(pi, "payment_intent.canceled").status()).isEqualTo(PaymentTxnStatus.VOIDED);
    }

    @Test
    void row5_releasedUncapturedChargeIsVoided() {
        ObjectNode ch = charge(); // fixture: succeeded, captured=false
        ch.put("refunded", true).put("amount_refunded", 100);
        assertThat(payment(ch, "charge.refunded").status()).isEqualTo(PaymentTxnStatus.VOIDED);
    }

    // Row 6: refund statuses
    @ParameterizedTest(name = "refund {0} -> {1}")
    @CsvSource({"pending, PENDING", "requires_action, REQUIRES_ACTION", "succeeded, SUCCEEDED", "failed, FAILED",
            "canceled, CANCELLED"})
    void row6_refundStatuses(String status, RefundStatus expected) {
        ObjectNode re = (ObjectNode) golden("03-refund-created");
        re.put("status", status);
        List<CanonicalRecord> out = mapper.map(event(re, EntityKind.REFUND, "refund.updated"), ctx);
        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(EventType.REFUND_UPDATED);
            assertThat(((Refund) r.data()).status()).isEqualTo(expected);
        });
    }

    // Row 7: disputes -> DISPUTED
    @ParameterizedTest
    @CsvSource({"warning_needs_response", "warning_under_review", "needs_response", "under_review", "lost"})
    void row7_disputesAreDisputed(String status) {
        ObjectNode dp = (ObjectNode) golden("04-charge-dispute-created");
        dp.put("status", status);
        Payment p = payment(dp, "charge.dispute.updated");
        assertThat(p.status()).isEqualTo(PaymentTxnStatus.DISPUTED);
        assertThat(p.providerPaymentId()).isEqualTo("ch_1PgafuB7WZ01zgkWXYmPNZs8");
    }

    @Test
    void row7_disputedChargeIsDisputed() {
        ObjectNode ch = charge();
        ch.put("captured", true).put("amount_captured", 100).put("disputed", true);
        assertThat(payment(ch, "charge.dispute.created").status()).isEqualTo(PaymentTxnStatus.DISPUTED);
    }

    @ParameterizedTest
    @CsvSource({"won", "warning_closed"})
    void row7_refinement_disputeClosedInTheMerchantsFavourRestoresCaptured(String status) {
        ObjectNode dp = (ObjectNode) golden("04-charge-dispute-created");
        dp.put("status", status);
        assertThat(payment(dp, "charge.dispute.closed").status()).isEqualTo(PaymentTxnStatus.CAPTURED);
    }

    // Charge rows beyond the table (documented on the docs page)
    @Test
    void pendingChargeIsPendingAndFailedChargeIsFailed() {
        ObjectNode ch = charge();
        ch.put("status", "pending");
        assertThat(payment(ch, "charge.pending").status()).isEqualTo(PaymentTxnStatus.PENDING);
        ch.put("status", "failed").put("failure_code", "card_declined");
        Payment failed = payment(ch, "charge.failed");
        assertThat(failed.status()).isEqualTo(PaymentTxnStatus.FAILED);
        assertThat(failed.failureCode()).isEqualTo("card_declined");
    }

    @Test
    void expiredUncapturedChargeIsExpired() {
        assertThat(payment(charge(), "charge.expired").status()).isEqualTo(PaymentTxnStatus.EXPIRED);
    }

    @Test
    void unknownStatusIsAMappingError() {
        ObjectNode pi = paymentIntent("teleported");
        assertThatThrownBy(() -> payment(pi, "payment_intent.succeeded"))
                .isInstanceOf(MappingException.class).hasMessageContaining("teleported");
    }

    @Test
    void fractionalAmountIsAMappingError() {
        ObjectNode pi = paymentIntent("succeeded");
        pi.put("amount", new java.math.BigDecimal("10.99"));
        assertThatThrownBy(() -> payment(pi, "payment_intent.succeeded"))
                .isInstanceOf(MappingException.class).hasMessageContaining("payment_intent.amount");
    }

    @Test
    void otherObjectsMapToNothing() {
        ObjectNode plan = Json.mapper().createObjectNode().put("id", "price_1").put("object", "plan");
        assertThat(mapper.map(event(plan, EntityKind.PAYMENT, "plan.created"), ctx)).isEmpty();
    }

    @Test
    void orderIsLinkedThroughTheConfiguredMetadataKeys() {
        ObjectNode pi = paymentIntent("succeeded");
        pi.putNull("last_payment_error");
        pi.putObject("metadata").put("cart", "C-9").put("shop_order", "1001");
        MappingContext linked = new MappingContext("stripe-eu", "STRIPE",
                Map.of("orderMetadataKeys", List.of("shop_order", "cart"), "orderConnector", "woo-main"));
        Payment p = (Payment) mapper.map(event(pi, EntityKind.PAYMENT, "payment_intent.succeeded"), linked).get(0).data();
        assertThat(p.merchantReference()).isEqualTo("1001");
        assertThat(p.orderRef()).isEqualTo("woo-main:1001");

        // default key order_id; without orderConnector only the merchant reference is set
        pi.putObject("metadata").put("order_id", "77");
        Payment q = payment(pi, "payment_intent.succeeded");
        assertThat(q.merchantReference()).isEqualTo("77");
        assertThat(q.orderRef()).isNull();
    }

    // ---- helpers ----

    private ObjectNode paymentIntent(String status) {
        ObjectNode pi = (ObjectNode) golden("01-payment-intent-payment-failed");
        pi.put("status", status);
        return pi;
    }

    private ObjectNode charge() {
        return (ObjectNode) golden("02-charge-succeeded-uncaptured");
    }

    private Payment payment(JsonNode obj, String topic) {
        List<CanonicalRecord> out = mapper.map(event(obj, EntityKind.PAYMENT, topic), ctx);
        assertThat(out).isNotEmpty();
        assertThat(out.get(0).type()).isEqualTo(EventType.PAYMENT_UPDATED);
        return (Payment) out.get(0).data();
    }

    private static PlatformEvent event(JsonNode obj, EntityKind kind, String topic) {
        return new PlatformEvent("evt_test", kind, PlatformEvent.Action.UPSERT, topic, obj.get("id").asText(),
                "1234567890", Instant.ofEpochSecond(1234567890), obj, false, Map.of());
    }

    private static JsonNode golden(String name) {
        try {
            return Json.mapper().readTree(Fixtures.bytes("golden/" + name + "/input.json"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
