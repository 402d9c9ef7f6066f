package io.omnihub.connector.tiktokshop;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigOption.Type;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The TikTok Shop connector ({@code spec.type: tiktokshop}), Partner Center Open API 202309 versions. */
public final class TiktokShopConnectorProvider implements ConnectorProvider {

    static final String TYPE = "tiktokshop";
    static final String PLATFORM = "TIKTOK_SHOP";

    private static final List<ConfigOption> OPTIONS = List.of(
            ConfigOption.required("connection.baseUrl", Type.URL,
                    "Open API base URL, normally " + TiktokShopSettings.DEFAULT_BASE_URL + " (point it at a stub in tests)."),
            ConfigOption.optional("connection.authBaseUrl", Type.URL, TiktokShopSettings.DEFAULT_AUTH_BASE_URL,
                    "Base URL of the token service that serves /api/v2/token/refresh."),
            ConfigOption.required("connection.appKey", Type.STRING, "The app key of your Partner Center app."),
            ConfigOption.secret("connection.appSecret", true,
                    "The app secret: signs every API request and, unless webhooks.secrets is set, verifies webhooks."),
            ConfigOption.secret("connection.accessToken", false,
                    "The shop's access token (x-tts-access-token); fetched with the refresh token when absent or expiring."),
            ConfigOption.optional("connection.accessTokenExpiresAt", Type.STRING, null,
                    "When the configured access token expires, as epoch seconds (TikTok's access_token_expire_in) or ISO-8601."),
            ConfigOption.secret("connection.refreshToken", false,
                    "The shop's refresh token, used to renew the access token before it expires."),
            ConfigOption.optional("connection.tokenRefreshMargin", Type.DURATION, "10m",
                    "How long before expiry the access token is renewed."),
            ConfigOption.optional("connection.shopCipher", Type.STRING, null,
                    "The shop_cipher of the shop; looked up with Get Authorized Shops when absent."),
            ConfigOption.optional("connection.shopId", Type.STRING, null,
                    "The shop id, to pick the shop when the app is authorised for several and shopCipher is not set."),
            ConfigOption.secretList("webhooks.secrets", false,
                    "Secrets the webhook Authorization HMAC may be keyed with (the app secret; list old and new during a rotation). Defaults to connection.appSecret."),
            ConfigOption.optional("webhooks.maxAge", Type.DURATION, "24h",
                    "Oldest signed 'timestamp' accepted; covers TikTok's retries while rejecting replays of old captures."),
            ConfigOption.optional("webhooks.maxFutureSkew", Type.DURATION, "5m",
                    "How far in the future a signed 'timestamp' may be (clock skew)."),
            ConfigOption.optional("flows.webhooks.enabled", Type.BOOLEAN, "true", "Receive order, product and inventory webhooks."),
            ConfigOption.optional("flows.orders.enabled", Type.BOOLEAN, "true", "Poll orders (Get Order List) for reconciliation."),
            ConfigOption.optional("flows.orders.interval", Type.DURATION, "15m", "How often orders are polled."),
            ConfigOption.optional("flows.orders.pageSize", Type.INT, "50", "Page size of order and product polling (1-100)."),
            ConfigOption.optional("flows.products.enabled", Type.BOOLEAN, "true", "Poll products (Search Products)."),
            ConfigOption.optional("flows.products.interval", Type.DURATION, "1h", "How often products are polled."),
            ConfigOption.optional("flows.stock.enabled", Type.BOOLEAN, "true", "Push stock levels (Update Inventory)."),
            ConfigOption.optional("flows.fulfillments.enabled", Type.BOOLEAN, "true",
                    "Push shipments with tracking numbers (Mark Package As Shipped)."),
            ConfigOption.optional("limits.requestsPerSecond", Type.INT, "10", "Client-side request rate towards the Open API."),
            ConfigOption.optional("limits.burst", Type.INT, "10", "Requests allowed in a burst before pacing starts."),
            ConfigOption.optional("mapping.locations", Type.MAP, null,
                    "Hub location id to TikTok Shop warehouse_id; stock for unmapped locations is rejected per item."),
            ConfigOption.optional("mapping.skuAliases", Type.MAP, null, "TikTok seller_sku to hub SKU where they differ."),
            ConfigOption.optional("mapping.carriers", Type.MAP, null,
                    "Hub carrier code to TikTok shipping_provider_id (a numeric carrier is used as the id itself)."),
            ConfigOption.optional("mapping.defaultCurrency", Type.STRING, null,
                    "Currency used when an order carries none (TikTok orders normally carry payment.currency)."));

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(TYPE, PLATFORM, "TikTok Shop",
            "TikTok Shop seller shops through the Partner Center Open API (202309 versions): signed webhooks for order, "
                    + "product and inventory changes (fetched in full), order and product polling, stock per SKU and "
                    + "warehouse, and shipments with tracking numbers.",
            "https://partner.tiktokshop.com/docv2/page/tts-api-concepts-overview",
            Set.of(Flow.WEBHOOKS_IN, Flow.ORDERS_IN, Flow.PRODUCTS_IN, Flow.STOCK_OUT, Flow.FULFILLMENT_OUT), OPTIONS);

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public List<ConfigProblem> validate(ConnectorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (config.string("connection.accessToken").isEmpty() && config.string("connection.refreshToken").isEmpty()) {
            problems.add(new ConfigProblem("connection.refreshToken",
                    "set connection.accessToken, connection.refreshToken or both (the refresh token renews the access token)"));
        }
        config.string("connection.accessTokenExpiresAt").ifPresent(v -> {
            try {
                TiktokShopSettings.parseInstant(v);
            } catch (RuntimeException e) {
                problems.add(new ConfigProblem("connection.accessTokenExpiresAt",
                        "must be epoch seconds or an ISO-8601 instant, got '" + v + "'"));
            }
        });
        if (config.string("connection.accessTokenExpiresAt").isPresent() && config.string("connection.refreshToken").isEmpty()) {
            problems.add(new ConfigProblem("connection.refreshToken",
                    "an expiring access token needs a refresh token, or the connector stops at expiry"));
        }
        for (String path : List.of("connection.baseUrl", "connection.authBaseUrl")) {
            config.string(path).ifPresent(v -> {
                try {
                    URI u = URI.create(v);
                    if (!u.isAbsolute() || u.getHost() == null) {
                        problems.add(new ConfigProblem(path, "must be an absolute URL"));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem(path, "must be an absolute URL"));
                }
            });
        }
        durationPositive(config, "webhooks.maxAge", problems);
        durationPositive(config, "connection.tokenRefreshMargin", problems);
        int pageSize = config.integer("flows.orders.pageSize", 50);
        if (pageSize < 1 || pageSize > 100) {
            problems.add(new ConfigProblem("flows.orders.pageSize", "must be between 1 and 100"));
        }
        for (Map.Entry<String, Object> e : config.map("mapping.locations").entrySet()) {
            if (e.getValue() == null || String.valueOf(e.getValue()).isBlank()) {
                problems.add(new ConfigProblem("mapping.locations." + e.getKey(), "needs a TikTok Shop warehouse_id"));
            }
        }
        if (config.flowEnabled("stock", true) && config.map("mapping.locations").isEmpty()) {
            problems.add(new ConfigProblem("mapping.locations",
                    "stock push needs at least one hub location mapped to a TikTok Shop warehouse_id"));
        }
        return problems;
    }

    private static void durationPositive(ConnectorConfig config, String path, List<ConfigProblem> problems) {
        try {
            Duration d = config.duration(path, Duration.ofSeconds(1));
            if (d.isNegative() || d.isZero()) {
                problems.add(new ConfigProblem(path, "must be a positive duration"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(path, e.getMessage()));
        }
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new TiktokShopConnector(config, context);
    }
}
