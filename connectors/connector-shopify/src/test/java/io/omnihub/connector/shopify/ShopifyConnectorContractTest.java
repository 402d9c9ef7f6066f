package io.omnihub.connector.shopify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.capability.StockReader;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.tck.ConnectorContractTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shared connector contract, run against plain WireMock stubs shaped like Shopify's answers. */
class ShopifyConnectorContractTest extends ConnectorContractTest {

    private static final String GRAPHQL = "/admin/api/2025-10/graphql.json";
    private static final String COST = ",\"extensions\":{\"cost\":{\"requestedQueryCost\":1,\"actualQueryCost\":1,"
            + "\"throttleStatus\":{\"maximumAvailable\":2000.0,\"currentlyAvailable\":1990,\"restoreRate\":100.0}}}}";

    @Override
    protected ConnectorProvider provider() {
        return new ShopifyConnectorProvider();
    }

    @Override
    protected ConnectorConfig config(String baseUrl) {
        return TestSupport.config(baseUrl, "2025-10");
    }

    @Override
    protected String webhookSecret() {
        return TestSupport.SECRET;
    }

    @Override
    protected WebhookRequest signedWebhook(byte[] body, String secret) {
        return TestSupport.signed("orders/create", body, secret);
    }

    @Override
    protected byte[] sampleWebhookBody() {
        return Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
    }

    @Override
    protected String signatureHeader() {
        return ShopifyWebhookReceiver.HMAC_HEADER;
    }

    @Override
    protected List<StockSink.StockUpdate> sampleStockUpdates() {
        return List.of(new StockSink.StockUpdate("IPOD2008PINK", "wh-1", 5, "k1"),
                new StockSink.StockUpdate("IPOD2008RED", "wh-2", 7, "k2"));
    }

    @Override
    protected Map<StockReader.StockKey, Long> sampleListedQuantities() {
        Map<StockReader.StockKey, Long> listed = new LinkedHashMap<>();
        listed.put(new StockReader.StockKey("IPOD2008PINK", "wh-1"), 12L);
        listed.put(new StockReader.StockKey("IPOD2008RED", "wh-2"), 3L);
        return listed;
    }

    /** An {@code inventoryLevel} with its {@code available} quantity (read back by the StockReader; ignored by the lookup). */
    private static String level(long available) {
        return "\"inventoryLevel\":{\"quantities\":[{\"name\":\"available\",\"quantity\":" + available + "}]}";
    }

    @Override
    protected void stubHealthyPlatform(WireMockServer server) {
        server.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("shop { name }"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"shop\":{\"name\":\"Acme\"}}" + COST)));
        server.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("inventoryItems"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"inventoryItems\":{\"nodes\":["
                                + "{\"id\":\"gid://shopify/InventoryItem/808950810\",\"sku\":\"IPOD2008PINK\"," + level(12) + "},"
                                + "{\"id\":\"gid://shopify/InventoryItem/49148385\",\"sku\":\"IPOD2008RED\"," + level(3) + "}]}}"
                                + COST)));
        server.stubFor(post(urlPathEqualTo(GRAPHQL)).withRequestBody(containing("inventorySetQuantities"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"data\":{\"inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"id\":"
                                + "\"gid://shopify/InventoryAdjustmentGroup/1\"},\"userErrors\":[]}}" + COST)));
        server.stubFor(get(urlPathEqualTo("/admin/api/2025-10/orders.json"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"orders\":[" + Fixtures.text("fixtures/shopify/webhooks/orders-create.json") + "]}")));
        server.stubFor(get(urlPathEqualTo("/admin/api/2025-10/products.json"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody("{\"products\":[" + Fixtures.text("fixtures/shopify/webhooks/products-create.json") + "]}")));
    }
}
