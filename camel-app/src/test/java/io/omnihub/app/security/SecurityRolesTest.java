package io.omnihub.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.HubTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each endpoint of the ops API refuses the roles that may not use it (401 without credentials, 403 with
 * the wrong role) and lets the others through; webhooks and health probes need no credentials; no answer
 * carries a secret.
 */
class SecurityRolesTest extends HubTestSupport {

    private static final String SHOP = "sec-shop";
    private static final String DLQ_ITEM = "/api/v1/dead-letters/omnihub.dlq.no-such-dest/ID:00000000-0000-0000-0000-000000000000";
    private static final List<String> WHO = List.of("anonymous", VIEWER_USER, BACKOFFICE_USER, OPERATOR_USER, ADMIN_USER);

    @BeforeAll
    static void config() {
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
    }

    @AfterAll
    static void cleanup() {
        deleteConfig(SHOP + ".yaml");
    }

    /** One row of the matrix: who is let through (anything else must be 401 for anonymous, 403 for the others). */
    private record Row(String method, String path, String body, List<String> allowed) {
    }

    private static final List<String> READERS = List.of(VIEWER_USER, OPERATOR_USER, ADMIN_USER);
    private static final List<String> OPERATORS = List.of(OPERATOR_USER, ADMIN_USER);
    private static final List<String> INGEST = List.of(BACKOFFICE_USER, OPERATOR_USER, ADMIN_USER);

    @Test
    void eachEndpointRefusesTheRolesThatMayNotUseIt() {
        awaitConnector(SHOP);
        List<Row> rows = List.of(
                new Row("GET", "/api/v1/connectors", null, READERS),
                new Row("GET", "/api/v1/destinations", null, READERS),
                new Row("GET", "/api/v1/config/problems", null, READERS),
                new Row("GET", "/api/v1/connector-types", null, READERS),
                new Row("GET", "/api/v1/dead-letters", null, READERS),
                new Row("GET", "/api/v1/dead-letters/audit", null, READERS),
                new Row("GET", DLQ_ITEM, null, READERS),
                new Row("GET", DLQ_ITEM + "?unmasked=true", null, OPERATORS),
                new Row("GET", DLQ_ITEM + "?unmasked=TRUE", null, OPERATORS),
                new Row("POST", DLQ_ITEM + "/replay", null, OPERATORS),
                new Row("POST", DLQ_ITEM + "/edit", "{}", OPERATORS),
                new Row("GET", "/api/v1/trace/" + SHOP + ":order:1", null, READERS),
                new Row("GET", "/api/v1/trace?orderNumber=1001", null, READERS),
                new Row("GET", "/api/v1/alerts", null, READERS),
                new Row("DELETE", DLQ_ITEM, null, OPERATORS),
                new Row("POST", "/api/v1/dead-letters/replay", "{\"destination\":\"no-such-dest\"}", OPERATORS),
                new Row("POST", "/api/v1/connectors/" + SHOP + "/check", null, OPERATORS),
                new Row("GET", "/api/v1/stock/NO-SUCH-SKU", null, READERS),
                new Row("POST", "/api/v1/stock/policy/dry-run", "not a policy", READERS),
                new Row("POST", "/api/v1/stock", "[{\"sku\":\"\",\"locationId\":\"\",\"onHand\":-1}]", INGEST),
                new Row("POST", "/api/v1/fulfillments", "[{\"orderRef\":\"no-such:1\",\"lines\":[]}]", INGEST),
                new Row("GET", "/actuator/prometheus", null, READERS),
                new Row("GET", "/actuator/metrics", null, READERS),
                new Row("GET", "/actuator/loggers", null, List.of(ADMIN_USER)));
        Map<String, String> failures = new LinkedHashMap<>();
        for (Row row : rows) {
            for (String who : WHO) {
                HttpResponse<String> r = as(who, row.method(), row.path(), row.body());
                int s = r.statusCode();
                String key = row.method() + " " + row.path() + " as " + who;
                if (row.allowed().contains(who)) {
                    if (s == 401 || s == 403) {
                        failures.put(key, "refused with " + s + ": " + r.body());
                    }
                } else {
                    int expected = who.equals("anonymous") ? 401 : 403;
                    if (s != expected) {
                        failures.put(key, "expected " + expected + " but was " + s);
                    } else if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                        failures.put(key, "refusal is not problem+json");
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void aForbiddenAnswerNamesTheUserAndRole() {
        HttpResponse<String> r = as(VIEWER_USER, "POST", DLQ_ITEM + "/replay", null);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r.body()).path("detail").asText()).contains("'" + VIEWER_USER + "'").contains("role VIEWER")
                .contains("POST " + DLQ_ITEM + "/replay");
    }

    @Test
    void wrongCredentialsAreRefusedAndScriptsGetNoBrowserChallenge() {
        HttpResponse<String> wrong = send(ADMIN_USER, "not-the-password", "GET", "/api/v1/connectors", null, Map.of());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm=\"OmniHub\""));
        assertThat(wrong.body()).doesNotContain(ADMIN_PASSWORD);

        HttpResponse<String> xhr = send(null, null, "GET", "/api/v1/connectors", null, Map.of("X-Requested-With", "XMLHttpRequest"));
        assertThat(xhr.statusCode()).isEqualTo(401);
        assertThat(xhr.headers().firstValue("WWW-Authenticate")).isEmpty();

        HttpResponse<String> unknownKey = send(null, null, "GET", "/api/v1/connectors", null, Map.of("X-API-Key", "no-such-key-000000000"));
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(json(unknownKey.body()).path("detail").asText()).isEqualTo("unknown API key");
    }

    @Test
    void apiKeysAuthenticateByHeaderOrBearerWithTheirRole() {
        for (Map<String, String> h : List.of(Map.of("X-API-Key", BACKOFFICE_API_KEY), Map.of("Authorization", "Bearer " + BACKOFFICE_API_KEY))) {
            HttpResponse<String> me = send(null, null, "GET", "/api/v1/me", null, h);
            assertThat(me.statusCode()).isEqualTo(200);
            JsonNode m = json(me.body());
            assertThat(m.path("name").asText()).isEqualTo("apikey:wms");
            assertThat(m.path("role").asText()).isEqualTo("BACKOFFICE");
            assertThat(m.path("authMethod").asText()).isEqualTo("api-key");
            assertThat(send(null, null, "GET", "/api/v1/connectors", null, h).statusCode()).isEqualTo(403);
            assertThat(send(null, null, "POST", "/api/v1/stock", "[]".getBytes(StandardCharsets.UTF_8),
                    withJson(h)).statusCode()).isNotIn(401, 403);
        }
    }

    @Test
    void meTellsEachUserItsHighestRole() {
        assertThat(json(as(ADMIN_USER, "GET", "/api/v1/me", null).body()).path("role").asText()).isEqualTo("ADMIN");
        assertThat(json(as(OPERATOR_USER, "GET", "/api/v1/me", null).body()).path("role").asText()).isEqualTo("OPERATOR");
        JsonNode viewer = json(as(VIEWER_USER, "GET", "/api/v1/me", null).body());
        assertThat(viewer.path("role").asText()).isEqualTo("VIEWER");
        assertThat(viewer.path("roles")).extracting(JsonNode::asText).containsExactly("VIEWER");
        assertThat(as("anonymous", "GET", "/api/v1/me", null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthProbesAreOpenButDetailsNeedCredentials() {
        awaitConnector(SHOP);
        HttpResponse<String> open = as("anonymous", "GET", "/actuator/health", null);
        assertThat(open.statusCode()).isIn(200, 503);
        JsonNode anon = json(open.body());
        assertThat(anon.path("components").path("connectors").path("components").has(SHOP)).isTrue();
        assertThat(anon.path("components").path("connectors").path("components").path(SHOP).has("details")).isFalse();
        JsonNode viewer = json(as(VIEWER_USER, "GET", "/actuator/health", null).body());
        assertThat(viewer.path("components").path("connectors").path("components").path(SHOP).path("details").path("type").asText())
                .isEqualTo("shopify");
        assertThat(as("anonymous", "GET", "/actuator/health/readiness", null).statusCode()).isEqualTo(200);
        assertThat(as("anonymous", "GET", "/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }

    @Test
    void noAnswerCarriesASecret() {
        awaitConnector(SHOP);
        for (String path : List.of("/api/v1/connectors", "/api/v1/destinations", "/actuator/health", "/api/v1/config/problems",
                "/api/v1/me")) {
            String body = as(ADMIN_USER, "GET", path, null).body();
            assertThat(body).as(path).doesNotContain(SHOPIFY_SECRET).doesNotContain(SHOPIFY_SECRET_OLD)
                    .doesNotContain("shpat_test_token").doesNotContain(ADMIN_PASSWORD).doesNotContain(USER_PASSWORD)
                    .doesNotContain(BACKOFFICE_API_KEY);
        }
    }

    private HttpResponse<String> as(String who, String method, String path, String body) {
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> h = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        if (who.equals("anonymous")) {
            return send(null, null, method, path, b, h);
        }
        return send(who, who.equals(ADMIN_USER) ? ADMIN_PASSWORD : USER_PASSWORD, method, path, b, h);
    }

    private static Map<String, String> withJson(Map<String, String> h) {
        Map<String, String> m = new LinkedHashMap<>(h);
        m.put("Content-Type", "application/json");
        return m;
    }
}
