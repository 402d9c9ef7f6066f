package io.omnihub.connector.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.testing.tck.ConnectorContractTest;
import java.util.List;

/** The shared connector contract, run against a WireMock WooCommerce built from the documented examples. */
class WooCommerceConnectorContractTest extends ConnectorContractTest {

    @Override
    protected ConnectorProvider provider() {
        return new WooCommerceConnectorProvider();
    }

    @Override
    protected ConnectorConfig config(String baseUrl) {
        return WooCommerceFixtures.config(baseUrl);
    }

    @Override
    protected String webhookSecret() {
        return WooCommerceFixtures.SECRET;
    }

    @Override
    protected WebhookRequest signedWebhook(byte[] body, String secret) {
        return WooCommerceTestSigner.signed("order.updated", body, secret);
    }

    @Override
    protected byte[] sampleWebhookBody() {
        return WooCommerceFixtures.bytes("order-727.json");
    }

    @Override
    protected String signatureHeader() {
        return "X-WC-Webhook-Signature";
    }

    @Override
    protected void stubHealthyPlatform(WireMockServer server) {
        String api = WooCommerceFixtures.API;
        server.stubFor(get(urlPathEqualTo(api + "/products")).withQueryParam("sku", equalTo("Bar3,PQ-794"))
                .willReturn(okJson("[{\"id\":23,\"type\":\"variation\",\"parent_id\":22,\"sku\":\"Bar3\"},"
                        + "{\"id\":794,\"type\":\"simple\",\"parent_id\":0,\"sku\":\"PQ-794\"}]")
                        .withHeader("X-WP-Total", "2").withHeader("X-WP-TotalPages", "1")));
        server.stubFor(get(urlPathEqualTo(api + "/products")).withQueryParam("modified_after", equalTo("2000-01-01T00:00:00"))
                .willReturn(okJson("[" + WooCommerceFixtures.text("product-794.json") + "]")
                        .withHeader("X-WP-Total", "1").withHeader("X-WP-TotalPages", "1")));
        server.stubFor(get(urlPathEqualTo(api + "/products")).withQueryParam("per_page", equalTo("1"))
                .willReturn(okJson("[{\"id\":794}]")));
        server.stubFor(get(urlPathEqualTo(api + "/orders"))
                .willReturn(okJson("[" + WooCommerceFixtures.text("order-727.json") + "," + WooCommerceFixtures.text("order-723.json") + "]")
                        .withHeader("X-WP-Total", "2").withHeader("X-WP-TotalPages", "1")));
        server.stubFor(post(urlPathEqualTo(api + "/products/batch"))
                .willReturn(okJson("{\"update\":[{\"id\":794,\"sku\":\"PQ-794\",\"manage_stock\":true,\"stock_quantity\":5}]}")));
        server.stubFor(post(urlPathEqualTo(api + "/products/22/variations/batch"))
                .willReturn(okJson("{\"update\":[{\"id\":23,\"sku\":\"Bar3\",\"manage_stock\":true,\"stock_quantity\":3}]}")));
    }

    @Override
    protected List<StockSink.StockUpdate> sampleStockUpdates() {
        return List.of(new StockSink.StockUpdate("Bar3", "main", 3, "k1"), new StockSink.StockUpdate("PQ-794", "main", 5, "k2"));
    }
}
