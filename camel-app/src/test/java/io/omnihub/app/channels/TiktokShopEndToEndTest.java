package io.omnihub.app.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.omnihub.app.channels.ChannelFixtures.hex;
import static io.omnihub.app.channels.ChannelFixtures.hmacSha256;
import static io.omnihub.app.channels.ChannelFixtures.marker;
import static io.omnihub.app.channels.ChannelFixtures.object;
import static io.omnihub.app.channels.ChannelFixtures.text;
import static io.omnihub.app.channels.ChannelFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.HubTestSupport;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, TikTok Shop, through the running hub: the documented order-status-change notification,
 * signed as TikTok signs it ({@code Authorization} = hex HMAC-SHA256 of app key + raw body), is thin; the
 * hub fetches the order detail from a TikTok stub (signed Open API call) and the ERP stub receives the
 * canonical order once. Redelivery, bad signature, stale and future timestamps and malformed bodies get
 * the contract's answers; stock posted by the ERP reaches the stub as one inventory update per product
 * with per-warehouse quantities.
 */
class TiktokShopEndToEndTest extends HubTestSupport {

    static final String TIKTOK = "tiktok-e2e";
    static final String DEST = "erp-tiktok-e2e";
    static final String APP_KEY = "e2e-app-key";
    /** The order of the documented Get Order List / Get Order Detail sample. */
    static final String ORDER_ID = "576461413038785752";
    /** The notification id of the documented webhook example. */
    static final String NOTIFICATION_ID = "7380066284010030890";
    /** Product, SKU and warehouse of the documented Search Products sample. */
    static final String PRODUCT_ID = "1729592969712207008";
    static final String SKU_ID = "1729592969712207012";
    static final String SELLER_SKU = "Color-Red-XM01";
    static final String WAREHOUSE_ID = "7068517275539719942";
    /** The shop cipher of the documented Get Authorized Shops sample. */
    static final String SHOP_CIPHER = "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3";
    static final String INVENTORY_UPDATE = "/product/202309/products/" + PRODUCT_ID + "/inventory/update";

    static final WireMockServer SHOP = startShop();

    private static WireMockServer startShop() {
        WireMockServer s = new WireMockServer(options().dynamicPort());
        s.start();
        return s;
    }

    @BeforeAll
    static void config() {
        SHOP.stubFor(WireMock.get(urlPathEqualTo("/authorization/202309/shops"))
                .willReturn(okJson(text("tiktokshop/authorized-shops.json"))));
        // Get Order Detail answers {data: {orders: [...]}} with the order object of the documented sample,
        // for whichever order id is asked (so a webhook wrongly let through would show up at the ERP)
        ObjectNode detail = object("tiktokshop/orders-search.json");
        ArrayNode orders = (ArrayNode) detail.path("data").path("orders");
        ((ObjectNode) orders.get(0)).put("id", "{{request.query.ids}}");
        detail.putObject("data").set("orders", orders);
        SHOP.stubFor(WireMock.get(urlPathEqualTo("/order/202309/orders"))
                .willReturn(okJson(detail.toString()).withTransformers("response-template")));
        SHOP.stubFor(WireMock.post(urlPathEqualTo("/product/202309/products/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.seller_skus[?(@ == '" + SELLER_SKU + "')]"))
                .willReturn(okJson(text("tiktokshop/products-search.json"))));
        SHOP.stubFor(WireMock.post(urlPathEqualTo("/product/202309/products/search")).atPriority(5)
                .willReturn(okJson("{\"code\":0,\"data\":{\"products\":[],\"total_count\":0},\"message\":\"Success\"}")));
        SHOP.stubFor(WireMock.post(urlPathEqualTo(INVENTORY_UPDATE))
                .willReturn(okJson(text("tiktokshop/inventory-update.json"))));

        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "order"));
        writeConfig(TIKTOK + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: tiktokshop
                  connection:
                    baseUrl: %s
                    authBaseUrl: %s
                    appKey: %s
                    appSecret: ${TEST_TIKTOK_APP_SECRET}
                    accessToken: ${TEST_TIKTOK_ACCESS_TOKEN}
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
                    locations:
                      WH-TT: "%s"
                """.formatted(TIKTOK, SHOP.baseUrl(), SHOP.baseUrl(), APP_KEY, WAREHOUSE_ID));
    }

    @AfterAll
    static void removeConfig() {
        deleteConfig(TIKTOK + ".yaml");
        deleteConfig(DEST + ".yaml");
        SHOP.stop();
    }

    @BeforeEach
    void ready() {
        awaitConnector(TIKTOK);
        awaitDestination(DEST);
    }

    /**
     * The documented order-status-change example with its notification id, order id and signed
     * {@code timestamp} replaced (the example's 2024 timestamp is past the hub's 24 h window); everything
     * else byte for byte as documented.
     */
    private static byte[] orderStatusChange(String notificationId, String orderId, long timestamp) {
        String body = text("tiktokshop/webhook-order-status-change.json").strip();
        body = body.replace("\"order_id\":\"576653688135258178\"", "\"order_id\":\"" + orderId + "\"")
                .replace("\"timestamp\":1718305585", "\"timestamp\":" + timestamp)
                .replace("\"tts_notification_id\":\"" + NOTIFICATION_ID + "\"", "\"tts_notification_id\":\"" + notificationId + "\"");
        assertThat(body).contains("\"order_id\":\"" + orderId + "\"").contains("\"timestamp\":" + timestamp)
                .contains(notificationId);
        return utf8(body);
    }

    /** A rejected-webhook body whose notification and order ids are both {@code marker}. */
    private static byte[] orderStatusChange(String marker, long timestamp) {
        return orderStatusChange(marker, marker, timestamp);
    }

    /** TikTok's webhook signature: lower-case hex HMAC-SHA256(app secret, app key + raw body). */
    private static String signature(String appKey, String secret, byte[] body) {
        return hex(hmacSha256(secret, utf8(appKey), body));
    }

    private HttpResponse<String> deliver(byte[] body, String authorization) {
        return post("/webhooks/" + TIKTOK, body, authorization == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", authorization));
    }

    private static List<JsonNode> delivered(String subject) {
        return erpDeliveredBy(DEST).stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    @Test
    void signedOrderStatusChangeIsFetchedInFullAndArrivesAtTheErpOnce() throws Exception {
        byte[] body = orderStatusChange(NOTIFICATION_ID, ORDER_ID, Instant.now().getEpochSecond());
        String subject = TIKTOK + ":order:" + ORDER_ID;
        long duplicatesBefore = connectorCount(TIKTOK, "webhook.duplicate");

        HttpResponse<String> r = deliver(body, signature(APP_KEY, TIKTOK_APP_SECRET, body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "order " + ORDER_ID + " at the ERP", () -> !delivered(subject).isEmpty());

        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + TIKTOK);
        assertThat(ce.get("time").asText()).isEqualTo("2021-04-28T14:49:15Z");
        // versioned by the fetched order's update_time
        assertThat(ce.get("omnihubentityversion").asText()).isEqualTo("1619621355");
        assertThat(ce.get("omnihubdedupekey").asText()).startsWith(TIKTOK + ":").endsWith(":1619621355");
        JsonNode data = ce.get("data");
        assertThat(data.get("orderId").asText()).isEqualTo(TIKTOK + ":" + ORDER_ID);
        assertThat(data.get("externalId").asText()).isEqualTo(ORDER_ID);
        assertThat(data.get("channel").get("platform").asText()).isEqualTo("TIKTOK_SHOP");
        // platforms.md section 7 (TikTok Shop): UNPAID -> PENDING_PAYMENT / PENDING / UNFULFILLED
        assertThat(data.get("status").asText()).isEqualTo("PENDING_PAYMENT");
        assertThat(data.get("paymentStatus").asText()).isEqualTo("PENDING");
        assertThat(data.get("fulfillmentStatus").asText()).isEqualTo("UNFULFILLED");
        assertThat(data.get("sourceStatus").asText()).isEqualTo("UNPAID");
        assertThat(data.get("currency").asText()).isEqualTo("IDR");
        JsonNode total = data.get("totals").get("total");
        assertThat(total.get("amount").isTextual()).isTrue();
        assertThat(total.get("amount").asText()).isEqualTo("5000.00");
        assertThat(total.get("currency").asText()).isEqualTo("IDR");
        assertThat(data.get("lines")).hasSize(1);
        assertThat(data.get("lines").get(0).get("sku").asText()).isEqualTo("red_iphone_256");
        assertThat(data.get("lines").get(0).get("unitPrice").get("amount").asText()).isEqualTo("0.01");
        assertThat(data.get("createdAt").asText()).isEqualTo("2021-04-28T12:06:01Z");

        // the detail was read with a signed, shop-scoped Open API call
        LoggedRequest fetch = SHOP.findAll(getRequestedFor(urlPathEqualTo("/order/202309/orders"))
                .withQueryParam("ids", equalTo(ORDER_ID))).get(0);
        assertSignedOpenApiCall(fetch);

        // TikTok retries with the same tts_notification_id: 200, no second event
        assertThat(deliver(body, signature(APP_KEY, TIKTOK_APP_SECRET, body)).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the duplicate to be counted",
                () -> connectorCount(TIKTOK, "webhook.duplicate") > duplicatesBefore);
        Thread.sleep(1500);
        assertThat(delivered(subject)).hasSize(1);
    }

    @Test
    void badSignatureStaleTimestampAndMalformedBodiesAreRejectedAndNeverReachTheErp() throws Exception {
        long published = connectorCount(TIKTOK, "published");
        long unauthorized = connectorCount(TIKTOK, "webhook.unauthorized");
        long malformed = connectorCount(TIKTOK, "webhook.malformed");
        long now = Instant.now().getEpochSecond();
        List<String> markers = new ArrayList<>();

        String badSig = marker("tt-bad-sig");
        markers.add(badSig);
        byte[] b1 = orderStatusChange(badSig, now);
        HttpResponse<String> r = deliver(b1, signature(APP_KEY, "not-the-app-secret", b1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);

        String otherApp = marker("tt-other-app");
        markers.add(otherApp);
        byte[] b2 = orderStatusChange(otherApp, now);
        assertThat(deliver(b2, signature("another-app-key", TIKTOK_APP_SECRET, b2)).statusCode()).isEqualTo(401);

        String missing = marker("tt-missing");
        markers.add(missing);
        assertThat(deliver(orderStatusChange(missing, now), null).statusCode()).isEqualTo(401);

        // correctly signed, but the signed timestamp is 25 h old (the hub accepts 24 h)
        String stale = marker("tt-stale");
        markers.add(stale);
        byte[] b3 = orderStatusChange(stale, now - Duration.ofHours(25).toSeconds());
        HttpResponse<String> s = deliver(b3, signature(APP_KEY, TIKTOK_APP_SECRET, b3));
        assertThat(s.statusCode()).as(s.body()).isEqualTo(401);
        assertThat(s.body()).contains("stale");

        // correctly signed, but 10 minutes in the future (5 min skew allowed)
        String future = marker("tt-future");
        markers.add(future);
        byte[] b4 = orderStatusChange(future, now + Duration.ofMinutes(10).toSeconds());
        assertThat(deliver(b4, signature(APP_KEY, TIKTOK_APP_SECRET, b4)).statusCode()).isEqualTo(401);

        // correctly signed, not JSON
        String broken = marker("tt-broken");
        markers.add(broken);
        byte[] b5 = utf8("{\"type\":1,\"tts_notification_id\":\"" + broken + "\",\"timestamp\":" + now + ",\"data\":");
        HttpResponse<String> m = deliver(b5, signature(APP_KEY, TIKTOK_APP_SECRET, b5));
        assertThat(m.statusCode()).as(m.body()).isEqualTo(400);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // correctly signed JSON, but the order status change names no order
        String noOrder = marker("tt-no-order");
        markers.add(noOrder);
        byte[] b6 = utf8(utf8(orderStatusChange(noOrder, now)).replace("\"order_id\":\"" + noOrder + "\",", ""));
        HttpResponse<String> m2 = deliver(b6, signature(APP_KEY, TIKTOK_APP_SECRET, b6));
        assertThat(m2.statusCode()).as(m2.body()).isEqualTo(400);
        assertThat(m2.body()).contains("order_id");

        Thread.sleep(1500);
        // nothing was enqueued: no order was fetched for these notifications and nothing reached the ERP
        assertThat(SHOP.findAll(getRequestedFor(urlPathEqualTo("/order/202309/orders"))))
                .noneMatch(q -> markers.stream().anyMatch(x -> q.getUrl().contains(x)));
        assertThat(ERP.requests()).noneMatch(q -> markers.stream().anyMatch(x -> q.getBodyAsString().contains(x)));
        assertThat(connectorCount(TIKTOK, "published")).isEqualTo(published);
        assertThat(connectorCount(TIKTOK, "webhook.unauthorized")).isEqualTo(unauthorized + 5);
        assertThat(connectorCount(TIKTOK, "webhook.malformed")).isEqualTo(malformed + 2);
    }

    @Test
    void stockFromTheErpReachesTiktokShopAsAnInventoryUpdatePerProductAndWarehouse() {
        String batch = """
                [ {"sku": "%s", "locationId": "WH-TT", "onHand": 15, "reserved": 3, "asOf": "2026-11-22T10:00:00Z"} ]"""
                .formatted(SELLER_SKU);
        HttpResponse<String> r = post("/api/v1/stock", utf8(batch), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);

        // quantity = onHand - reserved, for the SKU id and warehouse of the documented product
        await(Duration.ofSeconds(20), "inventory update with 12 units", () -> inventoryUpdates().stream().anyMatch(u ->
                u.path("skus").size() == 1
                        && SKU_ID.equals(u.path("skus").get(0).path("id").asText())
                        && WAREHOUSE_ID.equals(u.path("skus").get(0).path("inventory").get(0).path("warehouse_id").asText())
                        && u.path("skus").get(0).path("inventory").get(0).path("quantity").asLong() == 12));
        // the seller SKU was resolved with Search Products
        SHOP.verify(postRequestedFor(urlPathEqualTo("/product/202309/products/search"))
                .withRequestBody(matchingJsonPath("$.seller_skus[?(@ == '" + SELLER_SKU + "')]")));
        for (LoggedRequest call : SHOP.findAll(postRequestedFor(urlPathEqualTo(INVENTORY_UPDATE)))) {
            assertSignedOpenApiCall(call);
            assertThat(call.getHeader("Content-Type")).startsWith("application/json");
            JsonNode inventory = json(call.getBodyAsString()).path("skus").get(0).path("inventory").get(0);
            assertThat(inventory.get("quantity").isIntegralNumber()).isTrue();
        }
    }

    private static List<JsonNode> inventoryUpdates() {
        return SHOP.findAll(postRequestedFor(urlPathEqualTo(INVENTORY_UPDATE))).stream()
                .map(c -> json(c.getBodyAsString())).toList();
    }

    /**
     * An Open API call as "Sign your API request" describes it: app_key, timestamp, shop_cipher and sign in
     * the query, the access token in x-tts-access-token, and sign = hex HMAC-SHA256(secret, secret + path
     * + sorted {key}{value} without sign/access_token + body + secret), recomputed here.
     */
    private static void assertSignedOpenApiCall(LoggedRequest call) {
        assertThat(call.getHeader("x-tts-access-token")).isEqualTo(TIKTOK_ACCESS_TOKEN);
        assertThat(call.queryParameter("app_key").firstValue()).isEqualTo(APP_KEY);
        assertThat(call.queryParameter("shop_cipher").firstValue()).isEqualTo(SHOP_CIPHER);
        long ts = Long.parseLong(call.queryParameter("timestamp").firstValue());
        assertThat(Math.abs(Instant.now().getEpochSecond() - ts)).isLessThan(300);
        TreeMap<String, String> params = new TreeMap<>();
        call.getQueryParams().forEach((k, v) -> {
            if (!"sign".equals(k) && !"access_token".equals(k)) {
                params.put(k, v.firstValue());
            }
        });
        StringBuilder base = new StringBuilder(URI.create(call.getUrl()).getRawPath());
        params.forEach((k, v) -> base.append(k).append(v));
        base.append(call.getBodyAsString());
        String wrapped = TIKTOK_APP_SECRET + base + TIKTOK_APP_SECRET;
        assertThat(call.queryParameter("sign").firstValue()).isEqualTo(hex(hmacSha256(TIKTOK_APP_SECRET, utf8(wrapped))));
    }
}
