package io.omnihub.connector.woocommerce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.StockSink.StockUpdate;
import io.omnihub.connector.api.error.RetryableConnectorException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** products/batch and variations/batch shapes, sizes, SKU resolution and per-item outcomes. */
class WooCommerceStockSinkTest extends WooCommerceWireMockSupport {

    private static final String API = WooCommerceFixtures.API;

    @Override
    protected Map<String, Object> spec(String baseUrl) {
        Map<String, Object> spec = super.spec(baseUrl);
        spec.put("mapping", Map.of("locations", Map.of("main", "default")));
        return spec;
    }

    private StockSink sink() {
        return connector.capability(StockSink.class).orElseThrow();
    }

    /** Stubs the lookup of S-from..S-(to-1) in one call: simple products with id 1000 + n. */
    private void stubLookup(int from, int to) {
        List<String> skus = new ArrayList<>();
        StringBuilder body = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            skus.add("S-" + i);
            body.append(i == from ? "" : ",").append("{\"id\":").append(1000 + i)
                    .append(",\"type\":\"simple\",\"parent_id\":0,\"sku\":\"S-").append(i).append("\"}");
        }
        wm.stubFor(get(urlPathEqualTo(API + "/products")).withQueryParam("sku", equalTo(String.join(",", skus)))
                .willReturn(okJson(body.append("]").toString()).withHeader("X-WP-TotalPages", "1")));
    }

    /** A batch answer listing products 1000..1000+n-1 as updated. */
    private static String batchAnswer(int n) {
        StringBuilder b = new StringBuilder("{\"update\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":").append(1000 + i).append(",\"manage_stock\":true}");
        }
        return b.append("]}").toString();
    }

    @Test
    void twoHundredFiftyUpdatesGoOutInBatchesOfAtMostOneHundred() throws Exception {
        for (int from = 0; from < 250; from += 50) {
            stubLookup(from, from + 50);
        }
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch")).willReturn(okJson(batchAnswer(250))));
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            updates.add(new StockUpdate("S-" + i, "main", i, "k" + i));
        }
        StockPushResult r = sink().push(updates);
        assertThat(r.items()).hasSize(250);
        assertThat(r.applied()).isEqualTo(250);
        List<LoggedRequest> batches = wm.findAll(postRequestedFor(urlPathEqualTo(API + "/products/batch")));
        assertThat(batches).hasSize(3);
        int total = 0;
        for (LoggedRequest b : batches) {
            JsonNode body = io.omnihub.connector.support.Json.mapper().readTree(b.getBody());
            assertThat(body.get("update").size()).isLessThanOrEqualTo(100);
            assertThat(body.has("create")).isFalse();
            assertThat(body.has("delete")).isFalse();
            JsonNode first = body.get("update").get(0);
            assertThat(first.get("manage_stock").asBoolean()).isTrue();
            assertThat(first.get("stock_quantity").isIntegralNumber()).isTrue();
            total += body.get("update").size();
        }
        assertThat(total).isEqualTo(250);
        // SKU lookups in chunks of 50, and cached afterwards
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(API + "/products")))).hasSize(5);
        sink().push(updates.subList(0, 10));
        assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(API + "/products")))).hasSize(5);
    }

    @Test
    void variationsGoToTheirParentsVariationsBatchAndUnknownSkusNeverFailTheOthers() {
        wm.stubFor(get(urlPathEqualTo(API + "/products")).withQueryParam("sku", equalTo("Bar3,NOPE,PQ-794"))
                .willReturn(okJson("[{\"id\":23,\"type\":\"variation\",\"parent_id\":22,\"sku\":\"Bar3\"},"
                        + "{\"id\":794,\"type\":\"simple\",\"parent_id\":0,\"sku\":\"PQ-794\"}]").withHeader("X-WP-TotalPages", "1")));
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch"))
                .withRequestBody(equalToJson("{\"update\":[{\"id\":794,\"manage_stock\":true,\"stock_quantity\":5}]}"))
                .willReturn(okJson("{\"update\":[{\"id\":794,\"stock_quantity\":5}]}")));
        wm.stubFor(post(urlPathEqualTo(API + "/products/22/variations/batch"))
                .withRequestBody(equalToJson("{\"update\":[{\"id\":23,\"manage_stock\":true,\"stock_quantity\":3}]}"))
                .willReturn(okJson("{\"update\":[{\"id\":23,\"stock_quantity\":3}]}")));
        StockPushResult r = sink().push(List.of(new StockUpdate("Bar3", "main", 3, "a"), new StockUpdate("NOPE", "main", 1, "b"),
                new StockUpdate("PQ-794", "main", 5, "c")));
        assertThat(r.items()).extracting(StockPushResult.ItemResult::sku).containsExactly("Bar3", "NOPE", "PQ-794");
        assertThat(r.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.UNKNOWN_SKU, Outcome.APPLIED);
    }

    @Test
    void perItemErrorsInTheBatchAnswerRejectOnlyThatItem() {
        stubLookup(1, 4);
        // shape of WC_REST_Controller::batch_items() for a failed update
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch")).willReturn(okJson("{\"update\":["
                + "{\"id\":1001,\"stock_quantity\":4},"
                + "{\"id\":1002,\"error\":{\"code\":\"woocommerce_rest_product_invalid_id\",\"message\":\"Invalid ID.\",\"data\":{\"status\":400}}},"
                + "{\"id\":1003,\"error\":{\"code\":\"rest_invalid_param\",\"message\":\"Invalid parameter(s): stock_quantity\",\"data\":{\"status\":400}}}]}")));
        StockPushResult r = sink().push(List.of(new StockUpdate("S-1", "main", 4, "a"), new StockUpdate("S-2", "main", 4, "b"),
                new StockUpdate("S-3", "main", 4, "c")));
        assertThat(r.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.UNKNOWN_SKU, Outcome.REJECTED);
        assertThat(r.items().get(2).reason()).contains("rest_invalid_param");
    }

    @Test
    void unmappedHubLocationIsRejectedWithoutACall() {
        StockPushResult r = sink().push(List.of(new StockUpdate("S-1", "other-warehouse", 4, "a")));
        assertThat(r.items().get(0).outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(r.items().get(0).reason()).contains("spec.mapping.locations");
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void rateLimitedBatchIsRetryableWithTheServersRetryAfter() {
        stubLookup(1, 2);
        wm.stubFor(post(urlPathEqualTo(API + "/products/batch")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")));
        assertThatThrownBy(() -> sink().push(List.of(new StockUpdate("S-1", "main", 4, "a"))))
                .isInstanceOfSatisfying(RetryableConnectorException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(12)));
    }

    @Test
    void requestsAuthenticateWithBasicAuthAndNeverPutTheSecretInTheUrl() {
        wm.stubFor(any(anyUrl()).willReturn(okJson("[]")));
        sink().push(List.of(new StockUpdate("S-1", "main", 4, "a")));
        LoggedRequest lookup = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/products"))).get(0);
        assertThat(lookup.getHeader("Authorization")).isEqualTo(okhttp3.Credentials.basic("ck_test", "cs_test"));
        assertThat(lookup.getUrl()).doesNotContain("cs_test");
        wm.verify(getRequestedFor(urlPathEqualTo(API + "/products")).withQueryParam("sku", matching("S-1")));
    }
}
