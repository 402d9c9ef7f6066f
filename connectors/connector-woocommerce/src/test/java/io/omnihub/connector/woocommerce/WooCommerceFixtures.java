package io.omnihub.connector.woocommerce;

import io.omnihub.connector.api.config.ConnectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: documented payloads (see fixtures/README.md) and configs. */
final class WooCommerceFixtures {

    static final String SECRET = "wh-secret-2024";
    static final String API = "/wp-json/wc/v3";

    private WooCommerceFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = WooCommerceFixtures.class.getClassLoader().getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static Map<String, Object> spec(String baseUrl) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("connection", new LinkedHashMap<>(Map.of("baseUrl", baseUrl, "consumerKey", "ck_test", "consumerSecret", "cs_test")));
        spec.put("webhooks", Map.of("secrets", List.of("old-secret", SECRET)));
        spec.put("limits", Map.of("requestsPerSecond", 1000, "burst", 1000));
        return spec;
    }

    static ConnectorConfig config(String baseUrl) {
        return ConnectorConfig.of("woo-test", "woocommerce", spec(baseUrl));
    }
}
