package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ShopifySimulator;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stock pool end to end (issue 5), through the real broker, database and HTTP: two Shopify
 * channels selling the last unit at once, a policy file and its dry run, and a burst of back-office
 * updates coalesced into valid, rate-governed batches.
 */
class StockPoolEndToEndTest extends HubTestSupport {

    static final ShopifySimulator SIM_A = ShopifySimulator.start();
    static final ShopifySimulator SIM_B = ShopifySimulator.start();
    static final ShopifySimulator SIM_C = ShopifySimulator.start();
    static final long LOC = 700001L;
    static final long LOC_C = 700003L;
    static final String A = "pool-a";
    static final String B = "pool-b";
    static final String C = "pool-burst";
    static final String DEST = "pool-erp";
    static final String POLICY = "stock-policy-e2e.yaml";
    static final int SKUS = 1000;

    static final String POLICY_YAML = """
            apiVersion: omnihub.io/v1
            kind: StockPolicy
            metadata:
              id: e2e-policy
            spec:
              rules:
                - channels: [pool-b]
                  skus: "POOL-POL-*"
                  percentage: 50
                  max: 3
                - channels: [pool-burst]
                  skus: "BURST-*"
                - skus: "BURST-*"
                  locations: []
            """;

    @BeforeAll
    static void config() {
        for (ShopifySimulator s : List.of(SIM_A, SIM_B)) {
            s.addLocation(LOC, "Pool warehouse");
            s.addInventoryItem("POOL-LAST-1", 900001L);
            s.addInventoryItem("POOL-POL-1", 900002L);
        }
        SIM_C.addLocation(LOC_C, "Burst warehouse");
        for (int i = 0; i < SKUS; i++) {
            SIM_C.addInventoryItem(burstSku(i), 910000L + i);
        }
        // a slow channel (10 points/s, bucket 20: one mutation of 10 points per second) that cannot keep up with the
        // back office, so superseded quantities must be coalesced rather than queued
        SIM_C.restoreRate(10, 20);
        writeConfig(POLICY, POLICY_YAML);
        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "order"));
        writeConfig(A + ".yaml", connector(A, SIM_A, "WH-POOL", LOC, ""));
        writeConfig(B + ".yaml", connector(B, SIM_B, "WH-POOL", LOC, ""));
        writeConfig(C + ".yaml", connector(C, SIM_C, "WH-BURST", LOC_C, """
                  limits:
                    graphqlRestoreRate: 10
                """));
    }

    @AfterAll
    static void cleanup() {
        deleteConfig(POLICY);
        deleteConfig(A + ".yaml");
        deleteConfig(B + ".yaml");
        deleteConfig(C + ".yaml");
        deleteConfig(DEST + ".yaml");
    }

    @BeforeEach
    void ready() {
        awaitConnector(A);
        awaitConnector(B);
        awaitConnector(C);
        awaitDestination(DEST);
        ERP.healthy();
    }

    static String burstSku(int i) {
        return "BURST-%04d".formatted(i);
    }

    static String connector(String id, ShopifySimulator sim, String hubLocation, long location, String extra) {
        return """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: shopify
                  connection:
                    baseUrl: %s
                    accessToken: ${TEST_SHOPIFY_TOKEN}
                  webhooks:
                    secrets: [${TEST_SHOPIFY_SECRET}]
                  mapping:
                    locations:
                      %s: "%d"
                %s""".formatted(id, sim.baseUrl(), hubLocation, location, extra);
    }

    private HttpResponse<String> postStock(String json) {
        HttpResponse<String> r = post("/api/v1/stock", json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return r;
    }

    private static Long quantity(ShopifySimulator sim, long location, String sku) {
        return sim.quantitiesBySku(location).get(sku);
    }

    /** A Shopify order webhook (the documented orders/create example) with one line of {@code sku}. */
    static ObjectNode order(String sku, int quantity, String updatedAt, boolean cancelled) {
        ObjectNode o = (ObjectNode) json(new String(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"), StandardCharsets.UTF_8));
        o.put("id", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
        ArrayNode lines = (ArrayNode) o.get("line_items");
        ObjectNode line = (ObjectNode) lines.get(0);
        line.put("sku", sku);
        line.put("quantity", quantity);
        line.put("fulfillable_quantity", quantity);
        lines.removeAll();
        lines.add(line);
        o.put("updated_at", updatedAt);
        if (cancelled) {
            o.put("cancelled_at", updatedAt);
            o.put("cancel_reason", "customer");
        }
        return o;
    }

    private HttpResponse<String> sendOrder(String connectorId, String topic, ObjectNode order) {
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(ShopifySigner.headers(topic, body, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                connectorId + ".myshopify.com"));
        h.put("Content-Type", "application/json");
        return post("/webhooks/" + connectorId, body, h);
    }

    private List<JsonNode> oversoldEvents() {
        return erpDeliveredBy(DEST).stream()
                .filter(n -> "OVERSOLD".equals(n.path("data").path("exceptionCode").asText(null)))
                .toList();
    }

    @Test
    void twoChannelsSellTheLastUnitAtOnceExactlyOneWinsAndTheOtherOrderIsFlagged() throws Exception {
        String sku = "POOL-LAST-1";
        postStock("""
                [ {"sku": "%s", "locationId": "WH-POOL", "onHand": 1, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "1 unit listed on both channels",
                () -> Long.valueOf(1).equals(quantity(SIM_A, LOC, sku)) && Long.valueOf(1).equals(quantity(SIM_B, LOC, sku)));

        ObjectNode orderA = order(sku, 1, "2026-11-22T01:00:00Z", false);
        ObjectNode orderB = order(sku, 1, "2026-11-22T01:00:00Z", false);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<HttpResponse<String>> fa = CompletableFuture.supplyAsync(() -> {
            awaitLatch(start);
            return sendOrder(A, "orders/create", orderA);
        });
        CompletableFuture<HttpResponse<String>> fb = CompletableFuture.supplyAsync(() -> {
            awaitLatch(start);
            return sendOrder(B, "orders/create", orderB);
        });
        start.countDown();
        assertThat(fa.get().statusCode()).isEqualTo(200);
        assertThat(fb.get().statusCode()).isEqualTo(200);
        String idA = A + ":" + orderA.get("id").asText();
        String idB = B + ":" + orderB.get("id").asText();

        // both channels drop to 0 (the winner sold it; the loser must not sell what is gone)
        await(Duration.ofSeconds(20), "0 listed on both channels",
                () -> Long.valueOf(0).equals(quantity(SIM_A, LOC, sku)) && Long.valueOf(0).equals(quantity(SIM_B, LOC, sku)));
        // exactly one order is flagged OVERSOLD for the back office
        await(Duration.ofSeconds(20), "an OVERSOLD order at the ERP", () -> !oversoldEvents().isEmpty());
        Thread.sleep(1000);
        List<JsonNode> flagged = oversoldEvents();
        assertThat(flagged).hasSize(1);
        String loser = flagged.get(0).path("data").path("orderId").asText();
        assertThat(loser).isIn(idA, idB);
        String winner = loser.equals(idA) ? idB : idA;
        JsonNode ce = flagged.get(0);
        assertThat(ce.path("type").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        assertThat(ce.path("omnihubentityversion").asText()).endsWith("+oversold");
        assertThat(ce.path("omnihubdedupekey").asText()).endsWith("+oversold");
        // the ERP also got both orders as the channels sent them, without the flag
        await(Duration.ofSeconds(20), "both plain orders at the ERP", () -> erpDeliveredBy(DEST).stream()
                .filter(n -> n.path("data").path("exceptionCode").isNull() || n.path("data").path("exceptionCode").isMissingNode())
                .map(n -> n.path("data").path("orderId").asText()).toList().containsAll(List.of(idA, idB)));

        // explain: two reservations, the loser's short by one, both channels pushed 0
        JsonNode ex = json(get("/api/v1/stock/" + sku).body());
        assertThat(ex.path("reservations")).hasSize(2);
        for (JsonNode r : ex.path("reservations")) {
            assertThat(r.path("state").asText()).isEqualTo("ACTIVE");
            assertThat(r.path("short").asLong()).isEqualTo(r.path("orderId").asText().equals(loser) ? 1 : 0);
        }
        await(Duration.ofSeconds(10), "lastPushed 0 in the explanation", () -> {
            JsonNode e = json(get("/api/v1/stock/" + sku).body());
            int zeros = 0;
            for (JsonNode ch : e.path("channels")) {
                if (Set.of(A, B).contains(ch.path("connectorId").asText()) && ch.path("lastPushed").asLong(-1) == 0) {
                    zeros++;
                }
            }
            return zeros == 2;
        });

        // a redelivered order event (same version) never reserves twice
        sendOrder(winner.startsWith(A) ? A : B, "orders/updated", winner.equals(idA) ? orderA : orderB);
        Thread.sleep(1000);
        assertThat(json(get("/api/v1/stock/" + sku).body()).path("reservations")).hasSize(2);

        // cancelling the winner frees its unit for the flagged order: still 0 on both channels
        ObjectNode cancelWinner = (winner.equals(idA) ? orderA : orderB).deepCopy();
        cancelWinner.put("updated_at", "2026-11-22T02:00:00Z");
        cancelWinner.put("cancelled_at", "2026-11-22T02:00:00Z");
        assertThat(sendOrder(winner.startsWith(A) ? A : B, "orders/cancelled", cancelWinner).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "the winner's reservation released", () -> {
            for (JsonNode r : json(get("/api/v1/stock/" + sku).body()).path("reservations")) {
                if (r.path("orderId").asText().equals(winner)) {
                    return r.path("state").asText().equals("RELEASED") && r.path("releasedReason").asText().equals("CANCELLED");
                }
            }
            return false;
        });
        assertThat(quantity(SIM_A, LOC, sku)).isZero();
        // cancelling the flagged order too gives the unit back to every channel
        ObjectNode cancelLoser = (loser.equals(idA) ? orderA : orderB).deepCopy();
        cancelLoser.put("updated_at", "2026-11-22T02:00:00Z");
        cancelLoser.put("cancelled_at", "2026-11-22T02:00:00Z");
        assertThat(sendOrder(loser.startsWith(A) ? A : B, "orders/cancelled", cancelLoser).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "1 unit listed again on both channels",
                () -> Long.valueOf(1).equals(quantity(SIM_A, LOC, sku)) && Long.valueOf(1).equals(quantity(SIM_B, LOC, sku)));
    }

    @Test
    void backOfficeLevelCountsEarlierReservationsOnlyOnce() {
        String sku = "POOL-REC-1";
        SIM_A.addInventoryItem(sku, 900003L);
        postStock("""
                [ {"sku": "%s", "locationId": "WH-POOL", "onHand": 10, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "10 listed", () -> Long.valueOf(10).equals(quantity(SIM_A, LOC, sku)));
        assertThat(sendOrder(A, "orders/create", order(sku, 3, "2026-11-22T01:00:00Z", false)).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "7 listed after the order", () -> Long.valueOf(7).equals(quantity(SIM_A, LOC, sku)));
        // the back office has seen the order: its on hand is 7 now; the hub must not subtract the 3 again
        postStock("""
                [ {"sku": "%s", "locationId": "WH-POOL", "onHand": 7, "asOf": "%s"} ]""".formatted(sku, Instant.now()));
        await(Duration.ofSeconds(20), "7 listed after the back office counted the order", () -> {
            JsonNode e = json(get("/api/v1/stock/" + sku).body());
            return e.path("reservations").get(0).hasNonNull("countedByBackOfficeAt");
        });
        long pushedBefore = SIM_A.inventorySetCalls().size();
        await(Duration.ofSeconds(20), "a push after the new level", () -> SIM_A.inventorySetCalls().size() > pushedBefore
                || Long.valueOf(7).equals(quantity(SIM_A, LOC, sku)));
        assertThat(quantity(SIM_A, LOC, sku)).isEqualTo(7);
        JsonNode e = json(get("/api/v1/stock/" + sku).body());
        assertThat(e.path("locations").get(0).path("hubReservations").asLong()).isZero();
    }

    @Test
    void policyFileShapesEachChannelAndTheDryRunShowsChangesWithoutPushing() throws Exception {
        String sku = "POOL-POL-1";
        postStock("""
                [ {"sku": "%s", "locationId": "WH-POOL", "onHand": 10, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "10 on pool-a and 3 (50%, max 3) on pool-b",
                () -> Long.valueOf(10).equals(quantity(SIM_A, LOC, sku)) && Long.valueOf(3).equals(quantity(SIM_B, LOC, sku)));

        JsonNode ex = json(get("/api/v1/stock/" + sku).body());
        JsonNode chB = null;
        for (JsonNode ch : ex.path("channels")) {
            if (ch.path("connectorId").asText().equals(B)) {
                chB = ch;
            }
        }
        assertThat(chB).isNotNull();
        assertThat(chB.path("rule").asText()).isEqualTo("spec.rules[0]");
        assertThat(chB.path("quantityNow").asLong()).isEqualTo(3);
        assertThat(chB.path("arithmetic").path("onHand").asLong()).isEqualTo(10);
        assertThat(chB.path("arithmetic").path("percentage").asText()).isEqualTo("50");
        assertThat(chB.path("arithmetic").path("afterPercentage").asLong()).isEqualTo(5);
        assertThat(chB.path("arithmetic").path("max").asLong()).isEqualTo(3);
        await(Duration.ofSeconds(10), "lastPushed recorded", () -> {
            for (JsonNode ch : json(get("/api/v1/stock/" + sku).body()).path("channels")) {
                if (ch.path("connectorId").asText().equals(B)) {
                    return ch.path("lastPushed").asLong(-1) == 3 && ch.hasNonNull("lastPushedAt");
                }
            }
            return false;
        });

        // dry run of a candidate policy: pool-a would get 20 % (2), nothing is pushed
        int callsA = SIM_A.inventorySetCalls().size();
        String candidate = POLICY_YAML.replace("rules:\n", "rules:\n    - channels: [pool-a]\n      skus: \"POOL-POL-*\"\n      percentage: 20\n");
        HttpResponse<String> dry = post("/api/v1/stock/policy/dry-run", candidate.getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/yaml"));
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        JsonNode itemA = null;
        JsonNode itemB = null;
        for (JsonNode it : json(dry.body()).path("items")) {
            if (it.path("sku").asText().equals(sku) && it.path("connectorId").asText().equals(A)) {
                itemA = it;
            }
            if (it.path("sku").asText().equals(sku) && it.path("connectorId").asText().equals(B)) {
                itemB = it;
            }
        }
        assertThat(itemA).isNotNull();
        assertThat(itemA.path("current").asLong()).isEqualTo(10);
        assertThat(itemA.path("wouldBe").asLong()).isEqualTo(2);
        assertThat(itemA.path("changed").asBoolean()).isTrue();
        assertThat(itemB.path("wouldBe").asLong()).isEqualTo(3);
        assertThat(itemB.path("changed").asBoolean()).isFalse();
        Thread.sleep(1500);
        assertThat(SIM_A.inventorySetCalls().size()).as("a dry run pushes nothing").isEqualTo(callsA);
        assertThat(quantity(SIM_A, LOC, sku)).isEqualTo(10);

        // an invalid candidate answers 422 with every problem and its field path
        HttpResponse<String> bad = post("/api/v1/stock/policy/dry-run", POLICY_YAML.replace("percentage: 50", "percentage: 150")
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/yaml"));
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("spec.rules[0].percentage");
    }

    @Test
    void aBurstOfTenThousandUpdatesForAThousandSkusArrivesCoalescedInValidBatchesWithinTheRateLimit() {
        int callsBefore = SIM_C.inventorySetCalls().size();
        int throttledBefore = SIM_C.throttledCount();
        int rounds = 10;
        Map<String, Long> last = new HashMap<>();
        long t0 = System.nanoTime();
        for (int r = 1; r <= rounds; r++) { // one back-office batch per round, as an ERP would send them
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < SKUS; i++) {
                long q = r * 10L + (i % 7);
                last.put(burstSku(i), q);
                if (b.length() > 1) {
                    b.append(',');
                }
                b.append("{\"sku\":\"").append(burstSku(i)).append("\",\"locationId\":\"WH-BURST\",\"onHand\":").append(q).append('}');
            }
            b.append(']');
            assertThat(json(postStock(b.append("").toString()).body()).path("accepted").asInt()).isEqualTo(SKUS);
        }
        System.out.printf("burst: %d updates accepted in %d ms%n", rounds * SKUS, (System.nanoTime() - t0) / 1_000_000);
        await(Duration.ofSeconds(150), "the newest quantity of every SKU at the channel", () -> {
            Map<String, Long> q = SIM_C.quantitiesBySku(LOC_C);
            return last.entrySet().stream().allMatch(e -> e.getValue().equals(q.get(e.getKey())));
        });
        List<ShopifySimulator.SetQuantitiesCall> calls = SIM_C.inventorySetCalls().subList(callsBefore, SIM_C.inventorySetCalls().size());
        int quantities = 0;
        for (ShopifySimulator.SetQuantitiesCall c : calls) {
            assertThat(c.quantities()).hasSizeBetween(1, 250);
            Set<String> items = new HashSet<>();
            for (ShopifySimulator.Quantity q : c.quantities()) {
                assertThat(items.add(q.inventoryItemGid())).as("one quantity per SKU per push").isTrue();
            }
            quantities += c.quantities().size();
        }
        // Never more pushes than updates (nothing pushed twice). How much coalesces across the back office's batches
        // is NOT asserted: it depends on how far the fan-out runs ahead of the channel, and the push consumer's client
        // buffer (StockPushWorker.CONSUMER_WINDOW_BYTES, 64 KiB) takes messages off the last-value queue before newer
        // ones can replace them; see ADR 0008.
        assertThat(quantities).isLessThanOrEqualTo(rounds * SKUS);
        System.out.printf("burst: %d quantities pushed in %d calls for %d updates%n", quantities, calls.size(), rounds * SKUS);
        // while the channel has no budget the worker fills each call to the platform's 250: only the calls the bucket
        // pays for at once (2), the last one and a few made while the fan-out paused may carry fewer
        assertThat(calls.size()).as("calls carry full batches while the channel is at its rate limit")
                .isLessThanOrEqualTo((quantities + 249) / 250 + 5);
        assertThat(SIM_C.throttledCount() - throttledBefore).as("the hub never went over the rate limit").isZero();
        // nothing of the burst went to channels the policy keeps these SKUs away from
        List<String> others = new ArrayList<>();
        for (ShopifySimulator s : List.of(SIM_A, SIM_B, SHOPIFY)) {
            s.server().getAllServeEvents().forEach(e -> {
                if (e.getRequest().getBodyAsString().contains("BURST-")) {
                    others.add(e.getRequest().getUrl());
                }
            });
        }
        assertThat(others).isEmpty();
    }

    private static void awaitLatch(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static {
        Json.mapper(); // initialise the shared mapper before the simulators' threads
    }
}
