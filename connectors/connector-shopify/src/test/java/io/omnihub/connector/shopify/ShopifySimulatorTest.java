package io.omnihub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.testing.sim.ShopifySimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator is this module's stub: its own behaviour is tested here with a plain HTTP client. */
class ShopifySimulatorTest {

    private ShopifySimulator sim;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        sim = ShopifySimulator.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> graphql(String version, String body, boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/admin/api/" + version + "/graphql.json"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            b.header("X-Shopify-Access-Token", "t");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesRequestsWithoutAccessToken() throws Exception {
        assertThat(graphql("2025-10", "{\"query\":\"{ shop { name } }\"}", false).statusCode()).isEqualTo(401);
    }

    @Test
    void answersAnyApiVersionWithCost() throws Exception {
        HttpResponse<String> r = graphql("2026-10", "{\"query\":\"{ shop { name } }\"}", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("OmniHub Simulator").contains("throttleStatus").contains("\"restoreRate\":100");
    }

    @Test
    void throttlesWhenTheBucketIsEmpty() throws Exception {
        sim.restoreRate(1, 2);
        String q = "{\"query\":\"{ shop { name } }\"}";
        assertThat(graphql("2025-10", q, true).body()).doesNotContain("THROTTLED");
        assertThat(graphql("2025-10", q, true).body()).doesNotContain("THROTTLED");
        assertThat(graphql("2025-10", q, true).body()).contains("THROTTLED").contains("\"currentlyAvailable\":0");
        assertThat(sim.throttledCount()).isEqualTo(1);
    }

    @Test
    void version202604RequiresTheIdempotentDirective() throws Exception {
        sim.addInventoryItem("A", 1);
        sim.addLocation(5, "L");
        String body = "{\"query\":\"mutation M($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { message } } }\","
                + "\"variables\":{\"input\":{\"name\":\"available\",\"reason\":\"correction\",\"quantities\":[{\"inventoryItemId\":"
                + "\"gid://shopify/InventoryItem/1\",\"locationId\":\"gid://shopify/Location/5\",\"quantity\":3,\"changeFromQuantity\":null}]}}}";
        assertThat(graphql("2026-04", body, true).body()).contains("@idempotent directive is required");
        assertThat(graphql("2025-10", body, true).body()).contains("InventoryAdjustmentGroup");
        assertThat(sim.quantitiesBySku(5)).containsEntry("A", 3L);
    }

    @Test
    void pageInfoRequestsMayOnlyAddLimit() throws Exception {
        HttpRequest bad = HttpRequest.newBuilder(URI.create(sim.baseUrl()
                        + "/admin/api/2025-10/orders.json?page_info=MHw&status=any&limit=10"))
                .header("X-Shopify-Access-Token", "t").GET().build();
        assertThat(http.send(bad, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
    }

    @Test
    void failNextAnswersTheGivenStatusThenRecovers() throws Exception {
        sim.failNext(503, 1);
        String q = "{\"query\":\"{ shop { name } }\"}";
        assertThat(graphql("2025-10", q, true).statusCode()).isEqualTo(503);
        assertThat(graphql("2025-10", q, true).statusCode()).isEqualTo(200);
    }
}
