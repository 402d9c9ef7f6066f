package io.omnihub.app.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.omnihub.app.channels.ChannelFixtures.base64;
import static io.omnihub.app.channels.ChannelFixtures.bytes;
import static io.omnihub.app.channels.ChannelFixtures.hmacSha256;
import static io.omnihub.app.channels.ChannelFixtures.marker;
import static io.omnihub.app.channels.ChannelFixtures.object;
import static io.omnihub.app.channels.ChannelFixtures.text;
import static io.omnihub.app.channels.ChannelFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.HubTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, Square, through the running hub: the documented {@code order.created} notification (thin: ids
 * only), signed as Square signs it ({@code x-square-hmacsha256-signature} = base64 HMAC-SHA256 of
 * notification URL + raw body), is fetched in full from a Square stub with RetrieveOrder and arrives at
 * the ERP stub once as a canonical order; a payment notification arrives as a payment. Redelivery, bad
 * signatures and malformed bodies get the contract's answers; stock posted by the ERP reaches the stub as
 * BatchChangeInventory {@code PHYSICAL_COUNT} changes with an idempotency key.
 */
class SquareEndToEndTest extends HubTestSupport {

    static final String SQUARE = "square-e2e";
    static final String DEST = "erp-square-e2e";
    /** Order and event of the documented OrderCreatedEvent example. */
    static final String ORDER_ID = "eA3vssLHKJrv9H0IdJCM3gNqfdcZY";
    static final String ORDER_EVENT_ID = "116038d3-2948-439f-8679-fc86dbf80f69";
    /** Location of the documented ListLocationsResponse example, mapped from the hub's WH-SQ. */
    static final String LOCATION_ID = "18YC4JDH91E1H";
    static final String BATCH_CHANGE = "/v2/inventory/changes/batch-create";

    static final WireMockServer SELLER = startSeller();

    private static WireMockServer startSeller() {
        WireMockServer s = new WireMockServer(options().dynamicPort());
        s.start();
        return s;
    }

    @BeforeAll
    static void config() {
        // RetrieveOrder / BatchRetrieveOrders answer the documented RetrieveOrderResponse order under the id
        // asked for, as Square does for an order that exists (a webhook wrongly let through would show up)
        ObjectNode retrieve = object("square/responses/retrieve-order.json");
        ((ObjectNode) retrieve.get("order")).put("id", "{{request.pathSegments.[2]}}");
        SELLER.stubFor(WireMock.get(urlPathMatching("/v2/orders/[^/]+"))
                .willReturn(okJson(retrieve.toString()).withTransformers("response-template")));
        ObjectNode batchOrder = object("square/responses/retrieve-order.json");
        ((ObjectNode) batchOrder.get("order")).put("id", "{{jsonPath request.body '$.order_ids[0]'}}");
        SELLER.stubFor(WireMock.post(urlPathEqualTo("/v2/orders/batch-retrieve"))
                .willReturn(okJson("{\"orders\":[" + batchOrder.get("order") + "]}").withTransformers("response-template")));
        SELLER.stubFor(WireMock.post(urlPathEqualTo("/v2/catalog/search"))
                .willReturn(okJson(text("square/responses/search-catalog-variations-with-sku.json"))));
        SELLER.stubFor(WireMock.post(urlPathEqualTo("/v2/catalog/batch-retrieve"))
                .willReturn(okJson(text("square/responses/search-catalog-variations-with-sku.json"))));
        SELLER.stubFor(WireMock.post(urlPathEqualTo(BATCH_CHANGE))
                .willReturn(okJson(text("square/responses/batch-change-inventory.json"))));
        // reconciliation polling of inventory counts finds nothing new
        SELLER.stubFor(WireMock.post(urlPathEqualTo("/v2/inventory/counts/batch-retrieve")).willReturn(okJson("{}")));
        SELLER.stubFor(WireMock.get(urlPathEqualTo("/v2/locations"))
                .willReturn(okJson(text("square/responses/list-locations.json"))));

        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "order, payment"));
        writeConfig(SQUARE + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: square
                  connection:
                    baseUrl: %s
                    accessToken: ${TEST_SQUARE_ACCESS_TOKEN}
                  webhooks:
                    secrets: [${TEST_SQUARE_SIGNATURE_KEY}]
                  flows:
                    webhooks: true
                    orders: false
                    products: false
                    payments: false
                    stock: true
                  limits:
                    requestsPerSecond: 50
                    burst: 50
                  mapping:
                    locations:
                      WH-SQ: %s
                """.formatted(SQUARE, SELLER.baseUrl(), LOCATION_ID));
    }

    @AfterAll
    static void removeConfig() {
        deleteConfig(SQUARE + ".yaml");
        deleteConfig(DEST + ".yaml");
        SELLER.stop();
    }

    @BeforeEach
    void ready() {
        awaitConnector(SQUARE);
        awaitDestination(DEST);
    }

    /** Square's signature: base64(HMAC-SHA256(signature key, notification URL + raw body)). */
    private static String signature(String key, String notificationUrl, byte[] body) {
        return base64(hmacSha256(key, utf8(notificationUrl), body));
    }

    /** The URL the subscription is registered with (the connector sets no notificationUrl: the request URL counts). */
    private String notificationUrl() {
        return url("/webhooks/" + SQUARE);
    }

    private HttpResponse<String> deliver(byte[] body, String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "Square Connect v2");
        if (signature != null) {
            h.put("x-square-hmacsha256-signature", signature);
        }
        return post("/webhooks/" + SQUARE, body, h);
    }

    private static List<JsonNode> delivered(String subject) {
        return erpDeliveredBy(DEST).stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    @Test
    void thinOrderNotificationIsRetrievedInFullAndArrivesAtTheErpOnce() throws Exception {
        byte[] body = bytes("square/webhooks/order-created.json");
        String subject = SQUARE + ":order:" + ORDER_ID;
        long duplicatesBefore = connectorCount(SQUARE, "webhook.duplicate");

        HttpResponse<String> r = deliver(body, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "order " + ORDER_ID + " at the ERP", () -> !delivered(subject).isEmpty());

        // the hub read the order with RetrieveOrder, authenticated and versioned
        LoggedRequest retrieve = SELLER.findAll(getRequestedFor(urlPathEqualTo("/v2/orders/" + ORDER_ID))).get(0);
        assertThat(retrieve.getHeader("Authorization")).isEqualTo("Bearer " + SQUARE_ACCESS_TOKEN);
        assertThat(retrieve.getHeader("Square-Version")).matches("\\d{4}-\\d{2}-\\d{2}");

        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + SQUARE);
        // the fetched order, not the thin notification: its time, lines and money
        assertThat(ce.get("time").asText()).isEqualTo("2020-05-18T16:30:49.614Z");
        assertThat(ce.get("omnihubentityversion").asText()).isNotBlank();
        JsonNode data = ce.get("data");
        assertThat(data.get("orderId").asText()).isEqualTo(SQUARE + ":" + ORDER_ID);
        assertThat(data.get("externalId").asText()).isEqualTo(ORDER_ID);
        assertThat(data.get("channel").get("platform").asText()).isEqualTo("SQUARE");
        // a POS sale carries the Square location it was sold at
        assertThat(data.get("channel").get("marketplaceId").asText()).isEqualTo("D7AVYMEAPJ3A3");
        // platforms.md section 7 (Square): OPEN without fulfilments and tenders -> OPEN / NONE / UNFULFILLED
        assertThat(data.get("status").asText()).isEqualTo("OPEN");
        assertThat(data.get("paymentStatus").asText()).isEqualTo("NONE");
        assertThat(data.get("fulfillmentStatus").asText()).isEqualTo("UNFULFILLED");
        assertThat(data.get("sourceStatus").asText()).isEqualTo("OPEN");
        // Money{amount: 550, currency: USD} in minor units -> "5.50"
        JsonNode totals = data.get("totals");
        assertThat(totals.get("total").get("amount").isTextual()).isTrue();
        assertThat(totals.get("total").get("amount").asText()).isEqualTo("5.50");
        assertThat(totals.get("total").get("currency").asText()).isEqualTo("USD");
        assertThat(totals.get("subtotal").get("amount").asText()).isEqualTo("11.00");
        assertThat(totals.get("discount").get("amount").asText()).isEqualTo("5.50");
        assertThat(data.get("lines")).hasSize(2);
        assertThat(data.get("lines").get(1).get("title").asText()).isEqualTo("Item 2");
        assertThat(data.get("lines").get(1).get("quantity").asInt()).isEqualTo(2);
        assertThat(data.get("lines").get(1).get("unitPrice").get("amount").asText()).isEqualTo("3.00");

        // Square retries with the same event_id: 200, no second event
        assertThat(deliver(body, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), body)).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the duplicate to be counted",
                () -> connectorCount(SQUARE, "webhook.duplicate") > duplicatesBefore);
        Thread.sleep(1500);
        assertThat(delivered(subject)).hasSize(1);
    }

    @Test
    void paymentNotificationArrivesAtTheErpAsACanonicalPayment() {
        byte[] body = bytes("square/webhooks/payment-created.json");
        String subject = SQUARE + ":payment:hYy9pRFVxpDsO1FB05SunFWUe9JZY";
        HttpResponse<String> r = deliver(body, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "payment at the ERP", () -> !delivered(subject).isEmpty());

        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.payment.updated.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + SQUARE);
        JsonNode data = ce.get("data");
        assertThat(data.get("paymentId").asText()).isEqualTo(SQUARE + ":hYy9pRFVxpDsO1FB05SunFWUe9JZY");
        assertThat(data.get("provider").asText()).isEqualTo("SQUARE");
        // Payment.status APPROVED -> AUTHORIZED; 100 cents -> "1.00"
        assertThat(data.get("status").asText()).isEqualTo("AUTHORIZED");
        assertThat(data.get("amount").get("amount").asText()).isEqualTo("1.00");
        assertThat(data.get("amount").get("currency").asText()).isEqualTo("USD");
        assertThat(data.get("orderRef").asText()).isEqualTo(SQUARE + ":03O3USaPaAaFnI6kkwB1JxGgBsUZY");
    }

    @Test
    void badSignaturesAndMalformedBodiesAreRejectedAndNeverReachTheErp() throws Exception {
        long published = connectorCount(SQUARE, "published");
        long unauthorized = connectorCount(SQUARE, "webhook.unauthorized");
        long malformed = connectorCount(SQUARE, "webhook.malformed");
        List<String> markers = new ArrayList<>();

        String wrongKey = marker("sq-wrong-key");
        markers.add(wrongKey);
        byte[] b1 = orderCreated(wrongKey);
        HttpResponse<String> r = deliver(b1, signature("not-the-signature-key", notificationUrl(), b1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("x-square-hmacsha256-signature");

        // right key, but signed for another notification URL: the URL is part of what Square signs
        String otherUrl = marker("sq-other-url");
        markers.add(otherUrl);
        byte[] b2 = orderCreated(otherUrl);
        assertThat(deliver(b2, signature(SQUARE_SIGNATURE_KEY, "https://hub.example.com/webhooks/" + SQUARE, b2))
                .statusCode()).isEqualTo(401);

        String missing = marker("sq-missing");
        markers.add(missing);
        assertThat(deliver(orderCreated(missing), null).statusCode()).isEqualTo(401);

        String tamperedMarker = marker("sq-tampered");
        markers.add(tamperedMarker);
        byte[] signed = orderCreated(tamperedMarker);
        byte[] tampered = utf8(utf8(signed).replace("\"state\":\"OPEN\"", "\"state\":\"COMPLETED\""));
        assertThat(deliver(tampered, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), signed)).statusCode()).isEqualTo(401);

        // correctly signed, not JSON
        String broken = marker("sq-broken");
        markers.add(broken);
        byte[] b5 = utf8("{\"event_id\":\"" + broken + "\",\"type\":\"order.created\",\"data\":");
        HttpResponse<String> m = deliver(b5, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), b5));
        assertThat(m.statusCode()).as(m.body()).isEqualTo(400);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // correctly signed JSON without event_id
        String noEvent = marker("sq-no-event");
        markers.add(noEvent);
        byte[] b6 = utf8(utf8(orderCreated(noEvent)).replace("\"event_id\":\"" + noEvent + "\",", ""));
        HttpResponse<String> m2 = deliver(b6, signature(SQUARE_SIGNATURE_KEY, notificationUrl(), b6));
        assertThat(m2.statusCode()).as(m2.body()).isEqualTo(400);
        assertThat(m2.body()).contains("event_id");

        Thread.sleep(1500);
        assertThat(SELLER.findAll(getRequestedFor(urlPathMatching("/v2/orders/.*"))))
                .noneMatch(q -> markers.stream().anyMatch(x -> q.getUrl().contains(x)));
        assertThat(ERP.requests()).noneMatch(q -> markers.stream().anyMatch(x -> q.getBodyAsString().contains(x)));
        assertThat(connectorCount(SQUARE, "published")).isEqualTo(published);
        assertThat(connectorCount(SQUARE, "webhook.unauthorized")).isEqualTo(unauthorized + 4);
        assertThat(connectorCount(SQUARE, "webhook.malformed")).isEqualTo(malformed + 2);
    }

    /** The documented OrderCreatedEvent with event and order ids replaced by {@code marker}, bytes otherwise as documented. */
    private static byte[] orderCreated(String marker) {
        String body = text("square/webhooks/order-created.json").strip()
                .replace(ORDER_EVENT_ID, marker).replace(ORDER_ID, marker);
        assertThat(body).doesNotContain(ORDER_ID).contains("\"event_id\":\"" + marker + "\"");
        return utf8(body);
    }

    @Test
    void stockFromTheErpReachesSquareAsPhysicalCountChanges() {
        String batch = """
                [ {"sku": "TEA-MUG", "locationId": "WH-SQ", "onHand": 20, "reserved": 5, "asOf": "2026-11-22T10:00:00Z"},
                  {"sku": "COFFEE-REG", "locationId": "WH-SQ", "onHand": 3, "asOf": "2026-11-22T10:00:00Z"},
                  {"sku": "E2E-SQ-NO-SUCH-SKU", "locationId": "WH-SQ", "onHand": 8} ]""";
        HttpResponse<String> r = post("/api/v1/stock", utf8(batch), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        // quantity = onHand - reserved, as an absolute count of the variation with that SKU at the mapped location
        await(Duration.ofSeconds(20), "PHYSICAL_COUNT of TEA-MUG at 15", () -> count("2TZFAOHWGG7PAK2QEXWYPZSP", "15"));
        await(Duration.ofSeconds(20), "PHYSICAL_COUNT of COFFEE-REG at 3", () -> count("LBTYIHNHU52WOIHWT7SNRIYH", "3"));
        await(Duration.ofSeconds(20), "the unknown SKU to be reported", () -> connectorCount(SQUARE, "stock.rejected") >= 1);

        List<LoggedRequest> calls = SELLER.findAll(postRequestedFor(urlPathEqualTo(BATCH_CHANGE)));
        for (LoggedRequest call : calls) {
            assertThat(call.getHeader("Authorization")).isEqualTo("Bearer " + SQUARE_ACCESS_TOKEN);
            JsonNode body = json(call.getBodyAsString());
            String key = body.path("idempotency_key").asText("");
            assertThat(key).isNotBlank().hasSizeLessThanOrEqualTo(128);
            assertThat(body.get("changes").size()).isBetween(1, 100);
            for (JsonNode change : body.get("changes")) {
                assertThat(change.get("type").asText()).isEqualTo("PHYSICAL_COUNT");
                JsonNode pc = change.get("physical_count");
                assertThat(pc.get("location_id").asText()).isEqualTo(LOCATION_ID);
                assertThat(pc.get("state").asText()).isEqualTo("IN_STOCK");
                assertThat(pc.get("quantity").isTextual()).as("Square quantities are decimal strings").isTrue();
                assertThat(pc.get("occurred_at").asText()).endsWith("Z");
                assertThat(pc.get("catalog_object_id").asText()).isIn("2TZFAOHWGG7PAK2QEXWYPZSP", "LBTYIHNHU52WOIHWT7SNRIYH");
            }
        }
        // the SKU was resolved with SearchCatalogObjects on the sku attribute
        SELLER.verify(postRequestedFor(urlPathEqualTo("/v2/catalog/search"))
                .withRequestBody(WireMock.matchingJsonPath("$.query.set_query[?(@.attribute_name == 'sku')]")));
    }

    /** Whether some BatchChangeInventory call set {@code variationId} to {@code quantity}. */
    private static boolean count(String variationId, String quantity) {
        for (LoggedRequest call : SELLER.findAll(postRequestedFor(urlPathEqualTo(BATCH_CHANGE)))) {
            for (JsonNode change : json(call.getBodyAsString()).path("changes")) {
                JsonNode pc = change.path("physical_count");
                if (variationId.equals(pc.path("catalog_object_id").asText()) && quantity.equals(pc.path("quantity").asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
