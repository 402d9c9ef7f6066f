package io.omnihub.connector.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing of the api.json example webhooks, signed as Square signs them. */
class SquareWebhookReceiverTest {

    private final SquareWebhookReceiver receiver =
            new SquareWebhookReceiver(List.of(SquareTestSupport.SECRET), SquareTestSupport.NOTIFICATION_URL);

    private List<PlatformEvent> accept(byte[] body) {
        WebhookRequest req = SquareTestSigner.request("square-pos", SquareTestSupport.NOTIFICATION_URL, body,
                SquareTestSupport.SECRET);
        receiver.verify(req);
        return receiver.parse(req);
    }

    private List<PlatformEvent> accept(String body) {
        return accept(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void orderEventsAreThinWithIdVersionAndLocation() {
        for (String name : List.of("order-created", "order-updated", "order-fulfillment-updated")) {
            List<PlatformEvent> events = accept(SquareTestSupport.webhook(name));
            assertThat(events).hasSize(1);
            PlatformEvent e = events.get(0);
            assertThat(e.kind()).isEqualTo(EntityKind.ORDER);
            assertThat(e.thin()).isTrue();
            assertThat(e.payload()).isNull();
            assertThat(e.externalId()).isEqualTo("eA3vssLHKJrv9H0IdJCM3gNqfdcZY");
            assertThat(e.attributes()).containsEntry("locationId", "FPYCBCHYMXFK1").containsEntry("state", "OPEN");
        }
        PlatformEvent updated = accept(SquareTestSupport.webhook("order-updated")).get(0);
        assertThat(updated.eventId()).isEqualTo("4b8e5c91-9f17-4cf1-900a-4a0629f81add");
        assertThat(updated.version()).isEqualTo("2");
        assertThat(updated.topic()).isEqualTo("order.updated");
        assertThat(updated.occurredAt()).isEqualTo(Instant.parse("2020-04-16T23:14:26.359Z"));
        assertThat(accept(SquareTestSupport.webhook("order-fulfillment-updated")).get(0).version()).isEqualTo("6");
    }

    @Test
    void paymentAndRefundEventsCarryTheFullObject() {
        PlatformEvent p = accept(SquareTestSupport.webhook("payment-updated")).get(0);
        assertThat(p.kind()).isEqualTo(EntityKind.PAYMENT);
        assertThat(p.thin()).isFalse();
        assertThat(p.externalId()).isEqualTo("hYy9pRFVxpDsO1FB05SunFWUe9JZY");
        assertThat(p.version()).isEqualTo("2020-11-22T21:19:00.831Z");
        assertThat(p.payload().path("status").asText()).isEqualTo("COMPLETED");

        PlatformEvent r = accept(SquareTestSupport.webhook("refund-updated")).get(0);
        assertThat(r.kind()).isEqualTo(EntityKind.REFUND);
        assertThat(r.eventId()).isEqualTo("bc316346-6691-4243-88ed-6d651a0d0c47");
        assertThat(r.payload().path("amount_money").path("amount").asLong()).isEqualTo(1000);
    }

    @Test
    void inventoryEventNeedsSkuResolutionAndCatalogEventIsThin() {
        PlatformEvent inv = accept(SquareTestSupport.webhook("inventory-count-updated")).get(0);
        assertThat(inv.kind()).isEqualTo(EntityKind.STOCK);
        assertThat(inv.thin()).as("SKUs must be resolved by the fetcher").isTrue();
        assertThat(inv.payload().path("inventory_counts").get(0).path("quantity").asText()).isEqualTo("10");
        assertThat(inv.version()).isEqualTo("2019-10-29T18:38:45.10296Z");

        PlatformEvent cat = accept(SquareTestSupport.webhook("catalog-version-updated")).get(0);
        assertThat(cat.kind()).isEqualTo(EntityKind.PRODUCT);
        assertThat(cat.thin()).isTrue();
        assertThat(cat.occurredAt()).isEqualTo(Instant.parse("2019-10-29T17:26:16.530Z"));
    }

    @Test
    void unknownEventTypesAreAcceptedAsNothingToDo() {
        // the SDK's test notification (reference/platforms.md §4.2 vector A body)
        assertThat(accept(SquareSignatureVectorTest.BODY_A)).isEmpty();
    }

    @Test
    void duplicateDeliveryYieldsTheSameEventIdAndVersion() {
        byte[] body = SquareTestSupport.webhook("refund-created");
        PlatformEvent first = accept(body).get(0);
        PlatformEvent again = accept(body).get(0);
        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(again.externalId()).isEqualTo(first.externalId());
    }

    @Test
    void oldEventsAreAcceptedBecauseSquareRetriesForUpTo72Hours() {
        // Square's signature has no timestamp: staleness cannot be checked, dedupe is on event_id
        String old = new String(SquareTestSupport.webhook("payment-created"), StandardCharsets.UTF_8);
        assertThat(accept(old)).hasSize(1);
    }

    @Test
    void malformedBodiesAreRejectedWithASpecificMessage() {
        assertThatThrownBy(() -> accept("{\"id\": not json")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> accept("[1,2]")).isInstanceOf(MalformedPayloadException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> accept("{\"type\":\"order.updated\",\"event_id\":\"e1\",\"created_at\":\"2020-01-01T00:00:00Z\"}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("no data object");
        assertThatThrownBy(() -> accept("{\"type\":\"order.updated\",\"event_id\":\"e1\",\"created_at\":\"2020-01-01T00:00:00Z\","
                + "\"data\":{\"object\":{}}}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("data.object.order_updated");
        assertThatThrownBy(() -> accept("{\"type\":\"payment.updated\",\"created_at\":\"2020-01-01T00:00:00Z\",\"data\":{}}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("event_id");
        assertThatThrownBy(() -> accept("{\"type\":\"inventory.count.updated\",\"event_id\":\"e\",\"created_at\":\"2020-01-01T00:00:00Z\","
                + "\"data\":{\"object\":{\"inventory_counts\":[{\"catalog_object_id\":\"A\",\"location_id\":\"L\","
                + "\"state\":\"IN_STOCK\",\"quantity\":\"ten\"}]}}}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("quantity");
        assertThatThrownBy(() -> accept("{\"type\":\"payment.updated\",\"event_id\":\"e\",\"created_at\":\"yesterday\",\"data\":{}}"))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("RFC 3339");
    }
}
