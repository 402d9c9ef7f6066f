package io.omnihub.connector.tiktokshop;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.tck.ConnectorContractTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** The shared connector contract, run against a WireMock TikTok Shop with documented response samples. */
class TiktokShopConnectorContractTest extends ConnectorContractTest {

    /** One minute after the documented webhook example's timestamp (1718305585). */
    static final Instant NOW = Instant.parse("2024-06-13T19:07:25Z");

    static ConnectorConfig config(String baseUrl, Map<String, Object> extraConnection) {
        Map<String, Object> connection = new java.util.LinkedHashMap<>();
        connection.put("baseUrl", baseUrl);
        connection.put("authBaseUrl", baseUrl);
        connection.put("appKey", TiktokShopTestSigner.APP_KEY);
        connection.put("appSecret", TiktokShopTestSigner.APP_SECRET);
        connection.put("accessToken", "TTP_configured-access-token");
        connection.put("accessTokenExpiresAt", Long.toString(NOW.plusSeconds(7 * 24 * 3600).getEpochSecond()));
        connection.put("refreshToken", "TTP_C2XWDN63ON-FOHJSMR0WSG");
        connection.put("shopCipher", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3");
        connection.putAll(extraConnection);
        return ConnectorConfig.of("tiktok-test", "tiktokshop", Map.of(
                "connection", connection,
                "webhooks", Map.of("secrets", List.of(TiktokShopTestSigner.APP_SECRET)),
                "mapping", Map.of("locations", Map.of("hub-main", "7068517275539719942"),
                        "carriers", Map.of("tt-virtual", "6617675021119438849"))));
    }

    static ConnectorContext context(Clock clock) {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
        return new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return http;
            }

            @Override
            public com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
                return Json.mapper();
            }

            @Override
            public Clock clock() {
                return clock;
            }
        };
    }

    static void stubHealthy(WireMockServer server) {
        server.stubFor(get(urlPathEqualTo("/authorization/202309/shops")).willReturn(okJson("authorized-shops.json")));
        server.stubFor(post(urlPathEqualTo("/product/202309/products/search")).willReturn(okJson("products-search.json")));
        server.stubFor(post(urlPathMatching("/product/202309/products/[0-9]+/inventory/update"))
                .willReturn(okJson("inventory-update.json")));
        server.stubFor(post(urlPathEqualTo("/order/202309/orders/search")).willReturn(okJson("orders-search.json")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(TiktokShopTestSigner.fixtureText(fixture));
    }

    @Override
    protected ConnectorContext context() {
        return context(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Override
    protected ConnectorProvider provider() {
        return new TiktokShopConnectorProvider();
    }

    @Override
    protected ConnectorConfig config(String baseUrl) {
        return config(baseUrl, Map.of());
    }

    @Override
    protected String webhookSecret() {
        return TiktokShopTestSigner.APP_SECRET;
    }

    @Override
    protected WebhookRequest signedWebhook(byte[] body, String secret) {
        return TiktokShopTestSigner.webhook(body, TiktokShopTestSigner.APP_KEY, secret);
    }

    @Override
    protected byte[] sampleWebhookBody() {
        return TiktokShopTestSigner.fixture("webhook-order-status-change.json");
    }

    @Override
    protected String signatureHeader() {
        return "Authorization";
    }

    @Override
    protected void stubHealthyPlatform(WireMockServer server) {
        stubHealthy(server);
    }

    @Override
    protected List<StockSink.StockUpdate> sampleStockUpdates() {
        // seller_sku of the documented Search Products sample; hub-main maps to its warehouse
        return List.of(new StockSink.StockUpdate("Color-Red-XM01", "hub-main", 7, "k1"));
    }
}
