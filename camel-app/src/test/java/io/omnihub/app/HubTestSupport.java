package io.omnihub.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.sim.ErpStub;
import io.omnihub.testing.sim.ShopifySimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the hub's integration tests: one Spring context for all subclasses (so CI starts it once),
 * with the real embedded Artemis (persistent journal in a temp dir), embedded H2 in file mode,
 * real HTTP, a Shopify simulator and an ERP stub. Tests add config files and wait for the hub to
 * pick them up, exactly as a user would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubTestSupport {

    protected static final Path DATA_DIR;
    protected static final Path CONFIG_DIR;
    protected static final ShopifySimulator SHOPIFY = ShopifySimulator.start();
    protected static final ErpStub ERP = ErpStub.start();
    /** Receives the alert notifier's posts ({@code omnihub.alerts.webhook-url}). */
    protected static final com.github.tomakehurst.wiremock.WireMockServer ALERT_SINK = alertSink();
    protected static final String SHOPIFY_SECRET = "hush-webhook-secret";
    protected static final String SHOPIFY_SECRET_OLD = "old-webhook-secret";
    protected static final String WOO_CONSUMER_KEY = "ck_e2e_consumer_key";
    protected static final String WOO_CONSUMER_SECRET = "cs_e2e_consumer_secret";
    protected static final String WOO_SECRET = "woo-e2e-webhook-secret";
    protected static final String TIKTOK_APP_SECRET = "tiktok-e2e-app-secret";
    protected static final String TIKTOK_ACCESS_TOKEN = "tiktok-e2e-access-token";
    protected static final String SQUARE_ACCESS_TOKEN = "square-e2e-access-token";
    protected static final String SQUARE_SIGNATURE_KEY = "square-e2e-signature-key";
    protected static final String STRIPE_API_KEY = "sk_test_e2e_api_key";
    protected static final String STRIPE_SECRET = "whsec_e2e_current_secret";
    protected static final String STRIPE_SECRET_OLD = "whsec_e2e_previous_secret";
    /** Ops API users of the test hub, one per role (HTTP Basic). */
    protected static final String ADMIN_USER = "admin";
    protected static final String ADMIN_PASSWORD = "test-admin-password";
    protected static final String OPERATOR_USER = "olga";
    protected static final String VIEWER_USER = "victor";
    protected static final String BACKOFFICE_USER = "bo-wms";
    protected static final String USER_PASSWORD = "test-user-password";
    /** An API key with role BACKOFFICE, sent as {@code X-API-Key}. */
    protected static final String BACKOFFICE_API_KEY = "test-backoffice-api-key-0123456789";
    /** Request header naming the destination a delivery came from (see {@link #taggedErpDestination}). */
    protected static final String DESTINATION_HEADER = "X-Omnihub-Test-Destination";
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static {
        try {
            DATA_DIR = Files.createTempDirectory("omnihub-data");
            CONFIG_DIR = Files.createTempDirectory("omnihub-config");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry r) {
        r.add("omnihub.data-dir", DATA_DIR::toString);
        r.add("omnihub.config-dir", CONFIG_DIR::toString);
        r.add("omnihub.config-reload", () -> "200ms");
        r.add("omnihub.demo.enabled", () -> "false");
        r.add("omnihub.stock.drift-tick", () -> "300ms");
        r.add("omnihub.broker.acceptor-port", () -> "-1");
        r.add("omnihub.broker.server-id", () -> String.valueOf(ThreadLocalRandom.current().nextInt(1000, 100000)));
        r.add("omnihub.alerts.webhook-url", () -> ALERT_SINK.baseUrl() + "/alerts");
        r.add("omnihub.alerts.interval", () -> "1h");
        r.add("omnihub.metrics.queue-depth-interval", () -> "1s");
        // Spring Boot tests turn metric exporters off; the hub's metrics are part of what is tested
        r.add("management.defaults.metrics.export.enabled", () -> "true");
        r.add("omnihub.health.recheck-interval", () -> "1s");
        r.add("omnihub.security.users[0].name", () -> ADMIN_USER);
        r.add("omnihub.security.users[0].password", () -> ADMIN_PASSWORD);
        r.add("omnihub.security.users[0].role", () -> "admin");
        r.add("omnihub.security.users[1].name", () -> OPERATOR_USER);
        r.add("omnihub.security.users[1].password", () -> USER_PASSWORD);
        r.add("omnihub.security.users[1].role", () -> "operator");
        r.add("omnihub.security.users[2].name", () -> VIEWER_USER);
        r.add("omnihub.security.users[2].password", () -> USER_PASSWORD);
        r.add("omnihub.security.users[2].role", () -> "viewer");
        r.add("omnihub.security.users[3].name", () -> BACKOFFICE_USER);
        r.add("omnihub.security.users[3].password", () -> USER_PASSWORD);
        r.add("omnihub.security.users[3].role", () -> "backoffice");
        r.add("omnihub.security.api-keys[0].name", () -> "wms");
        r.add("omnihub.security.api-keys[0].key", () -> BACKOFFICE_API_KEY);
        r.add("omnihub.security.api-keys[0].role", () -> "backoffice");
        r.add("TEST_SHOPIFY_TOKEN", () -> "shpat_test_token");
        r.add("TEST_SHOPIFY_SECRET", () -> SHOPIFY_SECRET);
        r.add("TEST_SHOPIFY_SECRET_OLD", () -> SHOPIFY_SECRET_OLD);
        r.add("TEST_ERP_TOKEN", () -> "erp-token-123");
        r.add("TEST_WOO_CONSUMER_KEY", () -> WOO_CONSUMER_KEY);
        r.add("TEST_WOO_CONSUMER_SECRET", () -> WOO_CONSUMER_SECRET);
        r.add("TEST_WOO_SECRET", () -> WOO_SECRET);
        r.add("TEST_TIKTOK_APP_SECRET", () -> TIKTOK_APP_SECRET);
        r.add("TEST_TIKTOK_ACCESS_TOKEN", () -> TIKTOK_ACCESS_TOKEN);
        r.add("TEST_SQUARE_ACCESS_TOKEN", () -> SQUARE_ACCESS_TOKEN);
        r.add("TEST_SQUARE_SIGNATURE_KEY", () -> SQUARE_SIGNATURE_KEY);
        r.add("TEST_STRIPE_API_KEY", () -> STRIPE_API_KEY);
        r.add("TEST_STRIPE_SECRET", () -> STRIPE_SECRET);
        r.add("TEST_STRIPE_SECRET_OLD", () -> STRIPE_SECRET_OLD);
    }

    private static com.github.tomakehurst.wiremock.WireMockServer alertSink() {
        var w = new com.github.tomakehurst.wiremock.WireMockServer(
                com.github.tomakehurst.wiremock.core.WireMockConfiguration.options().dynamicPort());
        w.start();
        w.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/alerts")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.ok()));
        return w;
    }

    protected String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    protected static void writeConfig(String file, String yaml) {
        try {
            Path tmp = CONFIG_DIR.resolve("." + file + ".tmp");
            Files.writeString(tmp, yaml);
            Files.move(tmp, CONFIG_DIR.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected static void deleteConfig(String file) {
        try {
            Files.deleteIfExists(CONFIG_DIR.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A Shopify connector file for the simulator. */
    protected static String shopifyConnector(String id, String extra) {
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
                    secrets: [${TEST_SHOPIFY_SECRET}, ${TEST_SHOPIFY_SECRET_OLD}]
                %s""".formatted(id, SHOPIFY.baseUrl(), extra == null ? "" : extra);
    }

    protected static String erpDestination(String id, String subscribe, int maxAttempts) {
        return """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [%s]
                  http:
                    url: %s
                    headers:
                      Authorization: "Bearer ${TEST_ERP_TOKEN}"
                    timeout: 5s
                  delivery:
                    maxAttempts: %d
                    initialBackoff: 50ms
                    maxBackoff: 500ms
                """.formatted(id, subscribe, ERP.url(), maxAttempts);
    }

    /**
     * A destination to the shared ERP stub that tags each request with {@link #DESTINATION_HEADER}, so a
     * test can tell its deliveries from those of other test classes' destinations.
     */
    /**
     * An order destination that gives up fast: 2 attempts 50-200 ms apart, one consumer, a circuit breaker that
     * never opens, so a failing back office turns each event into a dead letter within a second.
     */
    protected static String deadLetteringDestination(String id, String url) {
        return """
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
                    maxAttempts: 2
                    initialBackoff: 50ms
                    maxBackoff: 200ms
                    concurrency: 1
                    circuitBreaker:
                      failureThreshold: 1000
                """.formatted(id, url);
    }

    protected static String taggedErpDestination(String id, String subscribe) {
        return """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [%s]
                  http:
                    url: %s
                    headers:
                      Authorization: "Bearer ${TEST_ERP_TOKEN}"
                      %s: %s
                    timeout: 5s
                  delivery:
                    maxAttempts: 3
                    initialBackoff: 50ms
                    maxBackoff: 500ms
                """.formatted(id, subscribe, ERP.url(), DESTINATION_HEADER, id);
    }

    /** CloudEvents the ERP stub accepted (2xx) from the destination {@code destinationId}, in arrival order. */
    protected static List<JsonNode> erpDeliveredBy(String destinationId) {
        return ERP.server().getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .filter(e -> e.getRequest().containsHeader(DESTINATION_HEADER)
                        && destinationId.equals(e.getRequest().getHeader(DESTINATION_HEADER)))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> json(e.getRequest().getBodyAsString()))
                .toList();
    }

    /** The entry of {@code GET /api/v1/connectors} for one connector (status and counts). */
    protected JsonNode connectorStatus(String id) {
        for (JsonNode c : json(get("/api/v1/connectors").body())) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        throw new AssertionError("connector " + id + " is not listed");
    }

    /** One outcome counter of a connector (e.g. {@code webhook.unauthorized}, {@code published}); 0 when absent. */
    protected long connectorCount(String id, String key) {
        return connectorStatus(id).path("counts").path(key).asLong(0);
    }

    /** POST as the admin user (webhooks ignore the credentials). */
    protected HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        return send(ADMIN_USER, ADMIN_PASSWORD, "POST", path, body, headers);
    }

    /** GET as the admin user. */
    protected HttpResponse<String> get(String path) {
        return send(ADMIN_USER, ADMIN_PASSWORD, "GET", path, null, Map.of());
    }

    /** Any call as the given user (null user: no credentials). */
    protected HttpResponse<String> send(String user, String password, String method, String path, byte[] body,
                                        Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        boolean ownAuthorization = headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase("Authorization"));
        if (user != null && !ownAuthorization && !path.startsWith("/webhooks/")) {
            b.header("Authorization", basic(user, password));
        }
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP Basic {@code Authorization} header value. */
    protected static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    protected static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the condition holds, failing with the message after the timeout. */
    protected static void await(Duration timeout, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
    }

    /** Waits until the connector is live (its routes exist). */
    protected void awaitConnector(String id) {
        await(Duration.ofSeconds(20), "connector " + id + " to start",
                () -> json(get("/api/v1/connectors").body()).findValuesAsText("id").contains(id));
    }

    protected void awaitDestination(String id) {
        await(Duration.ofSeconds(20), "destination " + id + " to start",
                () -> json(get("/api/v1/destinations").body()).findValuesAsText("id").contains(id));
    }
}
