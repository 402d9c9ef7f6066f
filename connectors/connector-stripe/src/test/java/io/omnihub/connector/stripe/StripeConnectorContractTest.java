package io.omnihub.connector.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.tck.ConnectorContractTest;
import java.util.List;
import java.util.Map;

/** The shared connector contract, run against Stripe with fixtures3.json-based events. */
class StripeConnectorContractTest extends ConnectorContractTest {

    static final String SECRET = "whsec_contract_secret";

    @Override
    protected ConnectorProvider provider() {
        return new StripeConnectorProvider();
    }

    @Override
    protected ConnectorConfig config(String baseUrl) {
        return ConnectorConfig.of("stripe-test", "stripe", Map.of(
                "connection", Map.of("baseUrl", baseUrl, "apiKey", "sk_test_contract"),
                "webhooks", Map.of("secrets", List.of("whsec_old_secret", SECRET)),
                "flows", Map.of("webhooks", true, "payments", Map.of("enabled", true, "interval", "5m"))));
    }

    @Override
    protected String webhookSecret() {
        return SECRET;
    }

    @Override
    protected WebhookRequest signedWebhook(byte[] body, String secret) {
        long now = System.currentTimeMillis() / 1000; // the harness clock is the system UTC clock
        return StripeTestSigner.request(StripeTestSigner.header(secret, now, body), body);
    }

    @Override
    protected byte[] sampleWebhookBody() {
        return Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json");
    }

    @Override
    protected String signatureHeader() {
        return "Stripe-Signature";
    }

    @Override
    protected void stubHealthyPlatform(WireMockServer server) {
        String event = Fixtures.text("fixtures/event-payment_intent.payment_failed.json");
        String refund = Fixtures.text("fixtures/event-charge.refund.updated.json");
        server.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":false,\"data\":[" + refund + "," + event + "]}")));
    }
}
