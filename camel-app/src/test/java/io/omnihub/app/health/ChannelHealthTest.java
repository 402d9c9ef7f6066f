package io.omnihub.app.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.app.HubTestSupport;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ShopifySimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Health per connector and destination: a connector whose platform fails turns DOWN with its reason while
 * the others stay UP, and back UP when the platform recovers; webhook signatures failing turn it DOWN until
 * one is accepted; a destination that cannot be reached turns DOWN with its circuit breaker.
 */
class ChannelHealthTest extends HubTestSupport {

    private static final String FLAKY = "hl-flaky";
    private static final String STEADY = "hl-steady";
    private static final String DEAD_DEST = "hl-dead-dest";
    private static final ShopifySimulator FLAKY_SHOP = ShopifySimulator.start();
    /** Its own simulator: other tests' failure injections on the shared one must not touch it. */
    private static final ShopifySimulator STEADY_SHOP = ShopifySimulator.start();

    @BeforeAll
    static void config() {
        String polling = """
                  flows:
                    orders: { enabled: true, interval: 1s, lookback: 10m }
                """;
        writeConfig(FLAKY + ".yaml", shopifyConnector(FLAKY, polling).replace(SHOPIFY.baseUrl(), FLAKY_SHOP.baseUrl()));
        writeConfig(STEADY + ".yaml", shopifyConnector(STEADY, polling).replace(SHOPIFY.baseUrl(), STEADY_SHOP.baseUrl()));
    }

    @AfterAll
    static void cleanup() {
        deleteConfig(FLAKY + ".yaml");
        deleteConfig(STEADY + ".yaml");
        deleteConfig(DEAD_DEST + ".yaml");
        FLAKY_SHOP.failNext(503, 0);
        FLAKY_SHOP.close();
        STEADY_SHOP.close();
    }

    @Test
    void aFailingPlatformTurnsOnlyItsConnectorDownWithTheReasonAndItRecovers() {
        awaitConnector(FLAKY);
        awaitConnector(STEADY);
        await(Duration.ofSeconds(20), "both connectors UP", () -> status(FLAKY).equals("UP") && status(STEADY).equals("UP"));

        FLAKY_SHOP.failNext(503, 1_000_000);
        await(Duration.ofSeconds(20), FLAKY + " DOWN", () -> status(FLAKY).equals("DOWN"));
        JsonNode down = component(FLAKY);
        assertThat(down.path("details").path("reason").asText()).contains("platform calls failing").contains("poll order:")
                .contains("503");
        assertThat(status(STEADY)).isEqualTo("UP");
        assertThat(json(get("/actuator/health/connectors").body()).path("status").asText()).isEqualTo("DOWN");
        assertThat(get("/actuator/health/readiness").statusCode()).as("one channel never takes the hub out of service").isEqualTo(200);

        FLAKY_SHOP.failNext(503, 0);
        await(Duration.ofSeconds(20), FLAKY + " UP again", () -> status(FLAKY).equals("UP"));
        assertThat(component(FLAKY).path("details").has("reason")).isFalse();
        assertThat(component(FLAKY).path("details").path("lastPlatformSuccess").asText()).isNotEmpty();
    }

    @Test
    void webhookSignaturesFailingTurnTheConnectorDownUntilOneIsAccepted() throws Exception {
        awaitConnector(STEADY);
        await(Duration.ofSeconds(20), STEADY + " UP", () -> status(STEADY).equals("UP"));
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        for (int i = 0; i < 5; i++) {
            Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", body, "rotated-on-the-platform",
                    UUID.randomUUID().toString(), "e2e.myshopify.com"));
            assertThat(post("/webhooks/" + STEADY, body, h).statusCode()).isEqualTo(401);
        }
        assertThat(status(STEADY)).isEqualTo("DOWN");
        assertThat(component(STEADY).path("details").path("reason").asText()).contains("webhook signatures failing: 5 webhooks refused");

        ObjectNode order = (ObjectNode) json(new String(body, StandardCharsets.UTF_8));
        order.put("id", 9_100_000_001L);
        byte[] good = order.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", good, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                "e2e.myshopify.com"));
        assertThat(post("/webhooks/" + STEADY, good, h).statusCode()).isEqualTo(200);
        assertThat(status(STEADY)).isEqualTo("UP");
    }

    @Test
    void anUnreachableDestinationTurnsDownWithItsCircuitBreaker() throws Exception {
        writeConfig(DEAD_DEST + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [order]
                  http:
                    url: http://127.0.0.1:9/unreachable
                  delivery:
                    maxAttempts: 50
                    initialBackoff: 50ms
                    maxBackoff: 200ms
                """.formatted(DEAD_DEST));
        awaitDestination(DEAD_DEST);
        awaitConnector(STEADY);
        assertThat(destinationStatus()).isEqualTo("UP");
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        ObjectNode order = (ObjectNode) json(new String(body, StandardCharsets.UTF_8));
        order.put("id", 9_100_000_002L);
        byte[] b = order.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", b, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                "e2e.myshopify.com"));
        assertThat(post("/webhooks/" + STEADY, b, h).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(30), DEAD_DEST + " DOWN", () -> destinationStatus().equals("DOWN"));
        JsonNode d = json(get("/actuator/health/destinations/" + DEAD_DEST).body());
        assertThat(d.path("details").path("reason").asText()).containsAnyOf("circuit breaker", "deliveries failing");
        assertThat(status(STEADY)).as("the connector feeding it is not blamed").isNotEqualTo("DOWN");
        deleteConfig(DEAD_DEST + ".yaml");
    }

    private String destinationStatus() {
        return json(get("/actuator/health/destinations/" + DEAD_DEST).body()).path("status").asText();
    }

    private JsonNode component(String id) {
        return json(get("/actuator/health/connectors/" + id).body());
    }

    private String status(String id) {
        return component(id).path("status").asText();
    }
}
