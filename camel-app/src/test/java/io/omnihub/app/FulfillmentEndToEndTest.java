package io.omnihub.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/fulfillments} (contract §6) through the running hub, against a WooCommerce stub
 * answering as the Shipment Tracking extension and the REST API v3 do: per-item answers for a batch
 * with good and bad shipments, the good one reaching the store once with its tracking data; retries
 * on 5xx; a refusal parked in the fulfillment dead-letter queue, listed and replayed through the
 * dead-letter API; roles.
 */
class FulfillmentEndToEndTest extends HubTestSupport {

    static final String WOO = "woo-ful";
    static final String SHOPIFY_ID = "shopify-ful";
    static final String DISABLED = "woo-ful-off";
    static final String TRACKING = "/wp-json/wc-shipment-tracking/v3/orders/";
    static final String ORDERS = "/wp-json/wc/v3/orders/";
    static final String DLQ = "omnihub.dlq.fulfillment." + WOO;

    static final WireMockServer STORE = startStore();

    private static WireMockServer startStore() {
        WireMockServer s = new WireMockServer(options().dynamicPort());
        s.start();
        return s;
    }

    private static String wooConnector(String id, boolean enabled) {
        return """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: woocommerce
                  enabled: %s
                  connection:
                    baseUrl: %s
                    consumerKey: ${TEST_WOO_CONSUMER_KEY}
                    consumerSecret: ${TEST_WOO_CONSUMER_SECRET}
                  webhooks:
                    secrets: [${TEST_WOO_SECRET}]
                  flows:
                    webhooks: false
                    orders: false
                    products: false
                    stock: false
                    fulfillments: true
                  limits:
                    requestsPerSecond: 50
                    burst: 50
                """.formatted(id, enabled, STORE.baseUrl());
    }

    @BeforeAll
    static void config() {
        // Shipment Tracking: GET lists the order's tracking items, POST adds one and answers it with its tracking_id
        STORE.stubFor(WireMock.get(WireMock.urlPathMatching(TRACKING + "\\d+/shipment-trackings")).willReturn(okJson("[]")));
        STORE.stubFor(WireMock.post(WireMock.urlPathMatching(TRACKING + "\\d+/shipment-trackings"))
                .willReturn(okJson("{\"tracking_id\":\"a1b2c3\",\"tracking_number\":\"1Z999\"}").withStatus(201)));
        STORE.stubFor(WireMock.put(WireMock.urlPathMatching(ORDERS + "\\d+"))
                .willReturn(okJson("{\"id\":1,\"status\":\"completed\"}")));
        writeConfig(WOO + ".yaml", wooConnector(WOO, true));
        writeConfig(DISABLED + ".yaml", wooConnector(DISABLED, false));
        writeConfig(SHOPIFY_ID + ".yaml", shopifyConnector(SHOPIFY_ID, null));
    }

    @AfterAll
    static void removeConfig() {
        deleteConfig(WOO + ".yaml");
        deleteConfig(DISABLED + ".yaml");
        deleteConfig(SHOPIFY_ID + ".yaml");
        STORE.stop();
    }

    @BeforeEach
    void ready() {
        awaitConnector(WOO);
        awaitConnector(SHOPIFY_ID);
    }

    private HttpResponse<String> postShipments(String json) {
        return post("/api/v1/fulfillments", json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
    }

    private static List<LoggedRequest> trackingPosts(String orderId) {
        return STORE.findAll(postRequestedFor(urlPathEqualTo(TRACKING + orderId + "/shipment-trackings")));
    }

    private static long succeeded(String method, String path) {
        return STORE.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals(method) && e.getRequest().getUrl().startsWith(path))
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .count();
    }

    @Test
    void batchAnswersPerItemAndPushesTheGoodShipmentOnce() {
        HttpResponse<String> r = postShipments("""
                [
                  {"orderRef": "woo-ful:5001", "fulfillmentId": "WMS-5001-1", "carrier": "ups",
                   "trackingNumbers": ["1Z999AA10123456784"], "shippedAt": "2026-11-20T16:05:00+01:00",
                   "lines": [{"lineId": "315", "quantity": 2}, {"sku": "Bar3", "quantity": 1}]},
                  {"orderRef": "nope-shop:1", "lines": [{"sku": "A", "quantity": 1}]},
                  {"orderRef": "shopify-ful:450789469", "lines": [{"sku": "A", "quantity": 1}]},
                  {"orderRef": "woo-ful:5009"},
                  {"orderRef": "woo-ful:5010", "lines": [{"sku": "A", "quantity": -1}, {"quantity": 1}]},
                  {"orderRef": "woo-ful-off:5011", "lines": [{"sku": "A", "quantity": 1}]},
                  {"orderRef": "woo-ful:5012", "lines": [{"sku": "A", "quantity": 1}], "shippedAt": "yesterday",
                   "trackingUrls": ["not a url"], "notifyCustomer": "yes"},
                  "not an object"
                ]""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode body = json(r.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(1);
        assertThat(body.get("rejected").asInt()).isEqualTo(7);
        assertThat(body.get("failed").asInt()).isZero();
        JsonNode items = body.get("items");
        assertThat(items).hasSize(8);
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).get("index").asInt()).isEqualTo(i);
            assertThat(items.get(i).get("status").asText()).isEqualTo(i == 0 ? "accepted" : "rejected");
        }
        assertThat(items.get(0).get("orderRef").asText()).isEqualTo("woo-ful:5001");
        assertThat(items.get(0).get("idempotencyKey").asText()).isEqualTo("fulfillment:woo-ful:WMS-5001-1");
        assertThat(items.get(0).get("errors")).isEmpty();
        assertThat(errors(items.get(1))).containsExactly("orderRef: unknown connector 'nope-shop'");
        assertThat(errors(items.get(2))).singleElement().asString()
                .contains("'shopify-ful'", "shopify", "does not support fulfillments");
        assertThat(errors(items.get(3))).singleElement().asString().startsWith("lines: required");
        assertThat(errors(items.get(4))).containsExactly("lines[0].quantity: must be greater than 0, got -1",
                "lines[1]: needs a lineId or a sku");
        assertThat(errors(items.get(5))).singleElement().asString().contains("'woo-ful-off'", "disabled");
        assertThat(errors(items.get(6))).anyMatch(e -> e.startsWith("shippedAt:"))
                .anyMatch(e -> e.startsWith("trackingUrls[0]:")).anyMatch(e -> e.startsWith("notifyCustomer:"));
        assertThat(errors(items.get(7))).containsExactly("item: must be a JSON object");

        await(Duration.ofSeconds(20), "order 5001 completed at the store", () -> succeeded("PUT", ORDERS + "5001") == 1);
        List<LoggedRequest> posts = trackingPosts("5001");
        assertThat(posts).hasSize(1);
        JsonNode tracking = json(posts.get(0).getBodyAsString());
        assertThat(tracking.get("tracking_provider").asText()).isEqualTo("ups");
        assertThat(tracking.get("tracking_number").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(tracking.get("date_shipped").asText()).isEqualTo("2026-11-20");
        JsonNode completed = json(STORE.findAll(putRequestedFor(urlPathEqualTo(ORDERS + "5001"))).get(0).getBodyAsString());
        assertThat(completed.get("status").asText()).isEqualTo("completed");
        for (String other : List.of("5009", "5010", "5011", "5012")) {
            assertThat(trackingPosts(other)).as("rejected order " + other).isEmpty();
        }

        // the trace of the order shows the push; the metric counts it
        await(Duration.ofSeconds(10), "FULFILLMENT_PUSHED hop", () -> {
            HttpResponse<String> t = get("/api/v1/trace/woo-ful:order:5001");
            return t.statusCode() == 200 && json(t.body()).get("hops").findValuesAsText("hop").contains("FULFILLMENT_PUSHED");
        });
        assertThat(get("/actuator/prometheus").body())
                .containsPattern("omnihub_fulfillments_pushed_total\\{[^}]*connector=\"woo-ful\"[^}]*outcome=\"pushed\"[^}]*} [1-9]");
    }

    @Test
    void oneObjectAndOnlyBadItemsAnswer400() {
        HttpResponse<String> r = postShipments("{\"orderRef\": \"woo-ful:5020\", \"lines\": [{\"lineId\": 1, \"quantity\": 0}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode body = json(r.body());
        assertThat(body.get("accepted").asInt()).isZero();
        assertThat(errors(body.at("/items/0"))).containsExactly("lines[0].quantity: must be greater than 0, got 0");

        HttpResponse<String> notJson = postShipments("[{\"orderRef\": ");
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).contains("problem+json"));
        assertThat(postShipments("42").statusCode()).isEqualTo(400);

        // more than 1,000 shipments in one request: 413, and none of them is queued
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"orderRef\": \"woo-ful:6").append(i)
                    .append("\", \"fulfillmentId\": \"too-many-").append(i).append("\", \"lines\": [{\"lineId\": 1, \"quantity\": 1}]}");
        }
        HttpResponse<String> tooMany = postShipments(many.append(']').toString());
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(413);
        assertThat(json(tooMany.body()).path("detail").asText()).isEqualTo("at most 1000 shipments per request");
        assertThat(trackingPosts("60")).isEmpty();
    }

    @Test
    void transientFailuresAreRetriedAndTheShipmentDeliveredOnce() {
        String path = TRACKING + "5002/shipment-trackings";
        STORE.stubFor(WireMock.post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed-once"));
        STORE.stubFor(WireMock.post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("failed-once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed-twice"));
        STORE.stubFor(WireMock.post(urlPathEqualTo(path)).inScenario("flaky").whenScenarioStateIs("failed-twice")
                .willReturn(okJson("{\"tracking_id\":\"t-5002\"}").withStatus(201)));

        HttpResponse<String> r = postShipments("""
                [{"orderRef": "woo-ful:5002", "carrier": "dhl", "trackingNumbers": ["JD0146"],
                  "lines": [{"sku": "E2E-1", "quantity": 3}]}]""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(json(r.body()).at("/items/0/idempotencyKey").asText()).startsWith("fulfillment:woo-ful:sha256:");

        await(Duration.ofSeconds(30), "order 5002 completed after retries", () -> succeeded("PUT", ORDERS + "5002") == 1);
        assertThat(trackingPosts("5002")).hasSize(3);
        assertThat(succeeded("POST", path)).isEqualTo(1);
        assertThat(json(trackingPosts("5002").get(2).getBodyAsString()).get("tracking_number").asText()).isEqualTo("JD0146");
        await(Duration.ofSeconds(10), "trace of the retries", () -> {
            HttpResponse<String> t = get("/api/v1/trace/woo-ful:order:5002");
            List<String> hops = t.statusCode() == 200 ? json(t.body()).get("hops").findValuesAsText("hop") : List.of();
            return hops.stream().filter("FULFILLMENT_FAILED"::equals).count() == 2 && hops.contains("FULFILLMENT_PUSHED");
        });
        assertThat(dead("woo-ful:order:5002")).isEmpty();
    }

    @Test
    void aRefusedShipmentIsDeadLetteredAndCanBeReplayed() {
        String path = TRACKING + "5003/shipment-trackings";
        STORE.stubFor(WireMock.post(urlPathEqualTo(path)).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"code\":\"woocommerce_rest_shop_order_invalid_id\",\"message\":\"Invalid ID.\",\"data\":{\"status\":400}}")));

        HttpResponse<String> r = postShipments("""
                {"orderRef": "woo-ful:5003", "fulfillmentId": "WMS-5003", "carrier": "ups", "trackingNumbers": ["1Z5003"],
                 "lines": [{"lineId": "9", "quantity": 1}]}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        await(Duration.ofSeconds(20), "dead letter of order 5003", () -> dead("woo-ful:order:5003").size() == 1);
        JsonNode d = dead("woo-ful:order:5003").get(0);
        assertThat(d.get("queue").asText()).isEqualTo(DLQ);
        assertThat(d.get("kind").asText()).isEqualTo("fulfillment");
        assertThat(d.get("connector").asText()).isEqualTo(WOO);
        assertThat(d.get("originalQueue").asText()).isEqualTo("omnihub.push.fulfillment." + WOO);
        assertThat(d.get("errorStatus").asInt()).isEqualTo(400);
        assertThat(d.get("attempts").asInt()).isEqualTo(1);
        assertThat(trackingPosts("5003")).hasSize(1); // refused: not retried
        JsonNode status = connectorStatus(WOO);
        assertThat(status.get("fulfillmentDeadLetters").asLong()).as(status.toString()).isEqualTo(1);
        assertThat(status.at("/counts/fulfillment.dead-lettered").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(status.get("lastError").asText()).contains("woo-ful:5003", "refused");
        assertThat(succeeded("PUT", ORDERS + "5003")).isZero();

        // the order is fixed at the store: the replayed dead letter goes through
        STORE.stubFor(WireMock.post(urlPathEqualTo(path)).atPriority(1)
                .willReturn(okJson("{\"tracking_id\":\"t-5003\"}").withStatus(201)));
        HttpResponse<String> replay = send(OPERATOR_USER, USER_PASSWORD, "POST",
                "/api/v1/dead-letters/" + DLQ + "/" + d.get("id").asText() + "/replay", null, Map.of());
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "replayed shipment 5003 completed", () -> succeeded("PUT", ORDERS + "5003") == 1);
        assertThat(succeeded("POST", path)).isEqualTo(1);
        assertThat(dead("woo-ful:order:5003")).isEmpty();
    }

    @Test
    void backOfficeMayPostAndViewersMayNot() {
        byte[] shipment = """
                {"orderRef": "woo-ful:5004", "lines": [{"sku": "E2E-4", "quantity": 1}], "notifyCustomer": false}"""
                .getBytes(StandardCharsets.UTF_8);
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertThat(send(VIEWER_USER, USER_PASSWORD, "POST", "/api/v1/fulfillments", shipment, json).statusCode()).isEqualTo(403);
        assertThat(send(null, null, "POST", "/api/v1/fulfillments", shipment, json).statusCode()).isEqualTo(401);
        assertThat(succeeded("PUT", ORDERS + "5004")).isZero();
        HttpResponse<String> r = send(BACKOFFICE_USER, USER_PASSWORD, "POST", "/api/v1/fulfillments", shipment, json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        HttpResponse<String> byKey = send(null, null, "POST", "/api/v1/fulfillments", shipment,
                Map.of("Content-Type", "application/json", "X-API-Key", BACKOFFICE_API_KEY));
        assertThat(byKey.statusCode()).as(byKey.body()).isEqualTo(202);
        // the same shipment twice has the same idempotency key
        assertThat(json(byKey.body()).at("/items/0/idempotencyKey").asText())
                .isEqualTo(json(r.body()).at("/items/0/idempotencyKey").asText());
        await(Duration.ofSeconds(20), "order 5004 completed", () -> succeeded("PUT", ORDERS + "5004") >= 1);
    }

    private List<JsonNode> dead(String subject) {
        HttpResponse<String> r = get("/api/v1/dead-letters?queue=" + DLQ);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        json(r.body()).get("items").forEach(i -> {
            if (subject.equals(i.path("subject").asText())) {
                out.add(i);
            }
        });
        return out;
    }

    private static List<String> errors(JsonNode item) {
        List<String> out = new java.util.ArrayList<>();
        item.get("errors").forEach(e -> out.add(e.asText()));
        return out;
    }
}
