package io.omnihub.connector.shopify;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigOption.Type;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.config.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code shopify} connector type: Admin GraphQL (stock, lookups) and REST (polling), HMAC-signed webhooks. */
public final class ShopifyConnectorProvider implements ConnectorProvider {

    /** The {@code spec.type}. */
    public static final String TYPE = "shopify";

    static final List<ConfigOption> OPTIONS = List.of(
            ConfigOption.required("connection.baseUrl", Type.URL,
                    "Shop URL, e.g. https://acme.myshopify.com (or a simulator/WireMock URL in tests)."),
            ConfigOption.secret("connection.accessToken", true,
                    "Admin API access token of the custom app, sent as X-Shopify-Access-Token."),
            ConfigOption.optional("connection.apiVersion", Type.STRING, ShopifySettings.DEFAULT_API_VERSION,
                    "Admin API version YYYY-MM (e.g. 2025-10, 2026-04); decides the inventorySetQuantities input shape."),
            ConfigOption.optional("connection.defaultLocationId", Type.STRING, null,
                    "Shopify location (numeric id or gid://shopify/Location/N) for stock updates whose hub location is not mapped;"
                            + " when absent the shop's primary location is used."),
            ConfigOption.secretList("webhooks.secrets", false,
                    "App client secrets that sign X-Shopify-Hmac-Sha256; list old and new during a rotation. Required when flows.webhooks is on."),
            ConfigOption.optional("flows.webhooks", Type.BOOLEAN, "true",
                    "Receive order, product and inventory-level webhooks at POST /webhooks/{id}."),
            ConfigOption.optional("flows.orders", Type.BOOLEAN, "false",
                    "Poll orders.json by updated_at (reconciliation of missed webhooks); may also be a map {enabled, interval}."),
            ConfigOption.optional("flows.orders.interval", Type.DURATION, "5m", "Polling interval of the orders flow."),
            ConfigOption.optional("flows.products", Type.BOOLEAN, "false",
                    "Poll products.json by updated_at; may also be a map {enabled, interval}."),
            ConfigOption.optional("flows.products.interval", Type.DURATION, "15m", "Polling interval of the products flow."),
            ConfigOption.optional("flows.stock", Type.BOOLEAN, "true",
                    "Push stock levels to Shopify with inventorySetQuantities (name available)."),
            ConfigOption.optional("flows.stock.driftInterval", Type.DURATION, "15m",
                    "How often the hub reads the listed quantities back and corrects drift (0s = never)."),
            ConfigOption.optional("limits.graphqlRestoreRate", Type.INT, String.valueOf(ShopifySettings.DEFAULT_RESTORE_RATE),
                    "GraphQL points restored per second for the shop's plan: 100 Standard, 200 Advanced, 1000 Plus, 2000 Enterprise."),
            ConfigOption.optional("mapping.locations", Type.MAP, null,
                    "Hub location id to Shopify location (numeric id or gid://shopify/Location/N)."),
            ConfigOption.optional("mapping.skuAliases", Type.MAP, null,
                    "Shopify SKU to hub SKU, for shops whose SKUs differ from the hub's."),
            ConfigOption.optional("mapping.defaultCurrency", Type.STRING, "USD",
                    "Shop currency (ISO-4217) for product prices, which Shopify's product payload does not carry."));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor(TYPE, "SHOPIFY", "Shopify",
                "Shopify stores through the Admin API: signed webhooks for orders, products and inventory levels in; "
                        + "orders and products polled for reconciliation; stock pushed with inventorySetQuantities.",
                "https://shopify.dev/docs/api/admin-graphql",
                Set.of(Flow.WEBHOOKS_IN, Flow.ORDERS_IN, Flow.PRODUCTS_IN, Flow.STOCK_OUT),
                OPTIONS);
    }

    @Override
    public List<ConfigProblem> validate(ConnectorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        config.string("connection.apiVersion").ifPresent(v -> {
            if (!ShopifySettings.API_VERSION.matcher(v.trim()).matches()) {
                problems.add(new ConfigProblem("connection.apiVersion",
                        "must be an Admin API version YYYY-MM such as 2025-10 (or unstable), got '" + v + "'"));
            }
        });
        config.string("connection.baseUrl").ifPresent(u -> {
            if (!u.startsWith("https://") && !u.startsWith("http://")) {
                problems.add(new ConfigProblem("connection.baseUrl", "must be an absolute http(s) URL such as https://acme.myshopify.com"));
            }
        });
        if (config.flowEnabled("webhooks", true) && config.strings("webhooks.secrets").stream().allMatch(String::isBlank)) {
            problems.add(new ConfigProblem("webhooks.secrets",
                    "at least one secret is required while flows.webhooks is on (the app's client secret)"));
        }
        config.string("connection.defaultLocationId").ifPresent(l -> {
            if (!ShopifySettings.LOCATION.matcher(l.trim()).matches()) {
                problems.add(new ConfigProblem("connection.defaultLocationId",
                        "must be a numeric Shopify location id or gid://shopify/Location/N, got '" + l + "'"));
            }
        });
        for (Map.Entry<String, Object> e : config.map("mapping.locations").entrySet()) {
            String v = String.valueOf(e.getValue()).trim();
            if (!ShopifySettings.LOCATION.matcher(v).matches()) {
                problems.add(new ConfigProblem("mapping.locations." + e.getKey(),
                        "must be a numeric Shopify location id or gid://shopify/Location/N, got '" + v + "'"));
            }
        }
        try {
            if (config.integer("limits.graphqlRestoreRate", ShopifySettings.DEFAULT_RESTORE_RATE) <= 0) {
                problems.add(new ConfigProblem("limits.graphqlRestoreRate", "must be a positive number of points per second"));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem("limits.graphqlRestoreRate", "must be a whole number of points per second"));
        }
        for (String flow : List.of("orders", "products")) {
            config.string("flows." + flow + ".interval").ifPresent(i -> {
                try {
                    Durations.parse(i);
                } catch (IllegalArgumentException e) {
                    problems.add(new ConfigProblem("flows." + flow + ".interval", e.getMessage()));
                }
            });
        }
        config.string("mapping.defaultCurrency").ifPresent(c -> {
            if (!c.trim().matches("[A-Za-z]{3}")) {
                problems.add(new ConfigProblem("mapping.defaultCurrency", "must be an ISO-4217 code such as USD, got '" + c + "'"));
            }
        });
        return problems;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new ShopifyConnector(config, context);
    }
}
