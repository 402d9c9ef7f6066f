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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * R2-lite, in-process: the embedded broker is stopped under a running hub. While it is down a
 * correctly signed webhook is answered 503 with Retry-After (nothing stored, so the platform's retry
 * is accepted later) and readiness is DOWN, both within 3 s; once the broker is started again the
 * flow resumes by itself within 30 s: intake (pooled producer connections), publish and delivery
 * (the JMS listener containers) and readiness. Runs in its own Spring context so the shared one of
 * {@link HubTestSupport} is not disturbed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BrokerOutageTest {

    static final String SHOP = "shop-outage";
    static final String DEST = "erp-outage";
    static final String SECRET = "outage-webhook-secret";
    static final Path DATA_DIR;
    static final Path CONFIG_DIR;
    static final ErpStub ERP = ErpStub.start();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("omnihub-outage-data");
            CONFIG_DIR = Files.createTempDirectory("omnihub-outage-config");
            // the context is closed after this class (@DirtiesContext); the folders go when the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                deleteTree(DATA_DIR);
                deleteTree(CONFIG_DIR);
            }));
            Files.writeString(CONFIG_DIR.resolve(SHOP + ".yaml"), """
                    apiVersion: omnihub.io/v1
                    kind: Connector
                    metadata:
                      id: %s
                    spec:
                      type: shopify
                      connection:
                        baseUrl: http://127.0.0.1:9
                        accessToken: ${OUTAGE_SHOPIFY_TOKEN}
                      webhooks:
                        secrets: [${OUTAGE_SHOPIFY_SECRET}]
                      flows:
                        stock: false
                    """.formatted(SHOP));
            Files.writeString(CONFIG_DIR.resolve(DEST + ".yaml"), """
                    apiVersion: omnihub.io/v1
                    kind: Destination
                    metadata:
                      id: %s
                    spec:
                      type: http
                      subscribe: [order]
                      http:
                        url: %s
                        timeout: 5s
                      delivery:
                        maxAttempts: 20
                        initialBackoff: 50ms
                        maxBackoff: 500ms
                    """.formatted(DEST, ERP.url()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void props(DynamicPropertyRegistry r) {
        r.add("omnihub.data-dir", DATA_DIR::toString);
        r.add("omnihub.config-dir", CONFIG_DIR::toString);
        r.add("omnihub.config-reload", () -> "200ms");
        r.add("omnihub.demo.enabled", () -> "false");
        r.add("omnihub.broker.acceptor-port", () -> "-1");
        r.add("omnihub.broker.server-id", () -> String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 200_000)));
        r.add("omnihub.security.admin-password", () -> "outage-admin-password");
        r.add("OUTAGE_SHOPIFY_TOKEN", () -> "shpat_outage_token");
        r.add("OUTAGE_SHOPIFY_SECRET", () -> SECRET);
    }

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedActiveMQ embedded;

    @Autowired
    BrokerAdmin broker;

    @AfterAll
    static void stopErp() {
        ERP.close();
    }

    @Test
    void brokerDownAnswers503AndNotReadyThenTheFlowResumesByItself() throws Exception {
        await(Duration.ofSeconds(30), "connector and destination to start", () ->
                json(get("/api/v1/connectors").body()).findValuesAsText("id").contains(SHOP)
                        && json(get("/api/v1/destinations").body()).findValuesAsText("id").contains(DEST));

        // Baseline: the flow works before the outage.
        Order before = Order.next();
        assertThat(send(before).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "baseline order at the ERP", () -> deliveredCount(before.id) == 1);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);

        // --- broker down ---
        embedded.stop();
        assertThat(embedded.getActiveMQServer().isStarted()).isFalse();

        Order during = Order.next();
        long t503 = System.nanoTime();
        HttpResponse<String> refused = send(during);
        Duration refusedIn = Duration.ofNanos(System.nanoTime() - t503);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        long tReady = System.nanoTime();
        HttpResponse<String> readiness = get("/actuator/health/readiness");
        Duration readinessIn = Duration.ofNanos(System.nanoTime() - tReady);
        System.out.printf("broker outage: webhook answered %d in %d ms, readiness %d in %d ms%n", refused.statusCode(),
                refusedIn.toMillis(), readiness.statusCode(), readinessIn.toMillis());
        assertThat(readiness.statusCode()).isEqualTo(503);
        JsonNode health = json(readiness.body());
        assertThat(health.path("status").asText()).isEqualTo("DOWN");
        assertThat(health.path("components").path("broker").path("status").asText()).isEqualTo("DOWN");
        // Both answers come fast: well inside a platform's webhook timeout (Shopify: 5 s) and a probe's.
        assertThat(refusedIn).as("time to the 503 answer").isLessThan(Duration.ofSeconds(3));
        assertThat(readinessIn).as("time to the readiness answer").isLessThan(Duration.ofSeconds(3));

        // --- broker back ---
        embedded.start();
        long restarted = System.nanoTime();

        // A new webhook, sent as a platform would (retry on 503 with the same body and event id),
        // is answered 200 and reaches the ERP within 30 s of the restart.
        Order after = Order.next();
        await(Duration.ofSeconds(30), "a webhook answered 200 after the broker restart", () -> {
            int s = send(after).statusCode();
            if (s != 200) {
                sleep(200);
            }
            return s == 200;
        });
        Duration accepted = Duration.ofNanos(System.nanoTime() - restarted);
        await(Duration.ofSeconds(30).minus(accepted), "the post-restart order at the ERP", () -> deliveredCount(after.id) == 1);
        Duration resumed = Duration.ofNanos(System.nanoTime() - restarted);
        System.out.printf("broker outage: webhook accepted %d ms and delivered %d ms after the broker restart%n",
                accepted.toMillis(), resumed.toMillis());
        assertThat(resumed).isLessThanOrEqualTo(Duration.ofSeconds(30));

        await(Duration.ofSeconds(10), "readiness UP again", () -> get("/actuator/health/readiness").statusCode() == 200);

        // The refused webhook was not stored: nothing of it reached the ERP, nothing is queued or
        // dead-lettered, and the platform's retry (same event id) is accepted and delivered once.
        assertThat(deliveredCount(during.id)).isZero();
        assertThat(broker.messageCount(Addresses.raw(SHOP))).isZero();
        assertThat(broker.messageCount(Addresses.rawDlq(SHOP))).isZero();
        assertThat(broker.messageCount(Addresses.destinationDlq(DEST))).isZero();
        assertThat(send(during).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(20), "the retried order at the ERP", () -> deliveredCount(during.id) == 1);

        // and every order took effect exactly once
        Thread.sleep(1000);
        assertThat(deliveredCount(before.id)).isEqualTo(1);
        assertThat(deliveredCount(after.id)).isEqualTo(1);
        assertThat(deliveredCount(during.id)).isEqualTo(1);
    }

    /** One Shopify orders/create webhook: the documented example order with a new id and event id. */
    record Order(long id, String eventId, byte[] body) {

        static Order next() {
            long id = 7_000_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
            ObjectNode o = (ObjectNode) json(Fixtures.text("fixtures/shopify/webhooks/orders-create.json"));
            o.put("id", id);
            o.put("updated_at", "2026-03-01T10:00:00Z");
            try {
                return new Order(id, UUID.randomUUID().toString(), Json.mapper().writeValueAsBytes(o));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private long deliveredCount(long orderId) {
        return ERP.delivered().stream()
                .filter(n -> String.valueOf(orderId).equals(n.path("data").path("externalId").asText()))
                .count();
    }

    private HttpResponse<String> send(Order o) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhooks/" + SHOP))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofByteArray(o.body));
        ShopifySigner.headers("orders/create", o.body, SECRET, o.eventId, "outage.myshopify.com").forEach(b::header);
        return call(b.build());
    }

    private HttpResponse<String> get(String path) {
        return call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:outage-admin-password".getBytes()))
                .GET().build());
    }

    private static HttpResponse<String> call(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }
}
