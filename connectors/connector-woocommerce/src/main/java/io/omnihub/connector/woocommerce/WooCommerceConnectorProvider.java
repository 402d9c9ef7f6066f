package io.omnihub.connector.woocommerce;

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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The WooCommerce connector ({@code spec.type: woocommerce}): REST API v3 with consumer key/secret, plus webhooks. */
public final class WooCommerceConnectorProvider implements ConnectorProvider {

    public static final String TYPE = "woocommerce";
    public static final String PLATFORM = "WOOCOMMERCE";

    private static final List<ConfigOption> OPTIONS = List.of(
            ConfigOption.required("connection.baseUrl", Type.URL,
                    "Store URL (the WordPress site root, e.g. https://shop.example.com); the REST API is below it at connection.apiPath."),
            ConfigOption.secret("connection.consumerKey", true, "REST API consumer key (ck_...), created under WooCommerce > Settings > Advanced > REST API."),
            ConfigOption.secret("connection.consumerSecret", true, "REST API consumer secret (cs_...) belonging to the consumer key."),
            ConfigOption.oneOf("connection.authMode", "basic",
                    "How the key is sent over HTTPS: HTTP Basic (basic) or consumer_key/consumer_secret query parameters (query) for servers that drop the Authorization header.",
                    "basic", "query"),
            ConfigOption.optional("connection.apiPath", Type.STRING, "/wp-json/wc/v3", "Path of the REST API v3 below the store URL."),
            ConfigOption.optional("connection.timeout", Type.DURATION, "30s", "Timeout of one API call."),
            ConfigOption.optional("connection.allowInsecureHttp", Type.BOOLEAN, "false",
                    "Allow a plain http:// store URL other than localhost (WooCommerce then requires OAuth 1.0a, which this connector does not speak: only for proxies that terminate TLS)."),
            ConfigOption.secretList("webhooks.secrets", false,
                    "Webhook secrets as set on each WooCommerce webhook; several are accepted during a rotation. Required when flows.webhooks is on."),
            ConfigOption.optional("flows.webhooks.enabled", Type.BOOLEAN, "true", "Receive order.* and product.* webhooks."),
            ConfigOption.optional("flows.orders.enabled", Type.BOOLEAN, "true", "Poll orders changed since the cursor (reconciliation of missed webhooks)."),
            ConfigOption.optional("flows.orders.interval", Type.DURATION, "5m", "How often orders are polled."),
            ConfigOption.optional("flows.products.enabled", Type.BOOLEAN, "true", "Poll products changed since the cursor (products and their stock)."),
            ConfigOption.optional("flows.products.interval", Type.DURATION, "15m", "How often products are polled."),
            ConfigOption.optional("flows.stock.enabled", Type.BOOLEAN, "true", "Push stock quantities with products/batch and variations/batch."),
            ConfigOption.optional("flows.fulfillments.enabled", Type.BOOLEAN, "true", "Push shipments: tracking numbers and the order status."),
            ConfigOption.oneOf("flows.fulfillments.tracking", "shipment-tracking",
                    "Where tracking numbers go: the WooCommerce Shipment Tracking extension API (shipment-tracking), a customer order note (note), or nowhere (none).",
                    "shipment-tracking", "note", "none"),
            ConfigOption.optional("flows.fulfillments.orderStatus", Type.STRING, "completed",
                    "Order status set once shipped (a core or plugin status slug); empty leaves the status alone."),
            ConfigOption.optional("limits.requestsPerSecond", Type.INT, "5",
                    "Client-side request rate (WooCommerce core has no API rate limit; the hosting server has)."),
            ConfigOption.optional("limits.burst", Type.INT, "10", "Requests that may be sent at once before the rate applies."),
            ConfigOption.optional("limits.batchSize", Type.INT, "100",
                    "Stock updates per batch call, at most 100 (WooCommerce's woocommerce_rest_batch_items_limit default)."),
            ConfigOption.optional("mapping.statuses", Type.MAP, null,
                    "Plugin order statuses to canonical ones, e.g. {shipped: FULFILLED} or {shipped: FULFILLED/PAID/FULFILLED} (order/payment/fulfillment)."),
            ConfigOption.optional("mapping.locations", Type.MAP, null,
                    "Hub location ids whose stock this store sells, each mapped to 'default' (WooCommerce keeps one stock per product); empty accepts every location."),
            ConfigOption.optional("mapping.skuAliases", Type.MAP, null, "Store SKU to hub SKU, for SKUs that differ."),
            ConfigOption.optional("mapping.defaultCurrency", Type.STRING, null,
                    "Store currency (ISO-4217) for product prices; WooCommerce product payloads carry no currency."),
            ConfigOption.optional("mapping.weightUnit", Type.STRING, "kg", "The store's weight unit (kg, g, lbs, oz) for product weights."));

    private static final ConnectorDescriptor DESCRIPTOR = new ConnectorDescriptor(TYPE, PLATFORM, "WooCommerce",
            "WooCommerce stores through the REST API v3 and webhooks: orders and products in (webhooks signed with "
                    + "X-WC-Webhook-Signature plus polling by modified date), stock out in products/batch and variations/batch "
                    + "calls, shipments out as tracking items and the order status.",
            "https://woocommerce.github.io/woocommerce-rest-api-docs/",
            EnumSet.of(Flow.WEBHOOKS_IN, Flow.ORDERS_IN, Flow.PRODUCTS_IN, Flow.STOCK_OUT, Flow.FULFILLMENT_OUT),
            OPTIONS);

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
        config.string("connection.baseUrl").ifPresent(url -> {
            try {
                URI u = URI.create(url);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
                boolean local = Set.of("localhost", "127.0.0.1", "::1", "[::1]").contains(host);
                if (u.getRawQuery() != null) {
                    problems.add(new ConfigProblem("connection.baseUrl", "must not carry a query string"));
                }
                if ("http".equals(scheme) && !local && !config.bool("connection.allowInsecureHttp", false)) {
                    problems.add(new ConfigProblem("connection.baseUrl",
                            "must be https://: WooCommerce accepts consumer keys over plain HTTP only with OAuth 1.0a signing"));
                } else if (!"http".equals(scheme) && !"https".equals(scheme)) {
                    problems.add(new ConfigProblem("connection.baseUrl", "must be an http(s) URL"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("connection.baseUrl", "is not a URL"));
            }
        });
        config.string("connection.consumerKey").filter(k -> !k.startsWith("ck_"))
                .ifPresent(k -> problems.add(new ConfigProblem("connection.consumerKey", "WooCommerce consumer keys start with ck_")));
        config.string("connection.consumerSecret").filter(k -> !k.startsWith("cs_"))
                .ifPresent(k -> problems.add(new ConfigProblem("connection.consumerSecret", "WooCommerce consumer secrets start with cs_")));
        if (config.flowEnabled("webhooks", true)) {
            List<String> secrets = config.strings("webhooks.secrets");
            if (secrets.isEmpty()) {
                problems.add(new ConfigProblem("webhooks.secrets", "at least one secret is required while flows.webhooks is on"));
            } else if (secrets.stream().anyMatch(s -> s == null || s.isEmpty())) {
                problems.add(new ConfigProblem("webhooks.secrets",
                        "an empty secret is not accepted: WooCommerce would sign with an empty key, which anyone can forge"));
            }
        }
        int batch = config.integer("limits.batchSize", WooCommerceStockSink.PLATFORM_BATCH_LIMIT);
        if (batch < 1 || batch > WooCommerceStockSink.PLATFORM_BATCH_LIMIT) {
            problems.add(new ConfigProblem("limits.batchSize", "must be between 1 and 100 (WooCommerce refuses larger batches with 413)"));
        }
        if (config.integer("limits.requestsPerSecond", 5) < 1) {
            problems.add(new ConfigProblem("limits.requestsPerSecond", "must be at least 1"));
        }
        if (config.integer("limits.burst", 10) < 1) {
            problems.add(new ConfigProblem("limits.burst", "must be at least 1"));
        }
        config.map("mapping.locations").forEach((hub, platform) -> {
            if (!"default".equals(String.valueOf(platform))) {
                problems.add(new ConfigProblem("mapping.locations." + hub,
                        "WooCommerce has one stock per product: map hub locations to 'default', not '" + platform + "'"));
            }
        });
        config.map("mapping.statuses").forEach((slug, target) -> {
            String problem = statusProblem(String.valueOf(target));
            if (problem != null) {
                problems.add(new ConfigProblem("mapping.statuses." + slug, problem));
            }
        });
        config.string("mapping.defaultCurrency").filter(c -> !c.matches("[A-Za-z]{3}"))
                .ifPresent(c -> problems.add(new ConfigProblem("mapping.defaultCurrency", "must be an ISO-4217 code such as EUR")));
        return problems;
    }

    /** Checks a status override value: {@code ORDER} or {@code ORDER/PAYMENT/FULFILLMENT} canonical names. */
    static String statusProblem(String value) {
        String[] parts = value.split("/");
        if (parts.length != 1 && parts.length != 3) {
            return "must be ORDER_STATUS or ORDER_STATUS/PAYMENT_STATUS/FULFILLMENT_STATUS";
        }
        if (!ORDER_STATUSES.contains(parts[0].trim())) {
            return "unknown order status " + parts[0];
        }
        if (parts.length == 3) {
            if (!PAYMENT_STATUSES.contains(parts[1].trim())) {
                return "unknown payment status " + parts[1];
            }
            if (!FULFILLMENT_STATUSES.contains(parts[2].trim())) {
                return "unknown fulfillment status " + parts[2];
            }
        }
        return null;
    }

    // contract section 4 vocabularies (the connector module does not depend on the canonical model)
    private static final List<String> ORDER_STATUSES = List.of("DRAFT", "PENDING_PAYMENT", "ON_HOLD", "OPEN",
            "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "COMPLETED", "CANCELLED");
    private static final List<String> PAYMENT_STATUSES = List.of("NONE", "PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PAID",
            "PARTIALLY_REFUNDED", "REFUNDED", "VOIDED", "FAILED", "EXPIRED");
    private static final List<String> FULFILLMENT_STATUSES = List.of("UNFULFILLED", "ON_HOLD", "IN_PROGRESS",
            "PARTIALLY_FULFILLED", "FULFILLED", "DELIVERED", "RETURNED", "CANCELLED");

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new WooCommerceConnector(config, context);
    }
}
