package io.omnihub.connector.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.SharedDir;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every request the connector sends, captured from WireMock, checked against Stripe's official
 * OpenAPI document {@code shared/specs/stripe/spec3.2022-04-12.json}: the path and method exist,
 * every query parameter is declared (deepObject keys such as {@code created[gte]} and arrays such
 * as {@code types[]} resolved against the parameter schema), values fit type/maxLength/enum, and
 * required parameters are present. Local {@code $ref}s are resolved; remote ones are not followed.
 * Skipped when the shared folder is absent.
 */
class StripeOpenApiRequestTest {

    static JsonNode spec;
    WireMockServer platform;
    Connector connector;

    @BeforeEach
    void start() throws Exception {
        Path file = SharedDir.require("specs/stripe/spec3.2022-04-12.json");
        if (spec == null) {
            spec = Json.newMapper(64L * 1024 * 1024).readTree(Files.readAllBytes(file));
        }
        platform = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        platform.start();
        connector = new StripeConnectorProvider().create(StripeClientTest.config(platform.baseUrl()), StripeClientTest.context());
    }

    @AfterEach
    void stop() {
        if (connector != null) {
            connector.close();
        }
        if (platform != null) {
            platform.stop();
        }
    }

    @Test
    void everyRequestTheConnectorSendsConformsToTheSpec() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withBody(
                StripeClientTest.list(false))));
        platform.stubFor(get(urlPathMatching("/v1/(payment_intents|charges|refunds|disputes)/.+"))
                .willReturn(aResponse().withBody("{\"id\":\"x\",\"object\":\"payment_intent\"}")));

        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        poller.poll(EntityKind.PAYMENT, Instant.ofEpochSecond(1700000000), null);
        poller.poll(EntityKind.PAYMENT, Instant.ofEpochSecond(1700000000), "evt_1Pgc76B7WZ01zgkWwyRHS12y");
        poller.poll(EntityKind.REFUND, Instant.ofEpochSecond(1700000000), null);
        connector.check();
        EntityFetcher fetcher = connector.capability(EntityFetcher.class).orElseThrow();
        for (String id : List.of("pi_1PgafyB7WZ01zgkWSjxsAJo3", "ch_1PgafuB7WZ01zgkWXYmPNZs8",
                "re_1Pgc72B7WZ01zgkWqPvrRrPE", "dp_1Pgc71B7WZ01zgkWMevJiAUx")) {
            fetcher.fetch(new PlatformEvent("evt_1", EntityKind.PAYMENT, PlatformEvent.Action.UPSERT, "t", id, "1",
                    Instant.EPOCH, null, true, Map.of()));
        }

        var requests = platform.getAllServeEvents();
        assertThat(requests).hasSize(8);
        List<String> problems = new ArrayList<>();
        for (var e : requests) {
            problems.addAll(validate(e.getRequest().getMethod().getName(), e.getRequest().getUrl(),
                    e.getRequest().getBodyAsString()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theValidatorRejectsWhatTheSpecDoesNotDeclare() {
        assertThat(validate("GET", "/v1/events?limit=ten", "")).anyMatch(p -> p.contains("limit"));
        assertThat(validate("GET", "/v1/events?created%5Bafter%5D=1", "")).anyMatch(p -> p.contains("created[after]"));
        assertThat(validate("GET", "/v1/events?updated_since=1", "")).anyMatch(p -> p.contains("updated_since"));
        assertThat(validate("GET", "/v1/payment_intents/search_all", "")).isEmpty(); // path param shape only
        assertThat(validate("DELETE", "/v1/events", "")).anyMatch(p -> p.contains("no DELETE"));
        assertThat(validate("GET", "/v1/orders_v3", "")).anyMatch(p -> p.contains("no path"));
        assertThat(validate("GET", "/v1/events", "")).isEmpty();
    }

    // ---- a small OpenAPI 3 request validator for Stripe's GET operations ----

    static List<String> validate(String method, String url, String body) {
        List<String> problems = new ArrayList<>();
        URI uri = URI.create(url);
        String path = uri.getRawPath();
        Map.Entry<String, JsonNode> match = findPath(path);
        if (match == null) {
            problems.add(method + " " + path + ": no path in the spec");
            return problems;
        }
        JsonNode op = match.getValue().get(method.toLowerCase());
        if (op == null) {
            problems.add(method + " " + path + ": no " + method + " operation on " + match.getKey());
            return problems;
        }
        if ("GET".equals(method) && body != null && !body.isEmpty()) {
            problems.add("GET " + path + " must not send a body");
        }
        Map<String, JsonNode> queryParams = new LinkedHashMap<>();
        Map<String, JsonNode> pathParams = new LinkedHashMap<>();
        List<JsonNode> params = new ArrayList<>();
        match.getValue().path("parameters").forEach(params::add);
        op.path("parameters").forEach(params::add);
        for (JsonNode p : params) {
            JsonNode r = resolve(p);
            (r.path("in").asText().equals("path") ? pathParams : queryParams).put(r.path("name").asText(), r);
        }
        // path parameters
        String[] tpl = match.getKey().split("/");
        String[] act = path.split("/");
        for (int i = 0; i < tpl.length; i++) {
            if (tpl[i].startsWith("{")) {
                String name = tpl[i].substring(1, tpl[i].length() - 1);
                JsonNode p = pathParams.get(name);
                if (p == null) {
                    problems.add(path + ": path parameter " + name + " undeclared");
                } else {
                    checkValue(path + " {" + name + "}", resolve(p.path("schema")), decode(act[i]), problems);
                }
            }
        }
        // query parameters
        List<String> seen = new ArrayList<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                int br = name.indexOf('[');
                String base = br < 0 ? name : name.substring(0, br);
                String key = br < 0 ? null : name.substring(br + 1, name.indexOf(']', br));
                seen.add(base);
                JsonNode p = queryParams.get(base);
                if (p == null) {
                    problems.add(method + " " + match.getKey() + ": query parameter '" + name + "' is not in the spec");
                    continue;
                }
                JsonNode schema = resolve(p.path("schema"));
                if (key == null) {
                    checkValue(name, schema, value, problems);
                } else if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
                    JsonNode arr = alternative(schema, s -> "array".equals(s.path("type").asText()));
                    if (arr == null) {
                        problems.add(name + ": '" + base + "' is not an array parameter");
                    } else {
                        checkValue(name, resolve(arr.path("items")), value, problems);
                    }
                } else {
                    JsonNode obj = alternative(schema, s -> s.path("properties").has(key));
                    if (obj == null || !"deepObject".equals(p.path("style").asText())) {
                        problems.add(name + ": '" + key + "' is not a property of deepObject parameter '" + base + "'");
                    } else {
                        checkValue(name, resolve(obj.path("properties").get(key)), value, problems);
                    }
                }
            }
        }
        queryParams.forEach((n, p) -> {
            if (p.path("required").asBoolean(false) && !seen.contains(n)) {
                problems.add(method + " " + match.getKey() + ": required query parameter '" + n + "' missing");
            }
        });
        return problems;
    }

    private static Map.Entry<String, JsonNode> findPath(String path) {
        JsonNode paths = spec.get("paths");
        if (paths.has(path)) {
            return Map.entry(path, paths.get(path));
        }
        Iterator<Map.Entry<String, JsonNode>> it = paths.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            if (Pattern.matches(regex, path)) {
                return e;
            }
        }
        return null;
    }

    private static JsonNode alternative(JsonNode schema, java.util.function.Predicate<JsonNode> test) {
        if (test.test(schema)) {
            return schema;
        }
        for (String k : List.of("anyOf", "oneOf")) {
            for (JsonNode alt : schema.path(k)) {
                JsonNode r = resolve(alt);
                if (test.test(r)) {
                    return r;
                }
            }
        }
        return null;
    }

    private static void checkValue(String where, JsonNode schema, String value, List<String> problems) {
        if (schema.has("anyOf") || schema.has("oneOf")) {
            List<String> scratch = new ArrayList<>();
            for (String k : List.of("anyOf", "oneOf")) {
                for (JsonNode alt : schema.path(k)) {
                    List<String> p = new ArrayList<>();
                    checkValue(where, resolve(alt), value, p);
                    if (p.isEmpty()) {
                        return;
                    }
                    scratch.addAll(p);
                }
            }
            problems.add(where + ": '" + value + "' matches no alternative " + scratch);
            return;
        }
        String type = schema.path("type").asText("string");
        switch (type) {
            case "integer" -> {
                if (!value.matches("-?\\d+")) {
                    problems.add(where + ": '" + value + "' is not an integer");
                }
            }
            case "boolean" -> {
                if (!value.equals("true") && !value.equals("false")) {
                    problems.add(where + ": '" + value + "' is not a boolean");
                }
            }
            case "string" -> {
                if (schema.has("maxLength") && value.length() > schema.get("maxLength").asInt()) {
                    problems.add(where + ": longer than maxLength " + schema.get("maxLength").asInt());
                }
            }
            default -> problems.add(where + ": a " + type + " cannot be sent as a single value");
        }
        if (schema.has("enum")) {
            boolean ok = false;
            for (JsonNode v : schema.get("enum")) {
                ok |= v.asText().equals(value);
            }
            if (!ok) {
                problems.add(where + ": '" + value + "' is not one of " + schema.get("enum"));
            }
        }
    }

    /** Resolves a local {@code #/...} $ref; remote refs are returned unresolved (never fetched). */
    private static JsonNode resolve(JsonNode node) {
        JsonNode cur = node;
        for (int i = 0; i < 20 && cur != null && cur.has("$ref"); i++) {
            String ref = cur.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return cur;
            }
            cur = spec.at(ref.substring(1));
        }
        return cur;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
