package io.omnihub.connector.square;

import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** Shared config, context and fixture helpers for the Square connector tests. */
final class SquareTestSupport {

    static final String TOKEN = "EAAA-test-token";
    static final String SECRET = "Ibxx_5AKakO-3qeNVR61Dw";
    static final String NOTIFICATION_URL = "https://hub.example.com/webhooks/square-pos";

    private SquareTestSupport() {
    }

    static Map<String, Object> spec(String baseUrl) {
        Map<String, Object> spec = new LinkedHashMap<>();
        Map<String, Object> connection = new LinkedHashMap<>();
        connection.put("baseUrl", baseUrl);
        connection.put("accessToken", TOKEN);
        connection.put("locationIds", List.of("D7AVYMEAPJ3A3"));
        spec.put("connection", connection);
        spec.put("webhooks", new LinkedHashMap<>(Map.of("secrets", List.of(SECRET), "notificationUrl", NOTIFICATION_URL)));
        spec.put("limits", Map.of("requestsPerSecond", 1000, "burst", 1000));
        spec.put("mapping", Map.of("locations", Map.of("store-1", "C6W5YS5QM06F5")));
        return spec;
    }

    static ConnectorConfig config(String baseUrl) {
        return ConnectorConfig.of("square-pos", "square", spec(baseUrl));
    }

    @SuppressWarnings("unchecked")
    static ConnectorConfig config(String baseUrl, Map<String, Object> connectionOverrides) {
        Map<String, Object> spec = spec(baseUrl);
        Map<String, Object> connection = new HashMap<>((Map<String, Object>) spec.get("connection"));
        connection.putAll(connectionOverrides);
        connection.values().removeIf(v -> v == null);
        spec.put("connection", connection);
        return ConnectorConfig.of("square-pos", "square", spec);
    }

    static ConnectorContext context(Clock clock) {
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
                return clock;
            }
        };
    }

    static byte[] webhook(String name) {
        return Fixtures.bytes("fixtures/square/webhooks/" + name + ".json");
    }

    static String response(String name) {
        return Fixtures.text("fixtures/square/responses/" + name + ".json");
    }
}
