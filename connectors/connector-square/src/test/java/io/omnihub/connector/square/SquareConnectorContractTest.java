package io.omnihub.connector.square;

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

/** The shared connector contract, run against a WireMock Square answering with api.json examples. */
class SquareConnectorContractTest extends ConnectorContractTest {

    @Override
    protected ConnectorProvider provider() {
        return new SquareConnectorProvider();
    }

    @Override
    protected ConnectorConfig config(String baseUrl) {
        return SquareTestSupport.config(baseUrl);
    }

    @Override
    protected String webhookSecret() {
        return SquareTestSupport.SECRET;
    }

    @Override
    protected WebhookRequest signedWebhook(byte[] body, String secret) {
        return SquareTestSigner.request("square-pos", SquareTestSupport.NOTIFICATION_URL, body, secret);
    }

    @Override
    protected byte[] sampleWebhookBody() {
        return SquareTestSupport.webhook("payment-updated");
    }

    @Override
    protected String signatureHeader() {
        return SquareWebhookReceiver.SIGNATURE_HEADER;
    }

    @Override
    protected void stubHealthyPlatform(WireMockServer server) {
        server.stubFor(get(urlPathEqualTo("/v2/locations")).willReturn(okJson(SquareTestSupport.response("list-locations"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/search"))
                .willReturn(okJson(SquareTestSupport.response("search-catalog-variations-with-sku"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/batch-retrieve"))
                .willReturn(okJson(SquareTestSupport.response("search-catalog-variations-with-sku"))));
        server.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create"))
                .willReturn(okJson(SquareTestSupport.response("batch-change-inventory"))));
        server.stubFor(post(urlPathEqualTo("/v2/inventory/counts/batch-retrieve"))
                .willReturn(okJson(SquareTestSupport.response("batch-retrieve-inventory-counts"))));
        server.stubFor(post(urlPathEqualTo("/v2/orders/search")).willReturn(okJson(SquareTestSupport.response("search-orders"))));
        server.stubFor(get(urlPathEqualTo("/v2/payments")).willReturn(okJson(SquareTestSupport.response("list-payments"))));
        server.stubFor(get(urlPathEqualTo("/v2/refunds")).willReturn(okJson(SquareTestSupport.response("list-payment-refunds"))));
    }

    @Override
    protected List<StockSink.StockUpdate> sampleStockUpdates() {
        return List.of(new StockSink.StockUpdate("TEA-MUG", "store-1", 53, "k-1"),
                new StockSink.StockUpdate("COFFEE-REG", "store-1", 7, "k-2"));
    }
}
