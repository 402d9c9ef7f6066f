package io.omnihub.connector.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.capability.FulfillmentSink.Shipment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Polling with modified_after in GMT and page tokens; shipments as tracking items plus the order status. */
class WooCommercePollerAndFulfillmentTest extends WooCommerceWireMockSupport {

    private static final String API = WooCommerceFixtures.API;

    @Test
    void pollSendsModifiedAfterInGmtAndPagesToExhaustion() {
        wm.stubFor(get(urlPathEqualTo(API + "/orders")).withQueryParam("page", equalTo("1"))
                .willReturn(okJson("[" + WooCommerceFixtures.text("order-723.json") + "]").withHeader("X-WP-TotalPages", "2")));
        wm.stubFor(get(urlPathEqualTo(API + "/orders")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("[" + WooCommerceFixtures.text("order-727.json") + "]").withHeader("X-WP-TotalPages", "2")));
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        assertThat(poller.pollableKinds()).containsExactlyInAnyOrder(EntityKind.ORDER, EntityKind.PRODUCT);

        // 21:00 at +02:00 is 19:00 GMT; fractions are dropped
        Instant since = java.time.OffsetDateTime.parse("2017-03-21T21:00:00.750+02:00").toInstant();
        ChangePoller.Page first = poller.poll(EntityKind.ORDER, since, null);
        wm.verify(getRequestedFor(urlPathEqualTo(API + "/orders"))
                .withQueryParam("modified_after", equalTo("2017-03-21T19:00:00"))
                .withQueryParam("dates_are_gmt", equalTo("true"))
                .withQueryParam("orderby", equalTo("modified"))
                .withQueryParam("order", equalTo("asc"))
                .withQueryParam("per_page", equalTo("100")));
        assertThat(first.events()).extracting(e -> e.externalId()).containsExactly("723");
        assertThat(first.nextPageToken()).isEqualTo("2");
        assertThat(first.highWatermark()).isEqualTo(Instant.parse("2017-03-21T19:54:51Z"));

        ChangePoller.Page second = poller.poll(EntityKind.ORDER, since, first.nextPageToken());
        assertThat(second.events()).extracting(e -> e.externalId()).containsExactly("727");
        assertThat(second.events().get(0).version()).isEqualTo("2017-03-22T19:28:08Z");
        assertThat(second.nextPageToken()).isNull();
        assertThat(second.highWatermark()).isEqualTo(Instant.parse("2017-03-22T19:28:08Z"));
    }

    @Test
    void emptyPageKeepsTheCursor() {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).willReturn(okJson("[]").withHeader("X-WP-TotalPages", "0")));
        Instant since = Instant.parse("2024-01-01T00:00:00Z");
        ChangePoller.Page p = connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PRODUCT, since, null);
        assertThat(p.events()).isEmpty();
        assertThat(p.nextPageToken()).isNull();
        assertThat(p.highWatermark()).isEqualTo(since);
    }

    @Test
    void shipmentAddsTrackingOnceAndCompletesTheOrder() {
        String tracking = "/wp-json/wc-shipment-tracking/v3/orders/727/shipment-trackings";
        wm.stubFor(get(urlPathEqualTo(tracking)).willReturn(okJson(
                "[{\"tracking_id\":\"aa11\",\"tracking_provider\":\"USPS\",\"tracking_number\":\"9400111899560000000000\",\"date_shipped\":\"2026-07-10\"}]")));
        wm.stubFor(post(urlPathEqualTo(tracking)).willReturn(okJson(
                "{\"tracking_id\":\"bb22\",\"tracking_provider\":\"USPS\",\"tracking_number\":\"9400111899560000000001\",\"date_shipped\":\"2026-07-10\"}")
                .withStatus(201)));
        wm.stubFor(put(urlPathEqualTo(API + "/orders/727")).willReturn(okJson(WooCommerceFixtures.text("order-727.json"))));
        FulfillmentSink sink = connector.capability(FulfillmentSink.class).orElseThrow();
        String id = sink.pushFulfillment(new Shipment("727", List.of(), "USPS",
                List.of("9400111899560000000000", "9400111899560000000001"), List.of(),
                Instant.parse("2026-07-10T15:00:00Z"), true, "ship-1"));
        assertThat(id).isEqualTo("aa11,bb22");
        // only the number not yet on the order is posted, in the documented request shape
        wm.verify(1, postRequestedFor(urlPathEqualTo(tracking)));
        wm.verify(postRequestedFor(urlPathEqualTo(tracking)).withRequestBody(equalToJson(
                "{\"tracking_provider\":\"USPS\",\"tracking_number\":\"9400111899560000000001\",\"date_shipped\":\"2026-07-10\"}")));
        wm.verify(putRequestedFor(urlPathEqualTo(API + "/orders/727")).withRequestBody(equalToJson("{\"status\":\"completed\"}")));
    }
}
