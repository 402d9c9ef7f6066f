package io.omnihub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.StockSink.StockUpdate;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.testing.sim.ShopifySimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stock push against the Shopify simulator: batching, per-item outcomes, throttling and API-version shapes. */
class ShopifyStockSinkTest {

    private ShopifySimulator sim;
    private Connector connector;

    @BeforeEach
    void start() {
        sim = ShopifySimulator.start();
        sim.addLocation(905684977L, "Warehouse 1");
        sim.addLocation(487838322L, "Fifth Avenue");
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        sim.close();
    }

    private StockSink sink(String apiVersion) {
        return sink(TestSupport.config(sim.baseUrl(), apiVersion));
    }

    private StockSink sink(ConnectorConfig config) {
        connector = new ShopifyConnectorProvider().create(config, TestSupport.context());
        return connector.capability(StockSink.class).orElseThrow();
    }

    @Test
    void sixHundredUpdatesGoOutAsThreeMutationsOf250250And100() {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            sim.addInventoryItem("SKU-" + i, 1000L + i);
            updates.add(new StockUpdate("SKU-" + i, "wh-1", i, "key-" + i));
        }
        StockSink sink = sink("2025-10");
        assertThat(sink.maxBatchSize()).isEqualTo(250);
        StockPushResult result = sink.push(updates);
        assertThat(result.applied()).isEqualTo(600);
        assertThat(sim.inventorySetCalls()).extracting(c -> c.quantities().size()).containsExactly(250, 250, 100);
        assertThat(sim.quantitiesBySku(905684977L)).hasSize(600).containsEntry("SKU-0", 0L).containsEntry("SKU-599", 599L);
        assertThat(sim.inventorySetCalls().get(0).quantities().get(1))
                .isEqualTo(new ShopifySimulator.Quantity("gid://shopify/InventoryItem/1001", "gid://shopify/Location/905684977", 1));
    }

    @Test
    void unknownSkuAndUserErrorsAreReportedPerItemAndGoodItemsAreApplied() {
        sim.addInventoryItem("A", 1L);
        sim.addInventoryItem("B", 2L);
        Map<String, Object> spec = TestSupport.spec(sim.baseUrl(), "2025-10");
        spec.put("mapping", Map.of("locations", Map.of("wh-1", "905684977", "ghost", "111")));
        StockSink sink = sink(ConnectorConfig.of("shop-test", "shopify", spec));
        StockPushResult r = sink.push(List.of(
                new StockUpdate("A", "wh-1", 3, "k1"),
                new StockUpdate("NOPE", "wh-1", 4, "k2"),
                new StockUpdate("B", "ghost", 5, "k3"),
                new StockUpdate("B", "wh-1", 6, "k4")));
        assertThat(r.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.UNKNOWN_SKU, Outcome.REJECTED, Outcome.APPLIED);
        assertThat(r.items().get(1).reason()).contains("NOPE");
        assertThat(r.items().get(2).reason()).contains("location could not be found");
        assertThat(sim.quantitiesBySku(905684977L)).containsEntry("A", 3L).containsEntry("B", 6L);
        // first attempt refused as a whole (atomic), second without the bad item
        assertThat(sim.inventorySetCalls()).extracting(c -> c.quantities().size()).containsExactly(3, 2);
    }

    @Test
    void throttledAnswerBecomesRetryableWithTheWaitTheDeficitNeeds() {
        sim.addInventoryItem("A", 1L);
        sim.restoreRate(1, 5); // lookup costs 1, the mutation 10 > bucket
        StockSink sink = sink("2025-10");
        assertThatThrownBy(() -> sink.push(List.of(new StockUpdate("A", "wh-1", 3, "k1"))))
                .isInstanceOfSatisfying(RetryableConnectorException.class, e -> assertThat(e.retryAfter()).hasValueSatisfying(
                        d -> assertThat(d).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(7))));
        assertThat(sim.throttledCount()).isEqualTo(1);
        assertThat(sim.quantitiesBySku(905684977L)).isEmpty();
    }

    @Test
    void http429IsRetryableWithRetryAfter() {
        sim.addInventoryItem("A", 1L);
        sim.failNext(429, 1);
        StockSink sink = sink("2025-10");
        assertThatThrownBy(() -> sink.push(List.of(new StockUpdate("A", "wh-1", 3, "k1"))))
                .isInstanceOfSatisfying(RetryableConnectorException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(2)));
    }

    @Test
    void version202604SendsTheIdempotentDirectiveAndChangeFromQuantity() {
        sim.addInventoryItem("A", 1L);
        StockSink sink = sink("2026-04");
        List<StockUpdate> batch = List.of(new StockUpdate("A", "wh-1", 3, "k1"));
        assertThat(sink.push(batch).applied()).isEqualTo(1);
        assertThat(sink.push(batch).applied()).isEqualTo(1);
        List<ShopifySimulator.SetQuantitiesCall> calls = sim.inventorySetCalls();
        assertThat(calls.get(0).idempotencyKey()).isNotBlank().matches("[0-9a-f-]{36}");
        assertThat(calls.get(1).idempotencyKey()).as("stable for the same batch").isEqualTo(calls.get(0).idempotencyKey());
        var input = sim.inventorySetInputs().get(0);
        assertThat(input.has("ignoreCompareQuantity")).isFalse();
        assertThat(input.path("quantities").get(0).has("changeFromQuantity")).isTrue();
        assertThat(input.path("quantities").get(0).get("changeFromQuantity").isNull()).isTrue();
        assertThat(input.path("name").asText()).isEqualTo("available");
        assertThat(input.path("reason").asText()).isEqualTo("correction");
        assertThat(input.path("referenceDocumentUri").asText()).startsWith("omnihub://stock-push/shop-test/");
    }

    @Test
    void version202510SendsNoDirectiveAndIgnoresCompareQuantity() {
        sim.addInventoryItem("A", 1L);
        StockSink sink = sink("2025-10");
        assertThat(sink.push(List.of(new StockUpdate("A", "wh-1", 3, "k1"))).applied()).isEqualTo(1);
        assertThat(sim.inventorySetCalls().get(0).idempotencyKey()).isNull();
        var input = sim.inventorySetInputs().get(0);
        assertThat(input.path("ignoreCompareQuantity").asBoolean()).isTrue();
        assertThat(input.path("quantities").get(0).has("changeFromQuantity")).isFalse();
    }

    @Test
    void version202601SendsTheExpectationAsChangeFromQuantityAndReportsAMismatchAsStale() {
        sim.addInventoryItem("A", 1L);
        sim.addInventoryItem("B", 2L);
        sim.addInventoryItem("C", 3L);
        sim.setQuantity("A", 905684977L, 10);
        sim.setQuantity("B", 905684977L, 9); // the hub set 10, the shop sold one since
        StockSink sink = sink("2026-01");
        StockPushResult r = sink.push(List.of(
                new StockUpdate("A", "wh-1", 12, "k1", 10L),
                new StockUpdate("B", "wh-1", 12, "k2", 10L),
                new StockUpdate("C", "wh-1", 4, "k3")));
        assertThat(r.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED);
        assertThat(r.items().get(1).reason()).contains("CHANGE_FROM_QUANTITY_STALE");
        assertThat(sim.quantitiesBySku(905684977L)).containsEntry("A", 12L).containsEntry("B", 9L).containsEntry("C", 4L);
        var first = sim.inventorySetInputs().get(0).path("quantities");
        assertThat(first.get(0).path("changeFromQuantity").asLong()).isEqualTo(10L);
        assertThat(first.get(1).path("changeFromQuantity").asLong()).isEqualTo(10L);
        assertThat(first.get(2).has("changeFromQuantity")).isTrue();
        assertThat(first.get(2).get("changeFromQuantity").isNull()).as("no expectation: explicit opt-out").isTrue();
        assertThat(sim.inventorySetInputs().get(0).has("ignoreCompareQuantity")).isFalse();
    }

    @Test
    void version202510ComparesInASeparateCallWithIgnoreCompareQuantityFalse() {
        sim.addInventoryItem("A", 1L);
        sim.addInventoryItem("B", 2L);
        sim.addInventoryItem("C", 3L);
        sim.setQuantity("A", 905684977L, 5);
        sim.setQuantity("B", 905684977L, 3);
        StockSink sink = sink("2025-10");
        StockPushResult r = sink.push(List.of(
                new StockUpdate("A", "wh-1", 7, "k1", 5L),
                new StockUpdate("B", "wh-1", 7, "k2", 5L),
                new StockUpdate("C", "wh-1", 2, "k3")));
        assertThat(r.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.STALE, Outcome.APPLIED);
        assertThat(r.items().get(1).reason()).contains("COMPARE_QUANTITY_STALE");
        assertThat(sim.quantitiesBySku(905684977L)).containsEntry("A", 7L).containsEntry("B", 3L).containsEntry("C", 2L);
        List<com.fasterxml.jackson.databind.JsonNode> inputs = sim.inventorySetInputs();
        assertThat(inputs.get(0).path("ignoreCompareQuantity").asBoolean()).as("C alone, absolute").isTrue();
        assertThat(inputs.get(0).path("quantities").size()).isEqualTo(1);
        assertThat(inputs.get(1).path("ignoreCompareQuantity").isBoolean()).isTrue();
        assertThat(inputs.get(1).path("ignoreCompareQuantity").asBoolean()).isFalse();
        assertThat(inputs.get(1).path("quantities").get(0).path("compareQuantity").asLong()).isEqualTo(5L);
        assertThat(inputs.get(1).path("quantities").get(0).has("changeFromQuantity")).isFalse();
        // refused as a whole (atomic), then A alone
        assertThat(inputs.get(2).path("quantities").size()).isEqualTo(1);
        assertThat(sim.inventorySetCalls()).hasSize(3);
    }

    @Test
    void differentBatchesGetDifferentIdempotencyKeys() {
        assertThat(ShopifyStockSink.batchKey(List.of("a", "b"))).isEqualTo(ShopifyStockSink.batchKey(List.of("a", "b")))
                .isNotEqualTo(ShopifyStockSink.batchKey(List.of("a", "c")));
    }

    @Test
    void unmappedLocationFallsBackToDefaultThenPrimaryLocation() {
        sim.addInventoryItem("A", 1L);
        Map<String, Object> spec = TestSupport.spec(sim.baseUrl(), "2025-10");
        @SuppressWarnings("unchecked")
        Map<String, Object> connection = (Map<String, Object>) spec.get("connection");
        connection.put("defaultLocationId", "487838322");
        assertThat(sink(ConnectorConfig.of("shop-test", "shopify", spec)).push(List.of(new StockUpdate("A", "unmapped", 9, "k"))).applied())
                .isEqualTo(1);
        assertThat(sim.quantitiesBySku(487838322L)).containsEntry("A", 9L);

        StockSink primary = sink("2025-10"); // no default: the shop's primary (first) location
        assertThat(primary.push(List.of(new StockUpdate("A", null, 4, "k"))).applied()).isEqualTo(1);
        assertThat(sim.quantitiesBySku(905684977L)).containsEntry("A", 4L);
    }

    @Test
    void skuAliasesAreReversedForThePush() {
        sim.addInventoryItem("SHOP-A", 1L);
        Map<String, Object> spec = TestSupport.spec(sim.baseUrl(), "2025-10");
        spec.put("mapping", Map.of("locations", Map.of("wh-1", "905684977"), "skuAliases", Map.of("SHOP-A", "HUB-A")));
        StockPushResult r = sink(ConnectorConfig.of("shop-test", "shopify", spec)).push(List.of(new StockUpdate("HUB-A", "wh-1", 2, "k")));
        assertThat(r.items().get(0).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(r.items().get(0).sku()).isEqualTo("HUB-A");
        assertThat(sim.quantitiesBySku(905684977L)).containsEntry("SHOP-A", 2L);
    }

    @Test
    void skuLookupsAreCachedAcrossPushes() {
        sim.addInventoryItem("A", 1L);
        StockSink sink = sink("2025-10");
        sink.push(List.of(new StockUpdate("A", "wh-1", 1, "k1")));
        sink.push(List.of(new StockUpdate("A", "wh-1", 2, "k2")));
        long lookups = sim.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("inventoryItems(")).count();
        assertThat(lookups).isEqualTo(1);
    }
}
