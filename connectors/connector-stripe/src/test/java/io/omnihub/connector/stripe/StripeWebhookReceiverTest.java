package io.omnihub.connector.stripe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of verified Stripe deliveries and the contract's answers for duplicates, stale and malformed ones. */
class StripeWebhookReceiverTest {

    static final String SECRET = "whsec_receiver";
    static final long NOW = 1_700_000_000L;
    private final WebhookReceiver receiver = new StripeWebhookReceiver(new StripeSignature(List.of(SECRET),
            Duration.ofSeconds(300), Duration.ofSeconds(60), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC)));

    private static WebhookRequest signed(byte[] body, long t) {
        return StripeTestSigner.request(StripeTestSigner.header(SECRET, t, body), body);
    }

    @Test
    void paymentIntentEventBecomesAPaymentEventKeyedByTheStripeEventId() {
        byte[] body = Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json");
        WebhookRequest req = signed(body, NOW);
        receiver.verify(req);
        List<PlatformEvent> events = receiver.parse(req);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.eventId()).isEqualTo("evt_1Pgc76B7WZ01zgkWwyRHS12y");
            assertThat(e.kind()).isEqualTo(EntityKind.PAYMENT);
            assertThat(e.topic()).isEqualTo("payment_intent.payment_failed");
            assertThat(e.externalId()).isEqualTo("pi_1PgafyB7WZ01zgkWSjxsAJo3");
            assertThat(e.version()).isEqualTo("1234567890");
            assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1234567890));
            assertThat(e.thin()).isFalse();
            assertThat(e.payload().get("object").asText()).isEqualTo("payment_intent");
            assertThat(e.attributes()).containsEntry("eventType", "payment_intent.payment_failed")
                    .containsEntry("livemode", "false").containsEntry("objectType", "payment_intent");
        });
    }

    @Test
    void chargeRefundUpdatedIsARefundAndDisputesArePayments() {
        PlatformEvent refund = receiver.parse(signed(Fixtures.bytes("fixtures/event-charge.refund.updated.json"), NOW)).get(0);
        assertThat(refund.kind()).isEqualTo(EntityKind.REFUND);
        assertThat(refund.externalId()).isEqualTo("re_1Pgc72B7WZ01zgkWqPvrRrPE");
        PlatformEvent dispute = receiver.parse(signed(Fixtures.bytes("fixtures/event-charge.dispute.created.json"), NOW)).get(0);
        assertThat(dispute.kind()).isEqualTo(EntityKind.PAYMENT);
        assertThat(dispute.externalId()).isEqualTo("dp_1Pgc71B7WZ01zgkWMevJiAUx");
    }

    @Test
    void eventTypesMapToKinds() {
        assertThat(StripeEventTypes.kindOf("refund.failed")).contains(EntityKind.REFUND);
        assertThat(StripeEventTypes.kindOf("charge.refund.updated")).contains(EntityKind.REFUND);
        assertThat(StripeEventTypes.kindOf("charge.captured")).contains(EntityKind.PAYMENT);
        assertThat(StripeEventTypes.kindOf("charge.dispute.closed")).contains(EntityKind.PAYMENT);
        assertThat(StripeEventTypes.kindOf("payment_intent.succeeded")).contains(EntityKind.PAYMENT);
        assertThat(StripeEventTypes.kindOf("customer.created")).isEmpty();
        assertThat(StripeEventTypes.PAYMENT_TYPES).hasSizeLessThanOrEqualTo(20); // Stripe's types[] limit
        assertThat(StripeEventTypes.REFUND_TYPES).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void unknownEventTypeIsAcceptedWithNothingToDo() {
        WebhookRequest req = signed(Fixtures.bytes("fixtures/event-plan.created.json"), NOW);
        receiver.verify(req);
        assertThat(receiver.parse(req)).isEmpty();
    }

    @Test
    void v2ThinEventNotificationIsAcceptedWithNothingToDo() {
        byte[] body = "{\n  \"id\": \"evt_test_webhook\",\n  \"object\": \"v2.core.event\"\n}".getBytes(StandardCharsets.UTF_8);
        assertThat(receiver.parse(signed(body, NOW))).isEmpty();
    }

    @Test
    void duplicateDeliveryYieldsTheSameDedupeIdentity() {
        byte[] body = Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json");
        // Stripe re-signs a retry with a new timestamp; the event id and version stay the same
        PlatformEvent first = receiver.parse(signed(body, NOW - 100)).get(0);
        WebhookRequest retry = signed(body, NOW);
        receiver.verify(retry);
        PlatformEvent second = receiver.parse(retry).get(0);
        assertThat(second.eventId()).isEqualTo(first.eventId());
        assertThat(second.version()).isEqualTo(first.version());
        assertThat(second.payload()).isEqualTo(first.payload());
    }

    @Test
    void staleDeliveryIsRejected() {
        WebhookRequest req = signed(Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json"), NOW - 301);
        assertThatThrownBy(() -> receiver.verify(req)).isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageStartingWith("Timestamp outside the tolerance zone");
    }

    @Test
    void futureDeliveryIsRejected() {
        WebhookRequest req = signed(Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json"), NOW + 61);
        assertThatThrownBy(() -> receiver.verify(req)).isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageContaining("future");
    }

    @Test
    void malformedBodiesGetSpecificMessages() {
        assertMalformed("{\"id\": not json", "body is not valid JSON (line 1, column");
        assertMalformed("", "empty body");
        assertMalformed("[1,2]", "body is not a JSON object");
        assertMalformed("{\"object\":\"payment_intent\",\"id\":\"pi_1\"}", "not a Stripe v1 event: 'object' is 'payment_intent'");
        assertMalformed("{\"object\":\"event\",\"type\":\"charge.succeeded\",\"created\":1}", "has no 'id'");
        assertMalformed("{\"object\":\"event\",\"id\":\"evt_1\",\"created\":1}", "has no 'type'");
        assertMalformed("{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"created\":\"yesterday\"}",
                "has no integer 'created'");
        assertMalformed("{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"created\":1,\"data\":{}}",
                "has no 'data.object'");
        assertMalformed("{\"object\":\"event\",\"id\":\"evt_1\",\"type\":\"charge.succeeded\",\"created\":1,\"data\":{\"object\":{\"object\":\"charge\"}}}",
                "data.object has no 'id'");
    }

    private void assertMalformed(String body, String message) {
        WebhookRequest req = signed(body.getBytes(StandardCharsets.UTF_8), NOW);
        receiver.verify(req); // correctly signed: the failure is the payload, answered 400
        assertThatThrownBy(() -> receiver.parse(req)).as(body)
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining(message);
    }
}
