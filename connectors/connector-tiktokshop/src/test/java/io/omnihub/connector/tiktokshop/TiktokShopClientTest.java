package io.omnihub.connector.tiktokshop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.omnihub.connector.tiktokshop.TiktokShopConnectorContractTest.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink.StockUpdate;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API client, stock push, fetcher, poller and shipment push against WireMock. */
class TiktokShopClientTest {

    private static final Instant NOW = TiktokShopConnectorContractTest.NOW;
    private static final String CIPHER = "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3";
    private static final String REFRESHED = "TTP_Fw8rBwAAAAAkW03FYd09DG-9INtpw361hWthei8S3fHX8iPJ5AUv99fLSCYD9-UucaqxTgNRzKZxi5";

    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private TiktokShopConnector connector(Map<String, Object> connection) {
        return (TiktokShopConnector) new TiktokShopConnectorProvider().create(
                TiktokShopConnectorContractTest.config(server.baseUrl(), connection),
                TiktokShopConnectorContractTest.context(Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private TiktokShopConnector connector() {
        return connector(Map.of());
    }

    @Test
    void requestsCarryAppKeyTimestampShopCipherTokenAndAVerifiableSign() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        connector().poll(EntityKind.ORDER, Instant.ofEpochSecond(1619611000L), null);
        LoggedRequest r = server.findAll(postRequestedFor(urlPathEqualTo("/order/202309/orders/search"))).get(0);
        assertThat(r.getHeader("x-tts-access-token")).isEqualTo("TTP_configured-access-token");
        assertThat(r.queryParameter("app_key").firstValue()).isEqualTo(TiktokShopTestSigner.APP_KEY);
        assertThat(r.queryParameter("timestamp").firstValue()).isEqualTo(Long.toString(NOW.getEpochSecond()));
        assertThat(r.queryParameter("shop_cipher").firstValue()).isEqualTo(CIPHER);
        assertThat(r.getBodyAsString()).isEqualTo("{\"update_time_ge\":1619611000}");
        Map<String, String> query = new HashMap<>();
        r.getQueryParams().forEach((k, v) -> query.put(k, v.firstValue()));
        String expected = TiktokShopSigner.requestSign("/order/202309/orders/search", query, r.getBody(),
                TiktokShopTestSigner.APP_SECRET);
        assertThat(r.queryParameter("sign").firstValue()).isEqualTo(expected);
    }

    @Test
    void shopCipherIsLookedUpWhenNotConfigured() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        Map<String, Object> conn = new HashMap<>();
        conn.put("shopCipher", "");
        conn.put("shopId", "7000714532876273420");
        connector(conn).poll(EntityKind.ORDER, Instant.EPOCH, null);
        LoggedRequest r = server.findAll(postRequestedFor(urlPathEqualTo("/order/202309/orders/search"))).get(0);
        assertThat(r.queryParameter("shop_cipher").firstValue()).isEqualTo(CIPHER);
    }

    @Test
    void tokenIsRefreshedBeforeExpiryOnceEvenUnderConcurrency() throws Exception {
        TiktokShopConnectorContractTest.stubHealthy(server);
        server.stubFor(get(urlPathEqualTo("/api/v2/token/refresh")).willReturn(okJson("token-refresh.json")
                .withFixedDelay(200)));
        // expires in 5 minutes, inside the default 10-minute margin
        TiktokShopConnector c = connector(Map.of("accessTokenExpiresAt", Long.toString(NOW.plusSeconds(300).getEpochSecond())));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                fs.add(pool.submit(() -> c.check()));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/token/refresh"))
                .withQueryParam("grant_type", equalTo("refresh_token"))
                .withQueryParam("refresh_token", equalTo("TTP_C2XWDN63ON-FOHJSMR0WSG"))
                .withQueryParam("app_key", equalTo(TiktokShopTestSigner.APP_KEY)));
        assertThat(server.findAll(getRequestedFor(urlPathEqualTo("/authorization/202309/shops")))).hasSize(4)
                .allSatisfy(r -> assertThat(r.getHeader("x-tts-access-token")).isEqualTo(REFRESHED));
    }

    @Test
    void tokenFarFromExpiryIsNotRefreshed() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        assertThat(connector().check().up()).isTrue();
        server.verify(0, getRequestedFor(urlPathEqualTo("/api/v2/token/refresh")));
    }

    @Test
    void expiredTokenAnswerTriggersOneRefreshAndARetry() {
        server.stubFor(get(urlPathEqualTo("/api/v2/token/refresh")).willReturn(okJson("token-refresh.json")));
        server.stubFor(get(urlPathEqualTo("/authorization/202309/shops")).inScenario("expiry")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(401)
                        .withBody(TiktokShopTestSigner.fixtureText("error-token-expired.json")))
                .willSetStateTo("refreshed"));
        server.stubFor(get(urlPathEqualTo("/authorization/202309/shops")).inScenario("expiry")
                .whenScenarioStateIs("refreshed").willReturn(okJson("authorized-shops.json")));
        assertThat(connector().check().up()).isTrue();
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/v2/token/refresh")));
        List<LoggedRequest> calls = server.findAll(getRequestedFor(urlPathEqualTo("/authorization/202309/shops")));
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).getHeader("x-tts-access-token")).isEqualTo(REFRESHED);
    }

    @Test
    void rateLimitCodeInTheEnvelopeIsRetryable() {
        server.stubFor(post(urlPathEqualTo("/order/202309/orders/search")).willReturn(okJson("error-rate-limited.json")));
        assertThatThrownBy(() -> connector().poll(EntityKind.ORDER, Instant.EPOCH, null))
                .isInstanceOf(RetryableConnectorException.class).hasMessageContaining("36009002");
    }

    @Test
    void stockIsPushedPerProductWithSkuAndWarehouseInventory() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        server.stubFor(post(urlPathEqualTo("/product/202309/products/1729592969712207008/inventory/update"))
                .willReturn(aResponse().withStatus(200).withBody(
                        "{\"code\":0,\"data\":{},\"message\":\"Success\",\"request_id\":\"202203070749000101890810281E8C70B7\"}")));
        TiktokShopConnector c = connector();
        var sink = c.capability(io.omnihub.connector.api.capability.StockSink.class).orElseThrow();
        StockPushResult result = sink.push(List.of(
                new StockUpdate("Color-Red-XM01", "hub-main", 12, "a"),
                new StockUpdate("NO-SUCH-SKU", "hub-main", 3, "b"),
                new StockUpdate("Color-Red-XM01", "hub-unmapped", 4, "c")));
        assertThat(result.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.UNKNOWN_SKU, Outcome.REJECTED);
        assertThat(result.items().get(2).reason()).contains("mapping.locations");
        // one search for both SKUs; the unresolved one makes it follow next_page_token (the stub repeats its page,
        // so the repeated token ends the walk)
        List<LoggedRequest> searches = server.findAll(postRequestedFor(urlPathEqualTo("/product/202309/products/search")));
        assertThat(searches).hasSize(2).allSatisfy(r -> assertThat(r.getBodyAsString())
                .isEqualTo("{\"seller_skus\":[\"Color-Red-XM01\",\"NO-SUCH-SKU\"]}"));
        assertThat(searches.get(1).queryParameter("page_token").firstValue()).isEqualTo("b2Zmc2V0PTAK");
        server.verify(1, postRequestedFor(urlPathEqualTo("/product/202309/products/1729592969712207008/inventory/update"))
                .withRequestBody(equalToJson("{\"skus\":[{\"id\":\"1729592969712207012\",\"inventory\":"
                        + "[{\"warehouse_id\":\"7068517275539719942\",\"quantity\":12}]}]}")));
        // the SKU resolution is cached: a second push does not search the known SKU again
        sink.push(List.of(new StockUpdate("Color-Red-XM01", "hub-main", 13, "d")));
        server.verify(2, postRequestedFor(urlPathEqualTo("/product/202309/products/search")));
        server.verify(2, postRequestedFor(urlPathEqualTo("/product/202309/products/1729592969712207008/inventory/update")));
    }

    @Test
    void perSkuErrorsOfTheDocumentedAnswerRejectOnlyThatItem() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        // the documented Update Inventory answer reports sku 1729592969712207013 / warehouse 7068517275539719942:
        // make the search sample's SKU carry that id so the error applies to it
        server.stubFor(post(urlPathEqualTo("/product/202309/products/search")).willReturn(aResponse().withStatus(200)
                .withBody(TiktokShopTestSigner.fixtureText("products-search.json")
                        .replace("\"1729592969712207012\"", "\"1729592969712207013\""))));
        StockPushResult result = connector().capability(io.omnihub.connector.api.capability.StockSink.class)
                .orElseThrow().push(List.of(new StockUpdate("Color-Red-XM01", "hub-main", 5, "a")));
        assertThat(result.items().get(0).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(result.items().get(0).reason()).contains("12052097").contains("The warehouse does not exist");
    }

    @Test
    void rejectedInventoryCallRejectsItsItemsOnly() {
        TiktokShopConnectorContractTest.stubHealthy(server);
        server.stubFor(post(urlPathEqualTo("/product/202309/products/1729592969712207008/inventory/update"))
                .willReturn(aResponse().withStatus(200).withBody(
                        "{\"code\":12052024,\"message\":\"Category is not final category\",\"request_id\":\"x\",\"data\":null}")));
        StockPushResult result = connector().capability(io.omnihub.connector.api.capability.StockSink.class)
                .orElseThrow().push(List.of(new StockUpdate("Color-Red-XM01", "hub-main", 5, "a"),
                        new StockUpdate("NOPE", "hub-main", 1, "b")));
        assertThat(result.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.REJECTED, Outcome.UNKNOWN_SKU);
        assertThat(result.items().get(0).reason()).contains("12052024");
    }

    @Test
    void thinOrderIsFetchedWithGetOrderDetail() {
        server.stubFor(get(urlPathEqualTo("/order/202309/orders")).withQueryParam("ids", equalTo("576461413038785752"))
                .willReturn(okJson("orders-search.json")));
        PlatformEvent thin = new PlatformEvent("7380066284010030890", EntityKind.ORDER, PlatformEvent.Action.UPSERT,
                "ORDER_STATUS_CHANGE", "576461413038785752", "1619611000", Instant.ofEpochSecond(1619611000L), null, true,
                Map.of());
        Optional<PlatformEvent> full = connector().fetch(thin);
        assertThat(full).isPresent();
        assertThat(full.get().thin()).isFalse();
        assertThat(full.get().payload().path("status").asText()).isEqualTo("UNPAID");
        assertThat(full.get().version()).isEqualTo("1619621355");
        assertThat(full.get().eventId()).isEqualTo("7380066284010030890");
        PlatformEvent other = new PlatformEvent("n", EntityKind.ORDER, PlatformEvent.Action.UPSERT, "t", "999", "1",
                Instant.EPOCH, null, true, Map.of());
        server.stubFor(get(urlPathEqualTo("/order/202309/orders")).withQueryParam("ids", equalTo("999"))
                .willReturn(aResponse().withBody("{\"code\":0,\"data\":{\"orders\":[]},\"message\":\"Success\"}")));
        assertThat(connector().fetch(other)).isEmpty();
    }

    @Test
    void thinInventoryEventIsFetchedWithInventorySearch() {
        server.stubFor(post(urlPathEqualTo("/product/202309/inventory/search"))
                .withRequestBody(equalToJson("{\"sku_ids\":[\"1729388324987897824\"]}"))
                .willReturn(okJson("inventory-search.json")));
        PlatformEvent thin = new PlatformEvent("n", EntityKind.STOCK, PlatformEvent.Action.UPSERT,
                "INVENTORY_STATUS_CHANGE", "1729388324987897824", "1627587600", Instant.ofEpochSecond(1627587600L), null,
                true, Map.of());
        PlatformEvent full = connector().fetch(thin).orElseThrow();
        assertThat(full.payload().path("product_id").asText()).isEqualTo("1729592969712207008");
        assertThat(full.payload().at("/skus/0/seller_sku").asText()).isEqualTo("Color-Red-XM01");
    }

    @Test
    void pollingFollowsPageTokensToExhaustion() {
        server.stubFor(post(urlPathEqualTo("/order/202309/orders/search")).willReturn(okJson("orders-search.json")));
        String token = "6AsPQsUMvH3RkchNUPPh22NROHkE0D8pmq/N5M1kHYcZmtRyv9aVrNv65W7Q6tFA+7D1ud64MPNz5OaT";
        server.stubFor(post(urlPathEqualTo("/order/202309/orders/search")).withQueryParam("page_token", equalTo(token))
                .willReturn(aResponse().withBody("{\"code\":0,\"data\":{\"next_page_token\":\"\",\"total_count\":1,"
                        + "\"orders\":[]},\"message\":\"Success\",\"request_id\":\"x\"}")));
        TiktokShopConnector c = connector();
        ChangePoller.Page first = c.poll(EntityKind.ORDER, Instant.ofEpochSecond(1600000000L), null);
        assertThat(first.events()).hasSize(1);
        assertThat(first.events().get(0).externalId()).isEqualTo("576461413038785752");
        assertThat(first.events().get(0).version()).isEqualTo("1619621355");
        assertThat(first.highWatermark()).isEqualTo(Instant.ofEpochSecond(1619621355L));
        assertThat(first.nextPageToken()).isEqualTo(token);
        ChangePoller.Page second = c.poll(EntityKind.ORDER, Instant.ofEpochSecond(1600000000L), first.nextPageToken());
        assertThat(second.events()).isEmpty();
        assertThat(second.nextPageToken()).isNull();
        // the token holds '+' and '/', and is signed decoded
        LoggedRequest r = server.findAll(postRequestedFor(urlPathEqualTo("/order/202309/orders/search"))).get(1);
        assertThat(r.queryParameter("page_token").firstValue()).isEqualTo(token);
    }

    @Test
    void shipmentIsMarkedAsShippedWithTrackingAndProvider() {
        server.stubFor(post(urlPathEqualTo("/fulfillment/202309/orders/576461413038785752/packages"))
                .willReturn(okJson("mark-package-shipped.json")));
        FulfillmentSink sink = connector().capability(FulfillmentSink.class).orElseThrow();
        String id = sink.pushFulfillment(new FulfillmentSink.Shipment("576461413038785752",
                List.of(new FulfillmentSink.Line("577086512123755123", "red_iphone_256", 1)), "tt-virtual",
                List.of("JX12345"), List.of(), NOW, true, "ship-1"));
        assertThat(id).isEqualTo("1153132168123859123");
        server.verify(postRequestedFor(urlPathEqualTo("/fulfillment/202309/orders/576461413038785752/packages"))
                .withQueryParam("shop_cipher", equalTo(CIPHER))
                .withRequestBody(equalToJson("{\"order_line_item_ids\":[\"577086512123755123\"],"
                        + "\"tracking_number\":\"JX12345\",\"shipping_provider_id\":\"6617675021119438849\"}")));
        assertThatThrownBy(() -> sink.pushFulfillment(new FulfillmentSink.Shipment("1", List.of(), "unknown-carrier",
                List.of("T"), List.of(), NOW, true, "k"))).isInstanceOf(RequestRejectedException.class)
                .hasMessageContaining("mapping.carriers");
    }

    @Test
    void configValidationReportsCrossFieldProblems() {
        var config = io.omnihub.connector.api.config.ConnectorConfig.of("t", "tiktokshop", Map.of(
                "connection", Map.of("baseUrl", "http://x", "appKey", "k", "appSecret", "s",
                        "accessTokenExpiresAt", "tomorrow"),
                "flows", Map.of("orders", Map.of("pageSize", 500))));
        assertThat(new TiktokShopConnectorProvider().validate(config))
                .extracting(io.omnihub.connector.api.config.ConfigProblem::path)
                .contains("connection.refreshToken", "connection.accessTokenExpiresAt", "flows.orders.pageSize",
                        "mapping.locations");
    }
}
