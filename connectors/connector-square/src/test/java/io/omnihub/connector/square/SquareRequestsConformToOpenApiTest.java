package io.omnihub.connector.square;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.StockSink.StockUpdate;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.SharedDir;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every request the connector sends (captured from WireMock) is checked against Square's official
 * api.json (shared/specs/square): operation exists, query parameters declared, body fields known,
 * required fields present, enum values allowed. Skipped when the shared folder is absent.
 */
class SquareRequestsConformToOpenApiTest {

    @Test
    void everyRequestTheConnectorSendsConformsToApiJson() throws Exception {
        Path apiJson = SharedDir.require("specs/square/api.json");
        SquareOpenApi spec = new SquareOpenApi(apiJson);

        WireMockServer square = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        square.start();
        try {
            SquareScenario.stub(square);
            Clock clock = Clock.fixed(Instant.parse("2025-04-01T12:00:00Z"), ZoneOffset.UTC);
            Map<String, Object> oauth = new HashMap<>();
            oauth.put("accessToken", null);
            oauth.put("clientId", "sq0idp-app");
            oauth.put("clientSecret", "sq0csp-secret");
            oauth.put("refreshToken", "EQAA-refresh");
            SquareConnector c = new SquareConnector(SquareTestSupport.config(square.baseUrl(), oauth),
                    SquareTestSupport.context(clock));
            // exercise every call the connector makes
            c.check();
            SquareStockSink sink = c.capability(SquareStockSink.class).orElseThrow();
            sink.push(List.of(new StockUpdate("TEA-MUG", "store-1", 53, "k1"), new StockUpdate("COFFEE-REG", "store-1", 0, "k2")));
            sink.adjust(List.of(new SquareStockSink.StockDelta("TEA-MUG", "store-1", new BigDecimal("-1"), "d1"),
                    new SquareStockSink.StockDelta("COFFEE-LRG", "store-1", new BigDecimal("4"), "d2")));
            SquareEntityFetcher fetcher = c.capability(SquareEntityFetcher.class).orElseThrow();
            PlatformEvent thinOrder = new PlatformEvent("e", EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated",
                    "CAISENgvlJ6jLWAzERDzjyHVybY", "1", Instant.EPOCH, null, true, Map.of());
            fetcher.fetch(thinOrder);
            fetcher.fetchAll(List.of(thinOrder));
            fetcher.fetch(new PlatformEvent("e", EntityKind.PRODUCT, PlatformEvent.Action.UPSERT, "catalog.version.updated",
                    "catalog", "v", Instant.parse("2019-10-29T17:26:16.53Z"), null, true, Map.of()));
            fetcher.fetch(new PlatformEvent("e", EntityKind.STOCK, PlatformEvent.Action.UPSERT, "inventory.count.updated",
                    "x", "v", Instant.EPOCH, Json.mapper().readTree(
                    "{\"inventory_counts\":[{\"catalog_object_id\":\"FGQ5JJWT2PYTHF35CKZ2DSKP\",\"location_id\":\"L\","
                            + "\"state\":\"IN_STOCK\",\"quantity\":\"1\"}]}"), true, Map.of()));
            ChangePoller poller = c.capability(ChangePoller.class).orElseThrow();
            for (EntityKind kind : poller.pollableKinds()) {
                poller.poll(kind, Instant.parse("2024-01-01T00:00:00Z"), null);
            }
            poller.poll(EntityKind.ORDER, Instant.parse("2024-01-01T00:00:00Z"), "0|cursor-2");

            List<ServeEvent> served = square.getAllServeEvents();
            Set<String> operations = new TreeSet<>();
            List<String> problems = new ArrayList<>();
            for (ServeEvent e : served) {
                var r = e.getRequest();
                String path = URI.create(r.getUrl()).getRawPath();
                operations.add(r.getMethod().getName() + " " + path.replaceAll("/v2/orders/[A-Za-z0-9]{20,}", "/v2/orders/{order_id}"));
                Map<String, List<String>> query = new LinkedHashMap<>();
                for (String name : r.getQueryParams().keySet()) {
                    QueryParameter q = r.queryParameter(name);
                    query.put(name, q.values());
                }
                String body = r.getBodyAsString();
                JsonNode json = body == null || body.isBlank() ? null : Json.mapper().readTree(body);
                problems.addAll(spec.validate(r.getMethod().getName(), path, query, json));
                if (!path.equals("/oauth2/token")) {
                    assertThat(r.getHeader("Authorization")).startsWith("Bearer ");
                }
                assertThat(r.getHeader("Square-Version")).matches("\\d{4}-\\d{2}-\\d{2}");
            }
            assertThat(operations).contains("POST /oauth2/token", "GET /v2/locations", "POST /v2/catalog/search",
                    "POST /v2/catalog/batch-retrieve", "POST /v2/inventory/changes/batch-create",
                    "POST /v2/inventory/counts/batch-retrieve", "POST /v2/orders/search", "POST /v2/orders/batch-retrieve",
                    "GET /v2/orders/{order_id}", "GET /v2/payments", "GET /v2/refunds");
            assertThat(problems).isEmpty();
            c.close();
        } finally {
            square.stop();
        }
    }

    @Test
    void theValidatorCatchesNonConformingRequests() throws Exception {
        SquareOpenApi spec = new SquareOpenApi(SharedDir.require("specs/square/api.json"));
        JsonNode bad = Json.mapper().readTree("{\"changes\":[{\"type\":\"RECOUNT\",\"physical_count\":{\"colour\":\"red\","
                + "\"quantity\":5}}]}");
        List<String> problems = spec.validate("POST", "/v2/inventory/changes/batch-create", Map.of(), bad);
        assertThat(problems).anyMatch(p -> p.contains("idempotency_key missing"))
                .anyMatch(p -> p.contains("RECOUNT is not one of"))
                .anyMatch(p -> p.contains("unknown field colour"))
                .anyMatch(p -> p.contains("quantity: expected string"));
        assertThat(spec.validate("GET", "/v2/payments", Map.of("sort_field", List.of("AMOUNT")), null))
                .anyMatch(p -> p.contains("AMOUNT is not one of"));
        assertThat(spec.validate("GET", "/v2/payments", Map.of("colour", List.of("red")), null))
                .anyMatch(p -> p.contains("unknown query parameter colour"));
        assertThat(spec.validate("DELETE", "/v2/payments", Map.of(), null)).isNotEmpty();
        assertThat(spec.validate("POST", "/v2/nowhere", Map.of(), null)).isNotEmpty();
    }
}
