package io.omnihub.connector.shopify;

import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parsed {@code spec} of one Shopify connector file: endpoint, token, API version, webhook secrets,
 * location and SKU maps, and the GraphQL restore rate.
 */
public record ShopifySettings(
        String connectorId,
        String baseUrl,
        String accessToken,
        String apiVersion,
        String defaultLocationGid,
        List<String> webhookSecrets,
        int graphqlRestoreRate,
        Map<String, String> locationGids,
        Map<String, String> platformSkuByHubSku) {

    /** Default Admin API version. */
    public static final String DEFAULT_API_VERSION = "2025-10";
    /** Points per second of Shopify's Standard plan. */
    public static final int DEFAULT_RESTORE_RATE = 100;

    static final Pattern API_VERSION = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])|unstable");
    static final Pattern LOCATION = Pattern.compile("\\d+|gid://shopify/Location/\\d+");

    /** Reads the settings from a validated config. */
    public static ShopifySettings from(ConnectorConfig config) {
        String base = config.require("connection.baseUrl");
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        Map<String, String> locations = new LinkedHashMap<>();
        config.map("mapping.locations").forEach((hub, loc) -> locations.put(hub, locationGid(String.valueOf(loc))));
        Map<String, String> reverseAliases = new LinkedHashMap<>();
        config.map("mapping.skuAliases").forEach((platformSku, hubSku) -> reverseAliases.put(String.valueOf(hubSku), platformSku));
        return new ShopifySettings(
                config.id(),
                base,
                config.string("connection.accessToken", ""),
                config.string("connection.apiVersion", DEFAULT_API_VERSION),
                config.string("connection.defaultLocationId").map(ShopifySettings::locationGid).orElse(null),
                config.strings("webhooks.secrets"),
                config.integer("limits.graphqlRestoreRate", DEFAULT_RESTORE_RATE),
                Map.copyOf(locations),
                Map.copyOf(reverseAliases));
    }

    /** {@code 123} or {@code gid://shopify/Location/123} as a location GID. */
    public static String locationGid(String idOrGid) {
        String t = idOrGid.trim();
        return t.startsWith("gid://") ? t : "gid://shopify/Location/" + t;
    }

    /** Whether the configured API version is {@code other} or newer ({@code unstable} is newest). */
    public boolean apiVersionAtLeast(String other) {
        return apiVersion.equals("unstable") || apiVersion.compareTo(other) >= 0;
    }

    /** {@code {baseUrl}/admin/api/{version}/{path}}. */
    public String adminUrl(String path) {
        return baseUrl + "/admin/api/" + apiVersion + "/" + path;
    }

    @Override
    public String toString() {
        return "ShopifySettings[connectorId=" + connectorId + ", baseUrl=" + baseUrl + ", apiVersion=" + apiVersion + "]";
    }
}
