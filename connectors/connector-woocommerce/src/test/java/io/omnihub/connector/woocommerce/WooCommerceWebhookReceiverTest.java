package io.omnihub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Handshake, topics, versions and the contract's answers for duplicates and malformed bodies. */
class WooCommerceWebhookReceiverTest {

    private final WooCommerceWebhookReceiver receiver = new WooCommerceWebhookReceiver(List.of(WooCommerceFixtures.SECRET));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unsignedCreationPingIsAnsweredOkAndNothingIsParsed() {
        WebhookRequest ping = WooCommerceTestSigner.ping(12);
        assertThat(receiver.handshake(ping)).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(200));
        // the ping is never verified or parsed; verifying it would fail (no signature)
        assertThatThrownBy(() -> receiver.verify(ping)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void normalDeliveriesAreNoHandshake() {
        assertThat(receiver.handshake(WooCommerceTestSigner.signed("order.updated", WooCommerceFixtures.bytes("order-727.json"),
                WooCommerceFixtures.SECRET))).isEmpty();
        // an unsigned body that only looks like a ping but carries a topic is not a handshake
        WebhookRequest fake = WooCommerceTestSigner.delivery("order.updated", utf8("webhook_id=1"), null);
        assertThat(receiver.handshake(fake)).isEmpty();
        WebhookRequest notPing = WooCommerceTestSigner.delivery("order.updated", utf8("webhook_id=1&x=2"), null);
        assertThat(receiver.handshake(new WebhookRequest(notPing.connectorId(), "POST", notPing.url(),
                java.util.Map.of(), java.util.Map.of(), notPing.body(), notPing.receivedAt()))).isEmpty();
    }

    @Test
    void orderWebhookBecomesAnOrderEventVersionedByDateModifiedGmt() {
        WebhookRequest req = WooCommerceTestSigner.signed("order.updated", WooCommerceFixtures.bytes("order-727.json"), WooCommerceFixtures.SECRET);
        receiver.verify(req);
        List<PlatformEvent> events = receiver.parse(req);
        assertThat(events).hasSize(1);
        PlatformEvent e = events.get(0);
        assertThat(e.kind()).isEqualTo(EntityKind.ORDER);
        assertThat(e.action()).isEqualTo(PlatformEvent.Action.UPSERT);
        assertThat(e.eventId()).as("X-WC-Webhook-Delivery-ID changes per delivery: no event id").isNull();
        assertThat(e.externalId()).isEqualTo("727");
        assertThat(e.version()).isEqualTo("2017-03-22T19:28:08Z");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2017-03-22T19:28:08Z"));
        assertThat(e.topic()).isEqualTo("order.updated");
        assertThat(e.attributes()).containsEntry("source", "https://example.com/").containsEntry("webhookId", "12");
        assertThat(e.payload().path("total").asText()).isEqualTo("29.35");
    }

    @Test
    void redeliveryYieldsTheSameIdAndVersionSoTheHubDedupes() {
        byte[] body = WooCommerceFixtures.bytes("order-727.json");
        PlatformEvent first = receiver.parse(WooCommerceTestSigner.signed("order.updated", body, WooCommerceFixtures.SECRET)).get(0);
        WebhookRequest again = WooCommerceTestSigner.signed("order.updated", body, WooCommerceFixtures.SECRET);
        PlatformEvent second = receiver.parse(again).get(0);
        assertThat(second.externalId()).isEqualTo(first.externalId());
        assertThat(second.version()).isEqualTo(first.version());
    }

    @Test
    void productWebhookAndDeletion() {
        PlatformEvent p = receiver.parse(WooCommerceTestSigner.signed("product.updated", WooCommerceFixtures.bytes("product-794.json"),
                WooCommerceFixtures.SECRET)).get(0);
        assertThat(p.kind()).isEqualTo(EntityKind.PRODUCT);
        assertThat(p.version()).isEqualTo("2017-03-23T20:01:14Z");
        PlatformEvent d = receiver.parse(WooCommerceTestSigner.signed("product.deleted", utf8("{\"id\":794}"), WooCommerceFixtures.SECRET)).get(0);
        assertThat(d.action()).isEqualTo(PlatformEvent.Action.DELETE);
        assertThat(d.externalId()).isEqualTo("794");
        assertThat(d.version()).isEqualTo(WooCommerceEvents.DELETED_VERSION);
    }

    @Test
    void topicsTheHubDoesNotUseAreAcceptedWithNothingToDo() {
        assertThat(receiver.parse(WooCommerceTestSigner.signed("customer.created", utf8("{\"id\":26}"), WooCommerceFixtures.SECRET))).isEmpty();
        assertThat(receiver.parse(WooCommerceTestSigner.signed("coupon.updated", utf8("{\"id\":3}"), WooCommerceFixtures.SECRET))).isEmpty();
        assertThat(receiver.parse(WooCommerceTestSigner.signed("action.woocommerce_add_to_cart", utf8("{\"action\":\"x\"}"),
                WooCommerceFixtures.SECRET))).isEmpty();
    }

    @Test
    void malformedBodiesAreMalformedPayloadsWithASpecificMessage() {
        assertThatThrownBy(() -> receiver.parse(WooCommerceTestSigner.signed("order.updated", utf8("{\"id\": not json"), "x")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> receiver.parse(WooCommerceTestSigner.signed("order.updated", utf8("[1,2]"), "x")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> receiver.parse(WooCommerceTestSigner.signed("order.updated", utf8("{\"status\":\"processing\"}"), "x")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("no positive numeric id");
        assertThatThrownBy(() -> receiver.parse(WooCommerceTestSigner.signed("order.updated", utf8("{\"id\":5}"), "x")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("date_modified_gmt");
        assertThatThrownBy(() -> receiver.parse(WooCommerceTestSigner.signed("order.updated",
                utf8("{\"id\":5,\"date_modified_gmt\":\"yesterday\"}"), "x")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not an ISO-8601 time");
        WebhookRequest noTopic = new WebhookRequest("w", "POST", "u", java.util.Map.of(), java.util.Map.of(), utf8("{\"id\":5}"), Instant.EPOCH);
        assertThatThrownBy(() -> receiver.parse(noTopic)).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("X-WC-Webhook-Topic");
    }

    @Test
    void badSignatureIsRejectedBeforeAnythingIsParsed() {
        WebhookRequest req = WooCommerceTestSigner.signed("order.updated", WooCommerceFixtures.bytes("order-727.json"), "attacker");
        assertThatThrownBy(() -> receiver.verify(req)).isInstanceOf(WebhookAuthenticationException.class)
                .hasMessageNotContaining(WooCommerceFixtures.SECRET);
    }
}
