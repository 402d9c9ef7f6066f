package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.stock.StockPushWorker;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ShopifySimulator;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The stock pool when things go wrong (issue 5): the push consumer dies in the middle of a push,
 * refunds put goods back to stock (or not), and a channel's quantity is changed behind the hub's back.
 */
class StockPoolRecoveryTest extends HubTestSupport {

    static final ShopifySimulator SIM = ShopifySimulator.start();
    static final String R = "pool-restart";
    static final long LOC = 710001L;
    static final int SKUS = 20;
    static final ShopifySimulator DRIFT_SIM = ShopifySimulator.start();
    static final String D = "pool-drift";
    static final long DRIFT_LOC = 720001L;

    @Autowired
    CamelContext camel;
    @Autowired
    StockPushWorker pushWorker;
    @Autowired
    ConnectionFactory connectionFactory;

    @BeforeAll
    static void config() {
        SIM.addLocation(LOC, "Restart warehouse");
        for (int i = 0; i < SKUS; i++) {
            SIM.addInventoryItem(sku(i), 920000L + i);
        }
        SIM.addInventoryItem("RF-1", 921001L);
        SIM.addInventoryItem("CAS-1", 940001L);
        writeConfig(R + ".yaml", StockPoolEndToEndTest.connector(R, SIM, "WH-RST", LOC, ""));
        DRIFT_SIM.addLocation(DRIFT_LOC, "Drift warehouse");
        DRIFT_SIM.addInventoryItem("DR-1", 930001L);
        DRIFT_SIM.addInventoryItem("DR-2", 930002L);
        writeConfig(D + ".yaml", StockPoolEndToEndTest.connector(D, DRIFT_SIM, "WH-DRIFT", DRIFT_LOC, """
                  flows:
                    stock:
                      enabled: true
                      driftInterval: 1s
                """));
    }

    @AfterAll
    static void cleanup() {
        deleteConfig(R + ".yaml");
        deleteConfig(D + ".yaml");
        SIM.releaseMutations();
    }

    @BeforeEach
    void ready() {
        awaitConnector(R);
        awaitConnector(D);
    }

    static String sku(int i) {
        return "RST-%02d".formatted(i);
    }

    private void postLevels(int from, int to, long onHand, Instant asOf) {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            b.append(b.length() > 1 ? "," : "").append("""
                    {"sku":"%s","locationId":"WH-RST","onHand":%d,"asOf":"%s"}""".formatted(sku(i), onHand, asOf));
        }
        postStock(b.append(']').toString());
    }

    private void postStock(String json) {
        HttpResponse<String> r = post("/api/v1/stock", json.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    private JsonNode channelEntry(String sku) {
        for (JsonNode ch : json(get("/api/v1/stock/" + sku).body()).path("channels")) {
            if (R.equals(ch.path("connectorId").asText())) {
                return ch;
            }
        }
        return Json.mapper().createObjectNode();
    }

    /** Every quantity the channel received for each SKU, in the order the calls arrived. */
    private static Map<String, List<Long>> sequences(List<ShopifySimulator.SetQuantitiesCall> calls) {
        Map<String, List<Long>> out = new HashMap<>();
        for (ShopifySimulator.SetQuantitiesCall c : calls) {
            for (ShopifySimulator.Quantity q : c.quantities()) {
                out.computeIfAbsent(q.inventoryItemGid(), k -> new ArrayList<>()).add(q.quantity());
            }
        }
        return out;
    }

    @Test
    void theChannelsPushConsumerDiesMidPushAndAfterTheRestartNothingIsLostAndNothingStaleIsPushed() throws Exception {
        Instant t0 = Instant.now().minusSeconds(60);
        postLevels(0, SKUS, 10, t0);
        await(Duration.ofSeconds(20), "10 listed for every SKU",
                () -> SIM.quantitiesBySku(LOC).entrySet().stream().filter(e -> e.getKey().startsWith("RST-") && e.getValue() == 10).count() == SKUS);

        // the channel hangs: the next batch (20 for every SKU) is taken from the queue and sent, but not answered
        SIM.holdMutations();
        postLevels(0, SKUS, 20, t0.plusSeconds(10));
        await(Duration.ofSeconds(20), "a push hanging at the channel", () -> SIM.heldMutations() >= 1);

        // the push consumer dies mid-batch: its JMS session goes away uncommitted and its route stops
        pushWorker.close(R);
        camel.getRouteController().stopRoute(R + ".stock-push", 1, TimeUnit.SECONDS);

        // meanwhile the back office lowers nothing but raises half of the SKUs again
        postLevels(0, SKUS / 2, 30, t0.plusSeconds(20));
        await(Duration.ofSeconds(20), "the pool computed 30 for the first half", () -> {
            for (int i = 0; i < SKUS / 2; i++) {
                if (channelEntry(sku(i)).path("lastComputed").asLong(-1) != 30) {
                    return false;
                }
            }
            return true;
        });

        // the hanging call is answered after all: the platform applied 20 although the hub never committed the batch
        int callsBeforeRelease = SIM.inventorySetCalls().size();
        SIM.releaseMutations();
        await(Duration.ofSeconds(20), "the interrupted batch applied at the channel",
                () -> SIM.inventorySetCalls().size() > callsBeforeRelease);
        assertThat(SIM.inventorySetCalls().get(callsBeforeRelease).quantities()).allSatisfy(q -> assertThat(q.quantity()).isEqualTo(20));
        int callsBeforeRestart = SIM.inventorySetCalls().size();

        // restart
        camel.getRouteController().startRoute(R + ".stock-push");
        await(Duration.ofSeconds(20), "the newest quantity of every SKU at the channel", () -> {
            Map<String, Long> q = SIM.quantitiesBySku(LOC);
            for (int i = 0; i < SKUS; i++) {
                if (q.get(sku(i)) == null || q.get(sku(i)) != (i < SKUS / 2 ? 30 : 20)) {
                    return false;
                }
            }
            return true;
        });
        Thread.sleep(700); // a few more push ticks: anything still queued would arrive now
        List<ShopifySimulator.SetQuantitiesCall> all = SIM.inventorySetCalls();
        List<ShopifySimulator.SetQuantitiesCall> afterRestart = all.subList(callsBeforeRestart, all.size());
        assertThat(afterRestart).as("pushes after the restart").isNotEmpty();
        for (ShopifySimulator.SetQuantitiesCall c : afterRestart) {
            for (ShopifySimulator.Quantity q : c.quantities()) {
                int i = (int) (Long.parseLong(q.inventoryItemGid().substring(q.inventoryItemGid().lastIndexOf('/') + 1)) - 920000L);
                if (i >= 0 && i < SKUS / 2) {
                    assertThat(q.quantity()).as("SKU %s after the restart (20 is stale)", sku(i)).isEqualTo(30);
                }
            }
        }
        // the back office only raised quantities, so any decrease in what a SKU received is a stale push
        for (Map.Entry<String, List<Long>> e : sequences(all).entrySet()) {
            if (!e.getKey().startsWith("gid://shopify/InventoryItem/9200")) {
                continue; // another test's SKU on the same simulator
            }
            List<Long> seq = e.getValue();
            for (int k = 1; k < seq.size(); k++) {
                assertThat(seq.get(k)).as("quantities received for %s: %s", e.getKey(), seq).isGreaterThanOrEqualTo(seq.get(k - 1));
            }
        }
        assertThat(channelEntry(sku(0)).path("lastPushed").asLong()).isEqualTo(30);
        assertThat(channelEntry(sku(SKUS - 1)).path("lastPushed").asLong()).isEqualTo(20);
    }

    // ---------------------------------------------------------------- refunds

    private HttpResponse<String> sendOrder(String topic, ObjectNode order) {
        byte[] body = order.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(ShopifySigner.headers(topic, body, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                R + ".myshopify.com"));
        h.put("Content-Type", "application/json");
        return post("/webhooks/" + R, body, h);
    }

    /** A canonical refund event straight onto the broker address {@code omnihub.refund}, as a payment connector publishes it. */
    private void publishRefund(String refundId, String orderRef, String lineId, int quantity, boolean restock) {
        ObjectNode ce = Json.mapper().createObjectNode();
        ce.put("specversion", "1.0");
        ce.put("id", UUID.randomUUID().toString());
        ce.put("source", "omnihub:connector:" + R);
        ce.put("type", "io.omnihub.refund.updated.v1");
        ce.put("subject", R + ":refund:" + refundId);
        ce.put("time", Instant.now().toString());
        ObjectNode data = ce.putObject("data");
        data.put("refundId", refundId);
        data.put("provider", "OTHER");
        data.put("orderRef", orderRef);
        data.put("status", "SUCCEEDED");
        ArrayNode lines = data.putArray("lines");
        lines.addObject().put("lineId", lineId).put("quantity", quantity).put("restock", restock);
        try (JMSContext ctx = connectionFactory.createContext()) {
            ctx.createProducer().send(ctx.createTopic("omnihub.refund"), ce.toString());
        }
    }

    private JsonNode reservation(String sku, String orderId) {
        for (JsonNode r : json(get("/api/v1/stock/" + sku).body()).path("reservations")) {
            if (orderId.equals(r.path("orderId").asText())) {
                return r;
            }
        }
        return Json.mapper().createObjectNode();
    }

    @Test
    void refundsWithRestockReleaseReservationsOnceAndRefundsWithoutRestockKeepThem() {
        String sku = "RF-1";
        postStock("""
                [ {"sku": "%s", "locationId": "WH-RST", "onHand": 10, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "10 listed", () -> Long.valueOf(10).equals(SIM.quantitiesBySku(LOC).get(sku)));
        ObjectNode order = StockPoolEndToEndTest.order(sku, 3, "2026-11-22T01:00:00Z", false);
        String lineId = order.path("line_items").get(0).path("id").asText();
        String orderId = R + ":" + order.path("id").asText();
        assertThat(sendOrder("orders/create", order).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "7 listed after the order", () -> Long.valueOf(7).equals(SIM.quantitiesBySku(LOC).get(sku)));

        // a refund event with restock (2 units back): the reservation drops to 1 and the channel lists 9
        String refund1 = R + ":9001";
        publishRefund(refund1, orderId, lineId, 2, true);
        await(Duration.ofSeconds(20), "9 listed after the restocked refund", () -> Long.valueOf(9).equals(SIM.quantitiesBySku(LOC).get(sku)));
        assertThat(reservation(sku, orderId).path("quantity").asLong()).isEqualTo(1);
        assertThat(reservation(sku, orderId).path("refundedRestocked").asLong()).isEqualTo(2);

        // the platform's order update embeds the same refund (9001) and a refund without restock (9002, 1 unit):
        // quantityRefunded is 3, but only the 2 restocked units are released, and 9001 only once
        ObjectNode updated = order.deepCopy();
        updated.put("updated_at", "2026-11-22T02:00:00Z");
        ArrayNode refunds = updated.putArray("refunds");
        refunds.add(shopifyRefund(9001, lineId, 2, "return"));
        refunds.add(shopifyRefund(9002, lineId, 1, "no_restock"));
        assertThat(sendOrder("orders/updated", updated).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "the unrestocked refund recorded",
                () -> reservation(sku, orderId).path("refundedKept").asLong() == 1);
        JsonNode r = reservation(sku, orderId);
        assertThat(r.path("quantity").asLong()).as("kept: the goods of refund 9002 are gone").isEqualTo(1);
        assertThat(r.path("refundedRestocked").asLong()).as("9001 counted once").isEqualTo(2);
        assertThat(r.path("state").asText()).isEqualTo("ACTIVE");

        // the same refund event again changes nothing; a later refund event (processed after it) shows it was seen
        publishRefund(refund1, orderId, lineId, 2, true);
        publishRefund(R + ":9003", orderId, lineId, 1, false);
        await(Duration.ofSeconds(20), "refund 9003 recorded", () -> reservation(sku, orderId).path("refundedKept").asLong() == 2);
        assertThat(reservation(sku, orderId).path("quantity").asLong()).isEqualTo(1);
        assertThat(SIM.quantitiesBySku(LOC).get(sku)).isEqualTo(9);
    }

    // ---------------------------------------------------------------- compare-and-set

    @Test
    void aSaleOnThePlatformBeforeTheNextPushIsKeptNotOverwritten() {
        String sku = "CAS-1";
        postStock("""
                [ {"sku": "%s", "locationId": "WH-RST", "onHand": 8, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "8 listed and recorded as accepted", () -> Long.valueOf(8).equals(SIM.quantitiesBySku(LOC).get(sku))
                && channelEntry(sku).path("lastPushed").asLong(-1) == 8);
        int calls = SIM.inventorySetCalls().size();

        // Shopify sells one (its quantity drops to 7) before the order reaches the hub; then the back office restocks to 20
        SIM.setQuantity(sku, LOC, 7);
        postStock("""
                [ {"sku": "%s", "locationId": "WH-RST", "onHand": 20, "asOf": "%s"} ]""".formatted(sku, Instant.now().minusSeconds(30)));
        await(Duration.ofSeconds(20), "the restock pushed with the sale kept", () -> Long.valueOf(19).equals(SIM.quantitiesBySku(LOC).get(sku))
                && channelEntry(sku).path("lastPushed").asLong(-1) == 19);
        List<com.fasterxml.jackson.databind.JsonNode> inputs = SIM.inventorySetInputs().subList(calls, SIM.inventorySetInputs().size());
        List<Long> sent = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode in : inputs) {
            for (com.fasterxml.jackson.databind.JsonNode q : in.path("quantities")) {
                if (q.path("inventoryItemId").asText().endsWith("/940001")) {
                    sent.add(q.path("quantity").asLong());
                    expected.add(q.path("compareQuantity").asLong(-1));
                }
            }
        }
        assertThat(sent).as("20 refused as stale (Shopify held 7, not 8), then 19 expecting 7").containsExactly(20L, 19L);
        assertThat(expected).containsExactly(8L, 7L);
        assertThat(SIM.quantitiesBySku(LOC).get(sku)).as("never set to 20 over the sale").isEqualTo(19L);

        // the order of that sale arrives: the pool reserves it and the channel stays at 19, now expected as 19
        assertThat(sendOrder("orders/create", StockPoolEndToEndTest.order(sku, 1, "2026-11-22T03:00:00Z", false)).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "the order's push accepted", () -> SIM.inventorySetInputs().size() > calls + inputs.size()
                && channelEntry(sku).path("lastPushed").asLong(-1) == 19);
        assertThat(SIM.quantitiesBySku(LOC).get(sku)).isEqualTo(19L);
    }

    // ---------------------------------------------------------------- drift

    private JsonNode driftEntry(String sku) {
        for (JsonNode ch : json(get("/api/v1/stock/" + sku).body()).path("channels")) {
            if (D.equals(ch.path("connectorId").asText())) {
                return ch;
            }
        }
        return Json.mapper().createObjectNode();
    }

    @Test
    void aQuantityChangedBehindTheHubsBackIsReadBackAndCorrected() {
        postStock("""
                [ {"sku": "DR-1", "locationId": "WH-DRIFT", "onHand": 8, "asOf": "%1$s"},
                  {"sku": "DR-2", "locationId": "WH-DRIFT", "onHand": 5, "asOf": "%1$s"} ]""".formatted(Instant.now().minusSeconds(60)));
        await(Duration.ofSeconds(20), "8 and 5 listed and recorded as pushed", () -> Long.valueOf(8).equals(DRIFT_SIM.quantitiesBySku(DRIFT_LOC).get("DR-1"))
                && driftEntry("DR-1").path("lastPushed").asLong(-1) == 8 && driftEntry("DR-2").path("lastPushed").asLong(-1) == 5);
        await(Duration.ofSeconds(20), "a drift check that found nothing to correct",
                () -> driftEntry("DR-1").path("lastDriftCheck").path("channelListed").asLong(-1) == 8);
        assertThat(driftEntry("DR-1").path("lastDriftCheck").path("corrections").asLong()).isZero();
        int calls = DRIFT_SIM.inventorySetCalls().size();

        // a merchant sets 3 in the Shopify admin: the next check reads 3, re-pushes the pool's 8 and counts it
        DRIFT_SIM.setQuantity("DR-1", DRIFT_LOC, 3);
        await(Duration.ofSeconds(20), "the drift corrected", () -> Long.valueOf(8).equals(DRIFT_SIM.quantitiesBySku(DRIFT_LOC).get("DR-1"))
                && driftEntry("DR-1").path("lastDriftCheck").path("corrections").asLong() == 1);
        JsonNode d = driftEntry("DR-1").path("lastDriftCheck");
        assertThat(d.hasNonNull("lastCorrectedAt")).isTrue();
        assertThat(driftEntry("DR-2").path("lastDriftCheck").path("corrections").asLong()).as("DR-2 did not drift").isZero();
        List<ShopifySimulator.SetQuantitiesCall> after = DRIFT_SIM.inventorySetCalls().subList(calls, DRIFT_SIM.inventorySetCalls().size());
        assertThat(after).as("only the drifted SKU is pushed again").allSatisfy(c -> assertThat(c.quantities())
                .allSatisfy(q -> assertThat(q.inventoryItemGid()).isEqualTo("gid://shopify/InventoryItem/930001")));
        HttpResponse<String> prom = get("/actuator/prometheus");
        if (prom.statusCode() == 200) {
            assertThat(prom.body()).contains("omnihub_stock_drift_corrected_total{connector=\"pool-drift\"");
        }
    }

    /** A Shopify order's {@code refunds[]} entry with one refunded line and a successful refund transaction. */
    private static ObjectNode shopifyRefund(long id, String lineId, int quantity, String restockType) {
        ObjectNode r = Json.mapper().createObjectNode();
        r.put("id", id);
        r.put("created_at", "2026-11-22T01:30:00Z");
        ObjectNode rl = r.putArray("refund_line_items").addObject();
        rl.put("id", id * 10);
        rl.put("line_item_id", Long.parseLong(lineId));
        rl.put("quantity", quantity);
        rl.put("restock_type", restockType);
        ObjectNode t = r.putArray("transactions").addObject();
        t.put("id", id * 100);
        t.put("kind", "refund");
        t.put("status", "success");
        t.put("amount", "1.00");
        t.put("gateway", "manual");
        return r;
    }
}
