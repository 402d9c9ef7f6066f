package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reliability in one hub (R6, R7, R3, reconciliation): duplicate deliveries take effect once,
 * out-of-order updates never overwrite a newer state, a back-office outage loses and dead-letters
 * nothing, and a webhook the platform never sent still arrives once through reconciliation polling.
 */
class ReliabilityTest extends HubTestSupport {

    static final String SHOP = "shop-rel";
    static final String DEST = "erp-rel";
    static final ErpStub BACKOFFICE = ErpStub.start();

    @Autowired
    BrokerAdmin broker;

    @BeforeAll
    static void config() {
        writeConfig(DEST + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [order]
                  http:
                    url: %s
                  delivery:
                    maxAttempts: 3
                    initialBackoff: 50ms
                    maxBackoff: 300ms
                    concurrency: 4
                    circuitBreaker: { failureThreshold: 3, openFor: 300ms }
                """.formatted(DEST, BACKOFFICE.url()));
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, """
                  flows:
                    orders: { enabled: true, interval: 1s, lookback: 10m }
                """));
    }

    @AfterAll
    static void stop() {
        deleteConfig(SHOP + ".yaml");
        deleteConfig(DEST + ".yaml");
        BACKOFFICE.close();
    }

    @BeforeEach
    void ready() {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        BACKOFFICE.healthy();
    }

    static ObjectNode order(long id, Instant updatedAt) {
        ObjectNode o = (ObjectNode) json(new String(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"),
                java.nio.charset.StandardCharsets.UTF_8));
        o.put("id", id);
        o.put("updated_at", updatedAt.toString());
        o.put("created_at", updatedAt.minusSeconds(60).toString());
        return o;
    }

    int send(ObjectNode order, String eventId) {
        try {
            byte[] body = Json.mapper().writeValueAsBytes(order);
            Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/updated", body, SHOPIFY_SECRET, eventId, "rel.myshopify.com"));
            return post("/webhooks/" + SHOP, body, h).statusCode();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    List<JsonNode> delivered(long orderId) {
        String subject = SHOP + ":order:" + orderId;
        return BACKOFFICE.delivered().stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    static long newId() {
        return ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_000_000_000L);
    }

    @Test
    void eachWebhookDeliveredThreeTimesInterleavedTakesEffectOnce() throws Exception {
        int n = 20;
        List<ObjectNode> orders = new ArrayList<>();
        List<String> eventIds = new ArrayList<>();
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            orders.add(order(newId(), t));
            eventIds.add(UUID.randomUUID().toString());
        }
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < n; i++) {
                int k = i;
                answers.add(pool.submit(() -> send(orders.get(k), eventIds.get(k))));
            }
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get()).isEqualTo(200);
        }
        pool.shutdown();
        for (ObjectNode o : orders) {
            long id = o.get("id").asLong();
            await(Duration.ofSeconds(20), "order " + id, () -> !delivered(id).isEmpty());
        }
        Thread.sleep(1500);
        for (ObjectNode o : orders) {
            assertThat(delivered(o.get("id").asLong())).as("deliveries of order " + o.get("id")).hasSize(1);
        }
    }

    @Test
    void outOfOrderUpdatesNeverOverwriteANewerState() throws Exception {
        long id = newId();
        Instant v1 = Instant.parse("2026-11-01T10:00:00Z");
        Instant v2 = v1.plusSeconds(60);
        Instant v3 = v1.plusSeconds(120);
        assertThat(send(order(id, v1), "e1-" + id)).isEqualTo(200);
        await(Duration.ofSeconds(20), "v1", () -> delivered(id).size() == 1);
        assertThat(send(order(id, v3), "e3-" + id)).isEqualTo(200);
        await(Duration.ofSeconds(20), "v3", () -> delivered(id).size() == 2);
        assertThat(send(order(id, v2), "e2-" + id)).isEqualTo(200); // arrives late
        Thread.sleep(1500);
        List<String> versions = delivered(id).stream().map(n -> Instant.parse(n.path("data").path("updatedAt").asText()).toString()).toList();
        assertThat(versions).containsExactly(v1.toString(), v3.toString());
    }

    @Test
    void backOfficeOutageLosesNothingKeepsOrderAndDeadLettersNothing() throws Exception {
        long dlqBefore = broker.messageCount(Addresses.destinationDlq(DEST));
        BACKOFFICE.failAll(500);
        long a = newId();
        long b = newId();
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            assertThat(send(order(a, t0.plusSeconds(i)), "a" + i + "-" + a)).isEqualTo(200);
            assertThat(send(order(b, t0.plusSeconds(i)), "b" + i + "-" + b)).isEqualTo(200);
        }
        Thread.sleep(3000); // the outage; the circuit opens and retries wait
        assertThat(delivered(a)).isEmpty();
        BACKOFFICE.healthy();
        await(Duration.ofSeconds(30), "all 10 updates after recovery", () -> delivered(a).size() == 5 && delivered(b).size() == 5);
        for (long id : List.of(a, b)) {
            List<Instant> seq = delivered(id).stream().map(n -> Instant.parse(n.path("data").path("updatedAt").asText())).toList();
            assertThat(seq).as("per-entity order of order " + id).isSorted();
        }
        assertThat(broker.messageCount(Addresses.destinationDlq(DEST))).isEqualTo(dlqBefore);
    }

    @Test
    void reconciliationFindsAnOrderWhoseWebhookWasDroppedAndDoesNotDuplicateOneThatCame() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long dropped = newId();
        long came = newId();
        SHOPIFY.addOrder(order(dropped, now.minusSeconds(5)));
        ObjectNode arrived = order(came, now.minusSeconds(5));
        SHOPIFY.addOrder(arrived);
        assertThat(send(arrived, "came-" + came)).isEqualTo(200);
        await(Duration.ofSeconds(30), "the order whose webhook never came", () -> delivered(dropped).size() == 1);
        await(Duration.ofSeconds(10), "the order whose webhook came", () -> delivered(came).size() == 1);
        Thread.sleep(2500); // at least two more poll cycles
        assertThat(delivered(dropped)).hasSize(1);
        assertThat(delivered(came)).hasSize(1);
    }

    @Test
    void aWebhookArrivingAfterThePollThatAlreadyPublishedItIsAcceptedOnceAndNeverLoops() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long id = newId();
        ObjectNode o = order(id, now.minusSeconds(3));
        SHOPIFY.addOrder(o);
        await(Duration.ofSeconds(30), "the polled order", () -> delivered(id).size() == 1);
        long brokerDlq = broker.messageCount("omnihub.dlq.broker");
        assertThat(send(o, "late-" + id)).isEqualTo(200);
        Thread.sleep(2500);
        assertThat(delivered(id)).hasSize(1);
        assertThat(broker.messageCount(Addresses.raw(SHOP))).as("raw event not stuck in redelivery").isZero();
        assertThat(broker.messageCount("omnihub.dlq.broker")).isEqualTo(brokerDlq);
        assertThat(broker.messageCount(Addresses.rawDlq(SHOP))).isZero();
    }
}
