package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import io.omnihub.testing.sim.ShopifySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The trace (contract §7) and dead-letter edit-and-retry end to end: an order's hops from webhook to
 * dead letter to replay, found by subject and by order number; an edited dead letter delivered once
 * with its correction and audited; stock pushes under {@code sku:<SKU>}.
 */
class TraceApiTest extends HubTestSupport {

    static final String SHOP = "shop-trace";
    static final String DEST = "erp-trace";
    static final String DLQ = Addresses.destinationDlq(DEST);
    static final long LOCATION = 760001L;
    static final String SKU = "TRACE-SKU-1";
    static final ErpStub BACKOFFICE = ErpStub.start();
    static final ShopifySimulator SIM = ShopifySimulator.start();

    @BeforeAll
    static void config() {
        SIM.addLocation(LOCATION, "Trace warehouse");
        SIM.addInventoryItem(SKU, 960001L);
        writeConfig(SHOP + ".yaml", """
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
                      WH-TRACE: "%d"
                """.formatted(SHOP, SIM.baseUrl(), LOCATION));
        writeConfig(DEST + ".yaml", deadLetteringDestination(DEST, BACKOFFICE.url()));
    }

    @AfterAll
    static void stop() {
        deleteConfig(DEST + ".yaml");
        deleteConfig(SHOP + ".yaml");
        BACKOFFICE.close();
        SIM.close();
    }

    @BeforeEach
    void ready() {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        BACKOFFICE.healthy();
    }

    @Test
    void orderTraceShowsEveryHopInOrderThroughDeadLetterAndReplayAndIsFoundByOrderNumber() {
        Order o = newOrder();
        String dlqId = deadLetter(o);

        BACKOFFICE.healthy();
        HttpResponse<String> replayed = send(OPERATOR_USER, USER_PASSWORD, "POST", path(dlqId) + "/replay", new byte[0], Map.of());
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "replayed order delivered", () -> deliveredFor(o).size() == 1);
        await(Duration.ofSeconds(10), "DELIVERED hop", () -> hopsOf(trace(o.subject)).contains("DELIVERED"));

        JsonNode t = trace(o.subject);
        assertThat(t.get("subject").asText()).isEqualTo(o.subject);
        assertThat(t.get("orderNumbers")).extracting(JsonNode::asText).containsExactly(o.number);
        List<JsonNode> hops = ours(t);
        assertThat(hops).extracting(h -> h.get("hop").asText())
                .containsExactly("RECEIVED", "PUBLISHED", "RETRIED", "DEAD_LETTERED", "REPLAYED", "DELIVERED");
        for (int i = 1; i < hops.size(); i++) {
            assertThat(Instant.parse(hops.get(i).get("at").asText()))
                    .isAfterOrEqualTo(Instant.parse(hops.get(i - 1).get("at").asText()));
        }
        JsonNode received = hops.get(0);
        assertThat(received.get("connector").asText()).isEqualTo(SHOP);
        assertThat(received.get("ref").asText()).startsWith("raw:" + SHOP + ":");
        assertThat(Instant.parse(received.get("at").asText())).isBetween(o.sentAt.minusSeconds(1), o.sentAt.plusSeconds(10));
        String eventId = hops.get(1).get("eventId").asText();
        assertThat(eventId).isNotBlank();
        for (JsonNode h : hops.subList(1, hops.size())) {
            assertThat(h.get("eventId").asText()).as(h.toString()).isEqualTo(eventId);
            assertThat(h.get("eventType").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        }
        for (JsonNode h : hops.subList(2, hops.size())) {
            assertThat(h.get("destination").asText()).as(h.toString()).isEqualTo(DEST);
        }
        assertThat(hops.get(2).get("detail").asText()).contains("HTTP 500");
        assertThat(hops.get(3).get("ref").asText()).isEqualTo(dlqId);
        assertThat(hops.get(3).get("detail").asText()).contains(DLQ).contains("2 attempts");
        assertThat(hops.get(4).get("ref").asText()).isEqualTo(dlqId);
        assertThat(hops.get(4).get("detail").asText()).contains(OPERATOR_USER);
        assertThat(t.toString()).as("no personal data in a trace").doesNotContain("Bob Norman").doesNotContain("bob.norman");

        // the same trace by the platform's order number, with and without the connector, and by subject prefix
        JsonNode byNumber = json(get("/api/v1/trace?orderNumber=" + enc(o.number)).body());
        assertThat(byNumber.get("count").asInt()).isEqualTo(1);
        assertThat(byNumber.at("/items/0/subject").asText()).isEqualTo(o.subject);
        assertThat(byNumber.at("/items/0/hops")).hasSize(t.get("hops").size());
        assertThat(json(get("/api/v1/trace?orderNumber=" + enc(o.number) + "&connector=" + SHOP).body()).get("count").asInt())
                .isEqualTo(1);
        assertThat(json(get("/api/v1/trace?orderNumber=" + enc(o.number) + "&connector=other-shop").body()).get("count").asInt())
                .isZero();
        JsonNode byPrefix = json(get("/api/v1/trace?subject=" + enc(SHOP + ":order:*")).body());
        assertThat(byPrefix.get("items")).extracting(n -> n.get("subject").asText()).contains(o.subject);

        // the subject URL-encoded is the same trace; unknown subjects and missing filters are problems
        HttpResponse<String> encoded = get("/api/v1/trace/" + enc(o.subject));
        assertThat(encoded.statusCode()).as(encoded.body()).isEqualTo(200);
        assertThat(json(encoded.body()).get("hops")).hasSize(t.get("hops").size());
        assertProblem(get("/api/v1/trace/" + SHOP + ":order:does-not-exist"), 404);
        assertProblem(get("/api/v1/trace"), 400);
        assertProblem(get("/api/v1/trace?connector=" + SHOP), 400);
        assertProblem(get("/api/v1/trace?subject=*"), 400);
        assertProblem(get("/api/v1/trace?subject=" + enc(o.subject) + "&limit=0"), 400);
    }

    @Test
    void editedDeadLetterIsDeliveredOnceWithTheCorrectionAuditedAndTraced() {
        Order o = newOrder();
        String dlqId = deadLetter(o);
        JsonNode unmasked = json(get(path(dlqId) + "?unmasked=true").body());
        JsonNode masked = json(get(path(dlqId)).body());
        ObjectNode original = (ObjectNode) unmasked.get("body");
        String sha = unmasked.get("bodySha256").asText();
        BACKOFFICE.healthy();

        // refused edits leave the dead letter where it is
        assertProblem(edit(dlqId, "{\"specversion\": \"1.0\", broken", null), 400);
        ObjectNode otherId = original.deepCopy();
        otherId.put("id", UUID.randomUUID().toString());
        assertProblem(edit(dlqId, otherId.toString(), null), 400);
        ObjectNode fromMasked = (ObjectNode) masked.get("body").deepCopy();
        ((ObjectNode) fromMasked.get("data")).put("note", "from the masked view");
        assertProblem(edit(dlqId, fromMasked.toString(), null), 400);
        ObjectNode fixed = original.deepCopy();
        String note = "fixed by operator " + UUID.randomUUID();
        ((ObjectNode) fixed.get("data")).put("note", note);
        assertProblem(edit(dlqId, fixed.toString(), "\"ID:someone-else\""), 409);
        assertThat(dlqIds(o)).containsExactly(dlqId);
        assertThat(requestsFor(o)).as("nothing replayed yet").hasSize(2);

        HttpResponse<String> r = edit(dlqId, fixed.toString(), "\"" + sha + "\"");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = json(r.body());
        assertThat(result.get("status").asText()).isEqualTo("EDITED_AND_REPLAYED");
        assertThat(result.get("changedPaths")).extracting(JsonNode::asText).containsExactly("/data/note");
        assertThat(result.get("originalSha256").asText()).isEqualTo(sha);
        assertThat(result.get("editedSha256").asText()).isNotEqualTo(sha);

        await(Duration.ofSeconds(20), "edited order delivered", () -> deliveredFor(o).size() == 1);
        sleep(1500);
        List<JsonNode> delivered = deliveredFor(o);
        assertThat(delivered).as("delivered exactly once").hasSize(1);
        assertThat(delivered.get(0).at("/data/note").asText()).isEqualTo(note);
        assertThat(delivered.get(0).get("id").asText()).isEqualTo(original.get("id").asText());
        assertThat(requestsFor(o)).as("2 failed attempts + 1 edited delivery").hasSize(3);
        assertThat(dlqIds(o)).isEmpty();

        JsonNode audit = json(get("/api/v1/dead-letters/audit?action=EDIT_AND_REPLAY&messageId=" + enc(dlqId)).body());
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("actor").asText()).isEqualTo(OPERATOR_USER);
        assertThat(audit.get(0).get("detail").asText()).contains(sha).contains(result.get("editedSha256").asText())
                .contains("/data/note").doesNotContain(note);

        await(Duration.ofSeconds(10), "DELIVERED after the edit", () -> hopsOf(trace(o.subject)).contains("DELIVERED"));
        assertThat(ours(trace(o.subject))).extracting(h -> h.get("hop").asText())
                .containsExactly("RECEIVED", "PUBLISHED", "RETRIED", "DEAD_LETTERED", "EDITED_AND_REPLAYED", "DELIVERED");
        assertProblem(edit(dlqId, fixed.toString(), null), 404);
    }

    @Test
    void stockPushesAreTracedUnderTheSku() {
        String batch = """
                [ {"sku": "%s", "locationId": "WH-TRACE", "onHand": 7, "asOf": "%s"} ]""".formatted(SKU, Instant.now());
        HttpResponse<String> r = post("/api/v1/stock", batch.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        await(Duration.ofSeconds(20), "quantity at Shopify", () -> Long.valueOf(7).equals(SIM.quantitiesBySku(LOCATION).get(SKU)));
        await(Duration.ofSeconds(10), "STOCK_PUSHED hop", () -> get("/api/v1/trace/sku:" + SKU).statusCode() == 200);
        JsonNode t = trace("sku:" + SKU);
        List<JsonNode> pushed = new ArrayList<>();
        t.get("hops").forEach(h -> {
            if (SHOP.equals(h.path("connector").asText())) {
                pushed.add(h);
            }
        });
        assertThat(pushed).extracting(h -> h.get("hop").asText()).containsExactly("STOCK_PUSHED");
        assertThat(pushed.get(0).get("detail").asText()).contains("quantity 7").contains("WH-TRACE").contains(SHOP);
        assertThat(json(get("/api/v1/trace?subject=" + enc("sku:TRACE-SKU-*")).body()).at("/items/0/subject").asText())
                .isEqualTo("sku:" + SKU);
    }

    // ------------------------------------------------------------------------------------------ helpers

    record Order(String subject, String number, byte[] body, Instant sentAt) {
    }

    private static Order newOrder() {
        try {
            ObjectNode o = (ObjectNode) json(new String(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"),
                    StandardCharsets.UTF_8));
            long id = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
            String number = "#T" + id % 1_000_000_000L;
            o.put("id", id);
            o.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
            o.put("name", number);
            o.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
            return new Order(SHOP + ":order:" + id, number, Json.mapper().writeValueAsBytes(o), Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the order while the back office answers 500; returns the dead letter's id. */
    private String deadLetter(Order o) {
        BACKOFFICE.failAll(500);
        HttpResponse<String> r = post("/webhooks/" + SHOP, o.body, ShopifySigner.headers("orders/create", o.body,
                SHOPIFY_SECRET, UUID.randomUUID().toString(), "trace.myshopify.com"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(30), "dead letter for " + o.subject, () -> dlqIds(o).size() == 1);
        return dlqIds(o).get(0);
    }

    private List<String> dlqIds(Order o) {
        HttpResponse<String> r = get("/api/v1/dead-letters?queue=" + DLQ + "&subject=" + enc(o.subject));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        json(r.body()).get("items").forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    private HttpResponse<String> edit(String id, String body, String ifMatch) {
        Map<String, String> h = new java.util.HashMap<>(Map.of("Content-Type", "application/json"));
        if (ifMatch != null) {
            h.put("If-Match", ifMatch);
        }
        return send(OPERATOR_USER, USER_PASSWORD, "POST", path(id) + "/edit", body.getBytes(StandardCharsets.UTF_8), h);
    }

    private JsonNode trace(String subject) {
        HttpResponse<String> r = get("/api/v1/trace/" + subject);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private static List<String> hopsOf(JsonNode trace) {
        return ours(trace).stream().map(h -> h.get("hop").asText()).toList();
    }

    /** Hops without a destination or of this test's destination (other test classes' destinations may see the order too). */
    private static List<JsonNode> ours(JsonNode trace) {
        List<JsonNode> out = new ArrayList<>();
        trace.get("hops").forEach(h -> {
            String d = h.path("destination").asText(null);
            if (d == null || h.get("destination").isNull() || DEST.equals(d)) {
                out.add(h);
            }
        });
        return out;
    }

    private List<ServeEvent> servedFor(Order o) {
        return BACKOFFICE.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("\"" + o.subject + "\""))
                .toList();
    }

    private List<ServeEvent> requestsFor(Order o) {
        return servedFor(o);
    }

    private List<JsonNode> deliveredFor(Order o) {
        return servedFor(o).stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> json(e.getRequest().getBodyAsString())).toList();
    }

    private static String path(String id) {
        return "/api/v1/dead-letters/" + DLQ + "/" + id;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r.body()).get("status").asInt()).isEqualTo(status);
    }
}
