package io.omnihub.app.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.omnihub.app.channels.ChannelFixtures.base64;
import static io.omnihub.app.channels.ChannelFixtures.bytes;
import static io.omnihub.app.channels.ChannelFixtures.compact;
import static io.omnihub.app.channels.ChannelFixtures.hmacSha256;
import static io.omnihub.app.channels.ChannelFixtures.marker;
import static io.omnihub.app.channels.ChannelFixtures.object;
import static io.omnihub.app.channels.ChannelFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.HubTestSupport;
import io.omnihub.connector.support.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, WooCommerce, through the running hub: the documented order 727, delivered as WooCommerce's
 * {@code WC_Webhook::deliver()} sends it and signed with {@code X-WC-Webhook-Signature}, comes out at
 * the ERP stub as one canonical order; a redelivery, a bad signature, a malformed body and the
 * unsigned creation ping get the contract's answers without reaching the ERP; stock posted by the ERP
 * reaches a WooCommerce stub as {@code products/batch} and {@code variations/batch} updates.
 */
class WooCommerceEndToEndTest extends HubTestSupport {

    static final String WOO = "woo-e2e";
    static final String DEST = "erp-woo-e2e";
    static final String API = "/wp-json/wc/v3";
    /** SKU given to the documented simple product 794 (its example has an empty SKU). */
    static final String SIMPLE_SKU = "E2E-WOO-794";
    /** SKU of variation 23 of product 22, as in line item 316 of the documented order 727. */
    static final String VARIATION_SKU = "Bar3";

    static final WireMockServer STORE = startStore();

    private static WireMockServer startStore() {
        WireMockServer s = new WireMockServer(options().dynamicPort());
        s.start();
        return s;
    }

    @BeforeAll
    static void config() {
        ObjectNode product = object("woocommerce/product-794.json");
        product.put("sku", SIMPLE_SKU);
        // GET /products?sku=a,b also finds variations (type variation, parent_id); fields as in _products.md
        ObjectNode variation = Json.mapper().createObjectNode().put("id", 23).put("type", "variation")
                .put("parent_id", 22).put("sku", VARIATION_SKU);
        STORE.stubFor(WireMock.get(urlPathEqualTo(API + "/products"))
                .willReturn(okJson("[" + product + "," + variation + "]").withHeader("X-WP-TotalPages", "1")));
        // WC_REST_Controller::batch_items() answers {"update": [<updated objects>]}
        STORE.stubFor(WireMock.post(urlPathEqualTo(API + "/products/batch"))
                .willReturn(okJson("{\"update\":[" + product.put("manage_stock", true) + "]}")));
        STORE.stubFor(WireMock.post(urlPathEqualTo(API + "/products/22/variations/batch"))
                .willReturn(okJson("{\"update\":[" + variation.put("manage_stock", true) + "]}")));

        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "order"));
        writeConfig(WOO + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: woocommerce
                  connection:
                    baseUrl: %s
                    consumerKey: ${TEST_WOO_CONSUMER_KEY}
                    consumerSecret: ${TEST_WOO_CONSUMER_SECRET}
                  webhooks:
                    secrets: [${TEST_WOO_SECRET}]
                  flows:
                    webhooks: true
                    orders: false
                    products: false
                    stock: true
                    fulfillments: false
                  limits:
                    requestsPerSecond: 50
                    burst: 50
                  mapping:
                    defaultCurrency: USD
                    locations:
                      WH-WOO: default
                """.formatted(WOO, STORE.baseUrl()));
    }

    @AfterAll
    static void removeConfig() {
        deleteConfig(WOO + ".yaml");
        deleteConfig(DEST + ".yaml");
        STORE.stop();
    }

    @BeforeEach
    void ready() {
        awaitConnector(WOO);
        awaitDestination(DEST);
    }

    /** A delivery as WC_Webhook::deliver() sends it (headers per class-wc-webhook.php), signed with {@code secret}. */
    private HttpResponse<String> deliver(String topic, byte[] body, String secret) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("User-Agent", "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)");
        h.put("X-WC-Webhook-Source", "https://shop.example.com/");
        h.put("X-WC-Webhook-Topic", topic);
        h.put("X-WC-Webhook-Resource", topic.substring(0, topic.indexOf('.')));
        h.put("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1));
        h.put("X-WC-Webhook-ID", "12");
        // changes on every delivery, also on redeliveries of the same payload
        h.put("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString().replace("-", ""));
        if (secret != null) {
            h.put("X-WC-Webhook-Signature", base64(hmacSha256(secret, body)));
        }
        return post("/webhooks/" + WOO, body, h);
    }

    private static List<JsonNode> delivered(String subject) {
        return erpDeliveredBy(DEST).stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    @Test
    void documentedOrderWebhookArrivesAtTheErpOnceAsACanonicalOrder() throws Exception {
        byte[] body = bytes("woocommerce/order-727.json");
        String subject = WOO + ":order:727";
        long duplicatesBefore = connectorCount(WOO, "webhook.duplicate");

        HttpResponse<String> r = deliver("order.created", body, WOO_SECRET);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "order 727 at the ERP", () -> !delivered(subject).isEmpty());

        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + WOO);
        assertThat(ce.get("time").asText()).isEqualTo("2017-03-22T19:28:08Z");
        assertThat(ce.get("omnihubentityversion").asText()).isEqualTo("2017-03-22T19:28:08Z");
        JsonNode data = ce.get("data");
        assertThat(data.get("orderId").asText()).isEqualTo(WOO + ":727");
        assertThat(data.get("externalId").asText()).isEqualTo("727");
        assertThat(data.get("channel").get("connectorId").asText()).isEqualTo(WOO);
        assertThat(data.get("channel").get("platform").asText()).isEqualTo("WOOCOMMERCE");
        assertThat(data.get("currency").asText()).isEqualTo("USD");
        // platforms.md section 7: processing -> OPEN / PAID / UNFULFILLED
        assertThat(data.get("status").asText()).isEqualTo("OPEN");
        assertThat(data.get("paymentStatus").asText()).isEqualTo("PAID");
        assertThat(data.get("fulfillmentStatus").asText()).isEqualTo("UNFULFILLED");
        assertThat(data.get("sourceStatus").asText()).isEqualTo("processing");
        JsonNode total = data.get("totals").get("total");
        assertThat(total.get("amount").isTextual()).as("money is a decimal string").isTrue();
        assertThat(total.get("amount").asText()).isEqualTo("29.35");
        assertThat(total.get("currency").asText()).isEqualTo("USD");
        assertThat(data.get("totals").get("tax").get("amount").asText()).isEqualTo("1.35");
        assertThat(data.get("totals").get("shipping").get("amount").asText()).isEqualTo("10.00");
        assertThat(data.get("lines")).hasSize(2);
        assertThat(data.get("lines").get(1).get("sku").asText()).isEqualTo(VARIATION_SKU);
        assertThat(data.get("lines").get(1).get("unitPrice").get("amount").asText()).isEqualTo("12.00");
        assertThat(data.get("customer").get("email").asText()).isEqualTo("john.doe@example.com");

        // WooCommerce redelivers the same payload with a new delivery id: 200, and no second event
        HttpResponse<String> again = deliver("order.created", body, WOO_SECRET);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the duplicate to be counted",
                () -> connectorCount(WOO, "webhook.duplicate") > duplicatesBefore);
        Thread.sleep(1500);
        assertThat(delivered(subject)).hasSize(1);
    }

    @Test
    void badSignatureAndMalformedBodiesAreRejectedAndNeverReachTheErp() throws Exception {
        long published = connectorCount(WOO, "published");
        long unauthorized = connectorCount(WOO, "webhook.unauthorized");
        long malformed = connectorCount(WOO, "webhook.malformed");
        List<String> markers = new ArrayList<>();

        // order 727 as documented, but with an order number only this request carries
        ObjectNode order = object("woocommerce/order-727.json");
        String wrongSecret = marker("woo-bad-sig");
        order.put("number", wrongSecret);
        markers.add(wrongSecret);
        HttpResponse<String> r = deliver("order.updated", compact(order), "not-the-secret");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("X-WC-Webhook-Signature");

        String unsigned = marker("woo-unsigned");
        order.put("number", unsigned);
        markers.add(unsigned);
        assertThat(deliver("order.updated", compact(order), null).statusCode()).isEqualTo(401);

        // signed, then changed on the way
        String tamperedMarker = marker("woo-tampered");
        order.put("number", tamperedMarker);
        markers.add(tamperedMarker);
        byte[] signedBody = compact(order);
        byte[] tampered = utf8(utf8(signedBody).replace("\"29.35\"", "\"0.01\""));
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("X-WC-Webhook-Topic", "order.updated");
        h.put("X-WC-Webhook-Signature", base64(hmacSha256(WOO_SECRET, signedBody)));
        assertThat(post("/webhooks/" + WOO, tampered, h).statusCode()).isEqualTo(401);

        // correctly signed, but not JSON
        String broken = marker("woo-broken");
        markers.add(broken);
        HttpResponse<String> m = deliver("order.updated", utf8("{\"id\": 727, \"number\": \"" + broken + "\", "), WOO_SECRET);
        assertThat(m.statusCode()).as(m.body()).isEqualTo(400);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // correctly signed JSON without date_modified_gmt (no version to order updates by)
        String undated = marker("woo-undated");
        markers.add(undated);
        order.put("number", undated);
        order.remove("date_modified_gmt");
        HttpResponse<String> m2 = deliver("order.updated", compact(order), WOO_SECRET);
        assertThat(m2.statusCode()).as(m2.body()).isEqualTo(400);
        assertThat(m2.body()).contains("date_modified_gmt");

        Thread.sleep(1500);
        assertThat(ERP.requests()).noneMatch(q -> markers.stream().anyMatch(x -> q.getBodyAsString().contains(x)));
        assertThat(connectorCount(WOO, "published")).isEqualTo(published);
        assertThat(connectorCount(WOO, "webhook.unauthorized")).isEqualTo(unauthorized + 3);
        assertThat(connectorCount(WOO, "webhook.malformed")).isEqualTo(malformed + 2);
    }

    @Test
    void unsignedCreationPingIsAnswered200AndNothingIsEnqueued() throws Exception {
        long published = connectorCount(WOO, "published");
        long accepted = connectorCount(WOO, "webhook.accepted");
        long handshakes = connectorCount(WOO, "webhook.handshake");
        int erpBefore = erpDeliveredBy(DEST).size();

        // WC_Webhook::deliver_ping(): form body webhook_id=N, no signature, no topic header
        long webhookId = ThreadLocalRandom.current().nextLong(1000, 1_000_000);
        HttpResponse<String> r = post("/webhooks/" + WOO, utf8("webhook_id=" + webhookId),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        Thread.sleep(1000);
        assertThat(connectorCount(WOO, "webhook.handshake")).isEqualTo(handshakes + 1);
        assertThat(connectorCount(WOO, "webhook.accepted")).isEqualTo(accepted);
        assertThat(connectorCount(WOO, "published")).isEqualTo(published);
        assertThat(erpDeliveredBy(DEST)).hasSize(erpBefore);
    }

    @Test
    void stockFromTheErpReachesWooCommerceAsProductAndVariationBatchUpdates() {
        String batch = """
                [ {"sku": "%s", "locationId": "WH-WOO", "onHand": 12, "reserved": 2, "asOf": "2026-11-22T10:00:00Z"},
                  {"sku": "%s", "locationId": "WH-WOO", "onHand": 7, "reserved": 3, "asOf": "2026-11-22T10:00:00Z"},
                  {"sku": "%s", "locationId": "WH-NOT-THIS-STORE", "onHand": 99} ]"""
                .formatted(SIMPLE_SKU, VARIATION_SKU, SIMPLE_SKU);
        HttpResponse<String> r = post("/api/v1/stock", utf8(batch), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r.body()).get("accepted").asInt()).isEqualTo(3);

        // quantity = onHand - reserved, as absolute stock_quantity with manage_stock on
        await(Duration.ofSeconds(20), "products/batch with product 794 at 10",
                () -> updates(API + "/products/batch", 794).stream().anyMatch(u -> u.path("stock_quantity").asLong() == 10));
        await(Duration.ofSeconds(20), "products/22/variations/batch with variation 23 at 4",
                () -> updates(API + "/products/22/variations/batch", 23).stream().anyMatch(u -> u.path("stock_quantity").asLong() == 4));
        for (JsonNode u : updates(API + "/products/batch", 794)) {
            assertThat(u.get("manage_stock").asBoolean()).isTrue();
            assertThat(u.get("stock_quantity").isIntegralNumber()).isTrue();
        }
        assertThat(updates(API + "/products/22/variations/batch", 23)).allMatch(u -> u.get("manage_stock").asBoolean());
        // the simple product never goes to a variations endpoint and vice versa
        assertThat(updates(API + "/products/batch", 23)).isEmpty();

        List<LoggedRequest> calls = batchCalls();
        for (LoggedRequest call : calls) {
            JsonNode body = json(call.getBodyAsString());
            assertThat(body.has("create")).isFalse();
            assertThat(body.has("delete")).isFalse();
            assertThat(body.get("update").size()).isBetween(1, 100);
            assertThat(call.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic(WOO_CONSUMER_KEY, WOO_CONSUMER_SECRET));
        }
        // the level at a hub location this store does not sell from never reaches WooCommerce
        await(Duration.ofSeconds(20), "the unmapped location to be rejected", () -> connectorCount(WOO, "stock.rejected") >= 1);
        assertThat(batchCalls()).noneMatch(c -> json(c.getBodyAsString()).findValues("stock_quantity").stream()
                .anyMatch(q -> q.asLong() == 99));
    }

    private static List<LoggedRequest> batchCalls() {
        return STORE.findAll(postRequestedFor(urlPathMatching(API + "/products(/\\d+/variations)?/batch")));
    }

    /** Every {@code update[]} entry for {@code id} posted to {@code path}. */
    private static List<JsonNode> updates(String path, long id) {
        List<JsonNode> found = new ArrayList<>();
        for (LoggedRequest call : STORE.findAll(postRequestedFor(urlPathEqualTo(path)))) {
            for (JsonNode u : json(call.getBodyAsString()).path("update")) {
                if (u.path("id").asLong() == id) {
                    found.add(u);
                }
            }
        }
        return found;
    }
}
