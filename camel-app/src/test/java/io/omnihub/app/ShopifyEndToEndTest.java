package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The foundation slice end to end, through the real embedded broker: a signed Shopify webhook in,
 * a canonical CloudEvent out at the ERP stub; every bad-input row of the contract's webhook table
 * answered as specified with nothing enqueued; stock from the ERP out to the Shopify simulator.
 */
class ShopifyEndToEndTest extends HubTestSupport {

    static final String SHOP = "shop-e2e";
    static final String DEST = "erp-e2e";

    @Autowired
    BrokerAdmin broker;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @BeforeAll
    static void config() {
        SHOPIFY.addLocation(655441491L, "Main warehouse");
        SHOPIFY.addInventoryItem("E2E-SKU-1", 808950810L);
        SHOPIFY.addInventoryItem("E2E-SKU-2", 808950811L);
        writeConfig(DEST + ".yaml", erpDestination(DEST, "order, product, stock", 3));
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, """
                  mapping:
                    locations:
                      WH-1: "655441491"
                """));
    }

    @org.junit.jupiter.api.AfterAll
    static void cleanUp() {
        deleteConfig(SHOP + ".yaml");
        deleteConfig(DEST + ".yaml");
    }

    @BeforeEach
    void ready() {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        ERP.healthy();
    }

    private HttpResponse<String> sendWebhook(String topic, byte[] body, String secret, String eventId) {
        Map<String, String> h = new HashMap<>(ShopifySigner.headers(topic, body, secret, eventId, "e2e.myshopify.com"));
        h.put("Content-Type", "application/json");
        return post("/webhooks/" + SHOP, body, h);
    }

    private List<JsonNode> withVersion(String subject, String version) {
        return deliveredFor(subject).stream().filter(n -> n.path("omnihubentityversion").asText().equals(version)).toList();
    }

    private List<JsonNode> deliveredFor(String subject) {
        return ERP.delivered().stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    /** The fixture with a fresh entity id, so tests sharing the hub never collide on entity versions. */
    static byte[] withNewId(String fixture) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) json(new String(Fixtures.bytes(fixture), StandardCharsets.UTF_8));
            node.put("id", Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L));
            return io.omnihub.connector.support.Json.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void signedOrderWebhookArrivesAtTheErpAsACanonicalCloudEvent() {
        byte[] body = withNewId("fixtures/shopify/webhooks/orders-create.json");
        String orderId = json(new String(body, StandardCharsets.UTF_8)).get("id").asText();
        String subject = SHOP + ":order:" + orderId;
        String eventId = UUID.randomUUID().toString();
        HttpResponse<String> r = sendWebhook("orders/create", body, SHOPIFY_SECRET, eventId);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        await(Duration.ofSeconds(20), "order at the ERP", () -> !deliveredFor(subject).isEmpty());
        JsonNode ce = deliveredFor(subject).get(0);
        assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.order.upserted.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + SHOP);
        assertThat(UUID.fromString(ce.get("id").asText())).isNotNull();
        assertThat(ce.get("time").asText()).endsWith("Z");
        assertThat(ce.get("omnihubdedupekey").asText()).startsWith(SHOP + ":");
        assertThat(ce.get("omnihubentityversion").asText()).isNotBlank();
        JsonNode data = ce.get("data");
        assertThat(data.get("orderId").asText()).isEqualTo(SHOP + ":" + orderId);
        assertThat(data.get("externalId").asText()).isEqualTo(orderId);
        assertThat(data.get("channel").get("platform").asText()).isEqualTo("SHOPIFY");
        assertThat(data.get("totals").get("total").get("amount").isTextual()).isTrue();
        assertThat(data.get("totals").get("total").get("currency").asText()).matches("[A-Z]{3}");
        assertThat(data.get("source").get("connectorId").asText()).isEqualTo(SHOP);

        // the raw webhook is archived byte for byte, without credentials (written in batches off the publish path)
        await(Duration.ofSeconds(5), "raw event archived", () -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM raw_event WHERE connector_id = ? AND event_key = ?", Integer.class, SHOP, eventId) == 1);
        byte[] archived = jdbc.queryForObject("SELECT body FROM raw_event WHERE connector_id = ? AND event_key = ?",
                byte[].class, SHOP, eventId);
        assertThat(archived).isEqualTo(body);

        var request = ERP.requests().stream().filter(q -> q.getBodyAsString().contains(subject)).findFirst().orElseThrow();
        assertThat(request.getHeader("Content-Type")).startsWith("application/cloudevents+json");
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer erp-token-123");
    }

    @Test
    void redeliveredWebhookIsAnswered200AndTakesEffectOnce() throws Exception {
        byte[] body = withNewId("fixtures/shopify/webhooks/orders-updated-partially-fulfilled.json");
        String orderId = json(new String(body, StandardCharsets.UTF_8)).get("id").asText();
        String subject = SHOP + ":order:" + orderId;
        String eventId = UUID.randomUUID().toString();
        for (int i = 0; i < 3; i++) {
            assertThat(sendWebhook("orders/updated", body, SHOPIFY_SECRET, eventId).statusCode()).isEqualTo(200);
        }
        String version = json(new String(body, StandardCharsets.UTF_8)).get("updated_at").asText();
        await(Duration.ofSeconds(20), "order at the ERP", () -> !withVersion(subject, version).isEmpty());
        Thread.sleep(1500);
        assertThat(withVersion(subject, version)).hasSize(1);
        // the dedupe key is the entity's identity and version, identical for every redelivery
        assertThat(withVersion(subject, version).get(0).get("omnihubdedupekey").asText())
                .isEqualTo(SHOP + ":order:" + orderId + ":" + version);
    }

    @Test
    void oldSecretIsAcceptedDuringRotation() {
        byte[] body = withNewId("fixtures/shopify/webhooks/products-create.json");
        assertThat(sendWebhook("products/create", body, SHOPIFY_SECRET_OLD, UUID.randomUUID().toString()).statusCode())
                .isEqualTo(200);
        String productId = json(new String(body, StandardCharsets.UTF_8)).get("id").asText();
        await(Duration.ofSeconds(20), "product at the ERP", () -> ERP.delivered().stream().anyMatch(n ->
                n.path("type").asText().equals("io.omnihub.product.upserted.v1")
                        && n.path("data").path("externalId").asText().equals(productId)));
    }

    @Test
    void badInputIsRejectedWithTheContractAnswerAndNothingIsEnqueued() throws Exception {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        List<String> badIds = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            badIds.add("bad-" + UUID.randomUUID());
        }

        // invalid signature
        HttpResponse<String> r = sendWebhook("orders/create", body, "not-the-secret", badIds.get(0));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("X-Shopify-Hmac-Sha256");
        // missing signature
        Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", body, SHOPIFY_SECRET, badIds.get(1), "e2e.myshopify.com"));
        h.remove("X-Shopify-Hmac-Sha256");
        assertThat(post("/webhooks/" + SHOP, body, h).statusCode()).isEqualTo(401);
        // body changed after signing
        Map<String, String> signed = ShopifySigner.headers("orders/create", body, SHOPIFY_SECRET, badIds.get(2), "e2e.myshopify.com");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"id\"", "\"id\" ").getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/" + SHOP, tampered, signed).statusCode()).isEqualTo(401);
        // malformed body, correctly signed
        byte[] garbage = "{\"id\": 1, \"broken\": ".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> m = sendWebhook("orders/create", garbage, SHOPIFY_SECRET, badIds.get(3));
        assertThat(m.statusCode()).isEqualTo(400);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        // unknown connector
        assertThat(post("/webhooks/no-such-shop", body, signed).statusCode()).isEqualTo(404);
        // over the size limit (1 MiB default)
        byte[] big = new byte[1024 * 1024 + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        assertThat(sendWebhook("orders/create", big, SHOPIFY_SECRET, badIds.get(4)).statusCode()).isEqualTo(413);

        Thread.sleep(1500);
        // nothing of these requests reached the broker or the ERP
        assertThat(broker.messageCount(Addresses.rawDlq(SHOP))).isZero();
        assertThat(ERP.requests()).noneMatch(q -> badIds.stream().anyMatch(id -> q.getBodyAsString().contains(id)));
        JsonNode conn = json(get("/api/v1/connectors").body());
        JsonNode mine = null;
        for (JsonNode c : conn) {
            if (c.get("id").asText().equals(SHOP)) {
                mine = c;
            }
        }
        assertThat(mine.get("counts").get("webhook.unauthorized").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(mine.get("counts").get("webhook.malformed").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(mine.get("counts").get("webhook.too_large").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void stockFromTheErpReachesShopifyAndABadItemDropsNothingElse() {
        int callsBefore = SHOPIFY.inventorySetCalls().size();
        String batch = """
                [ {"sku": "E2E-SKU-1", "locationId": "WH-1", "onHand": 12, "reserved": 2, "asOf": "2026-11-22T10:00:00Z"},
                  {"sku": "", "locationId": "WH-1", "onHand": "many"},
                  {"sku": "E2E-SKU-2", "locationId": "WH-1", "onHand": 5} ]""";
        HttpResponse<String> r = post("/api/v1/stock", batch.getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode res = json(r.body());
        assertThat(res.get("accepted").asInt()).isEqualTo(2);
        assertThat(res.get("rejected").asInt()).isEqualTo(1);
        assertThat(res.get("items").get(1).get("status").asText()).isEqualTo("rejected");
        assertThat(res.get("items").get(1).get("errors").toString()).contains("sku").contains("onHand");

        await(Duration.ofSeconds(20), "quantities at Shopify", () -> {
            Map<String, Long> q = SHOPIFY.quantitiesBySku(655441491L);
            return Long.valueOf(10).equals(q.get("E2E-SKU-1")) && Long.valueOf(5).equals(q.get("E2E-SKU-2"));
        });
        // both SKUs travelled in one batched mutation
        assertThat(SHOPIFY.inventorySetCalls().subList(callsBefore, SHOPIFY.inventorySetCalls().size()))
                .anyMatch(c -> c.quantities().size() == 2);
    }
}
