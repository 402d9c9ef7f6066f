package io.omnihub.connector.shopify;

import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.sign.ShopifySigner;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** Shared builders for the connector tests: configs, contexts and signed requests. */
final class TestSupport {

    static final String SECRET = "hush-current";
    static final String OLD_SECRET = "hush-previous";

    private TestSupport() {
    }

    static Map<String, Object> spec(String baseUrl, String apiVersion) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", "shopify");
        spec.put("connection", new LinkedHashMap<>(Map.of("baseUrl", baseUrl, "accessToken", "shpat_test", "apiVersion", apiVersion)));
        spec.put("webhooks", Map.of("secrets", List.of(SECRET, OLD_SECRET)));
        spec.put("flows", Map.of("webhooks", true, "orders", Map.of("enabled", true, "interval", "5m"), "products", true, "stock", true));
        spec.put("mapping", Map.of("locations", Map.of("wh-1", "905684977", "wh-2", "gid://shopify/Location/487838322")));
        return spec;
    }

    static ConnectorConfig config(String baseUrl, String apiVersion) {
        return ConnectorConfig.of("shop-test", "shopify", spec(baseUrl, apiVersion));
    }

    static ConnectorContext context() {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
        return new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return http;
            }

            @Override
            public com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
                return Json.mapper();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
    }

    static WebhookRequest signed(String topic, byte[] body, String secret) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ShopifySigner.headers(topic, body, secret, "evt-123", "acme.myshopify.com").forEach((k, v) -> headers.put(k, List.of(v)));
        return new WebhookRequest("shop-test", "POST", "http://localhost/webhooks/shop-test", headers, Map.of(), body,
                Instant.parse("2024-05-01T10:00:00Z"));
    }

    static WebhookRequest withHeaders(WebhookRequest r, Map<String, List<String>> headers) {
        return new WebhookRequest(r.connectorId(), r.method(), r.url(), headers, r.query(), r.body(), r.receivedAt());
    }
}
