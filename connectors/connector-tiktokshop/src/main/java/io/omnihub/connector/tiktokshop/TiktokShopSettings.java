package io.omnihub.connector.tiktokshop;

import io.omnihub.connector.api.config.ConnectorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The typed view of one TikTok Shop connector file (everything below {@code spec} the connector reads).
 */
record TiktokShopSettings(
        String connectorId,
        String baseUrl,
        String authBaseUrl,
        String appKey,
        String appSecret,
        String accessToken,
        Instant accessTokenExpiresAt,
        String refreshToken,
        Duration refreshMargin,
        String shopCipher,
        String shopId,
        List<String> webhookSecrets,
        Duration webhookMaxAge,
        Duration webhookMaxFutureSkew,
        int requestsPerSecond,
        int burst,
        int pageSize,
        Map<String, String> locations,
        Map<String, String> skuAliases,
        Map<String, String> carriers) {

    static final String DEFAULT_BASE_URL = "https://open-api.tiktokglobalshop.com";
    static final String DEFAULT_AUTH_BASE_URL = "https://auth.tiktok-shops.com";

    static TiktokShopSettings from(ConnectorConfig c) {
        List<String> secrets = c.strings("webhooks.secrets").stream().filter(s -> !s.isBlank()).toList();
        String appSecret = c.require("connection.appSecret");
        return new TiktokShopSettings(
                c.id(),
                trimSlash(c.require("connection.baseUrl")),
                trimSlash(c.string("connection.authBaseUrl", DEFAULT_AUTH_BASE_URL)),
                c.require("connection.appKey"),
                appSecret,
                c.string("connection.accessToken").orElse(null),
                c.string("connection.accessTokenExpiresAt").map(TiktokShopSettings::parseInstant).orElse(null),
                c.string("connection.refreshToken").orElse(null),
                c.duration("connection.tokenRefreshMargin", Duration.ofMinutes(10)),
                c.string("connection.shopCipher").orElse(null),
                c.string("connection.shopId").orElse(null),
                secrets.isEmpty() ? List.of(appSecret) : secrets,
                c.duration("webhooks.maxAge", Duration.ofHours(24)),
                c.duration("webhooks.maxFutureSkew", Duration.ofMinutes(5)),
                c.integer("limits.requestsPerSecond", 10),
                c.integer("limits.burst", 10),
                c.integer("flows.orders.pageSize", 50),
                strings(c.map("mapping.locations")),
                strings(c.map("mapping.skuAliases")),
                strings(c.map("mapping.carriers")));
    }

    /** Epoch seconds (as TikTok returns them) or an ISO-8601 instant. */
    static Instant parseInstant(String text) {
        String t = text.trim();
        if (t.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(t));
        }
        return Instant.parse(t);
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The platform SKU for a hub SKU ({@code mapping.skuAliases} maps platform SKU to hub SKU). */
    String platformSku(String hubSku) {
        for (Map.Entry<String, String> e : skuAliases.entrySet()) {
            if (e.getValue().equals(hubSku)) {
                return e.getKey();
            }
        }
        return hubSku;
    }
}
