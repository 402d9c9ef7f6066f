package io.omnihub.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.HubTestSupport;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ShopifySimulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Business alerts end to end: a dead letter fires DEAD_LETTERS (notifier gets FIRING) and discarding it resolves
 * it (RESOLVED); a platform refusing the token fires CREDENTIALS and CONNECTOR_DOWN; a configured credential expiry
 * date warns ahead; everything shows in GET /api/v1/alerts, the alerts health component and the gauge.
 */
class AlertsTest extends HubTestSupport {

    private static final String SHOP = "al-shop";
    private static final String REVOKED = "al-revoked";
    private static final String EXPIRING = "al-expiring";
    private static final String DEST = "al-dead-dest";
    private static final ShopifySimulator REVOKED_SHOP = ShopifySimulator.start();

    @BeforeAll
    static void config() {
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
        writeConfig(REVOKED + ".yaml", shopifyConnector(REVOKED, """
                  flows:
                    orders: { enabled: true, interval: 1s, lookback: 10m }
                """).replace(SHOPIFY.baseUrl(), REVOKED_SHOP.baseUrl()));
        writeConfig(EXPIRING + ".yaml", shopifyConnector(EXPIRING, """
                  alerts:
                    credentialsExpireAt: %s
                """.formatted(LocalDate.now(ZoneOffset.UTC).plusDays(3))));
        writeConfig(DEST + ".yaml", """
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
                    maxAttempts: 1
                    circuitBreaker: { failureThreshold: 1000 }
                """.formatted(DEST));
    }

    @AfterAll
    static void cleanup() {
        for (String f : List.of(SHOP, REVOKED, EXPIRING, DEST)) {
            deleteConfig(f + ".yaml");
        }
        REVOKED_SHOP.failNext(401, 0);
        REVOKED_SHOP.close();
    }

    @Test
    void aDeadLetterFiresAnAlertAndDiscardingItResolvesIt() throws Exception {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        assertThat(alert("DEAD_LETTERS", "destination:" + DEST)).isNull();
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        ObjectNode order = (ObjectNode) json(new String(body, StandardCharsets.UTF_8));
        order.put("id", 9_200_000_001L);
        byte[] b = order.toString().getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", b, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                "e2e.myshopify.com"));
        assertThat(post("/webhooks/" + SHOP, b, h).statusCode()).isEqualTo(200);
        String dlq = "omnihub.dlq." + DEST;
        await(Duration.ofSeconds(30), "dead letter", () -> json(get("/api/v1/dead-letters?queue=" + dlq).body()).path("count").asInt() == 1);

        JsonNode fired = alert("DEAD_LETTERS", "destination:" + DEST);
        assertThat(fired).isNotNull();
        assertThat(fired.path("severity").asText()).isEqualTo("warning");
        assertThat(fired.path("message").asText()).isEqualTo("1 events for " + DEST + " in dead letters");
        await(Duration.ofSeconds(10), "FIRING notification", () -> notifications("FIRING", "DEAD_LETTERS", "destination:" + DEST) == 1);
        JsonNode health = json(get("/actuator/health/alerts").body());
        assertThat(health.path("status").asText()).isEqualTo("WARNING");
        assertThat(health.path("details").path("DEAD_LETTERS destination:" + DEST).asText()).contains("in dead letters");
        assertThat(get("/actuator/prometheus").body()).contains("omnihub_alerts_active{rule=\"DEAD_LETTERS\"}");

        // evaluating again does not notify again
        alert("DEAD_LETTERS", "destination:" + DEST);
        String id = json(get("/api/v1/dead-letters?queue=" + dlq).body()).path("items").get(0).path("id").asText();
        assertThat(send(OPERATOR_USER, USER_PASSWORD, "DELETE", "/api/v1/dead-letters/" + dlq + "/"
                + URLEncoder.encode(id, StandardCharsets.UTF_8), null, Map.of()).statusCode()).isEqualTo(200);
        assertThat(alert("DEAD_LETTERS", "destination:" + DEST)).isNull();
        JsonNode recent = json(get("/api/v1/alerts").body()).path("recent");
        assertThat(recent.findValuesAsText("subject")).contains("destination:" + DEST);
        await(Duration.ofSeconds(10), "RESOLVED notification", () -> notifications("RESOLVED", "DEAD_LETTERS", "destination:" + DEST) == 1);
        assertThat(notifications("FIRING", "DEAD_LETTERS", "destination:" + DEST)).isEqualTo(1);
    }

    @Test
    void aRevokedTokenFiresCredentialsAndConnectorDown() {
        awaitConnector(REVOKED);
        REVOKED_SHOP.failNext(401, 1_000_000);
        await(Duration.ofSeconds(20), "CREDENTIALS alert", () -> alert("CREDENTIALS", "connector:" + REVOKED) != null);
        JsonNode a = alert("CREDENTIALS", "connector:" + REVOKED);
        assertThat(a.path("severity").asText()).isEqualTo("critical");
        assertThat(a.path("message").asText()).contains("refuses the credentials");
        assertThat(alert("CONNECTOR_DOWN", "connector:" + REVOKED)).isNotNull();
        assertThat(alert("CONNECTOR_DOWN", "connector:" + SHOP)).isNull();

        REVOKED_SHOP.failNext(401, 0);
        await(Duration.ofSeconds(20), "resolved after the token works again",
                () -> alert("CREDENTIALS", "connector:" + REVOKED) == null && alert("CONNECTOR_DOWN", "connector:" + REVOKED) == null);
    }

    @Test
    void aConfiguredExpiryDateWarnsAhead() {
        awaitConnector(EXPIRING);
        JsonNode a = alert("CREDENTIALS", "connector:" + EXPIRING);
        assertThat(a).isNotNull();
        assertThat(a.path("severity").asText()).isEqualTo("warning");
        assertThat(a.path("message").asText()).contains("credentials expire at").contains("in 2 days");
    }

    private JsonNode alert(String rule, String subject) {
        for (JsonNode a : json(get("/api/v1/alerts").body()).path("active")) {
            if (a.path("rule").asText().equals(rule) && a.path("subject").asText().equals(subject)) {
                return a;
            }
        }
        return null;
    }

    private static long notifications(String status, String rule, String subject) {
        List<LoggedRequest> all = new ArrayList<>(ALERT_SINK.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo("/alerts"))));
        return all.stream().map(r -> json(r.getBodyAsString())).filter(n -> n.path("status").asText().equals(status)
                && n.path("rule").asText().equals(rule) && n.path("subject").asText().equals(subject)
                && n.path("text").asText().startsWith("[OmniHub] " + status)).count();
    }
}
