package io.omnihub.connector.square;

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

/** Square (POS) connector: webhooks, order/catalog/payment/refund/inventory polling and inventory push. */
public final class SquareConnectorProvider implements ConnectorProvider {

    /** The {@code spec.type} key. */
    public static final String TYPE = "square";
    /** The canonical platform name. */
    public static final String PLATFORM = "SQUARE";
    /** The Square-Version the connector was written and validated against (the api.json release). */
    public static final String DEFAULT_SQUARE_VERSION = "2025-08-20";

    static final List<ConfigOption> OPTIONS = List.of(
            new ConfigOption("connection.baseUrl", Type.URL, true, false, "https://connect.squareup.com",
                    "Square API base URL: https://connect.squareup.com (production) or https://connect.squareupsandbox.com (sandbox); tests point it at a stub.",
                    List.of()),
            ConfigOption.secret("connection.accessToken", false,
                    "Personal access token or OAuth access token sent as 'Authorization: Bearer'; required unless the OAuth refresh options are set."),
            ConfigOption.optional("connection.clientId", Type.STRING, null,
                    "OAuth application id; with clientSecret and refreshToken the connector obtains and refreshes access tokens itself (POST /oauth2/token)."),
            ConfigOption.secret("connection.clientSecret", false, "OAuth application secret, used only for the token refresh."),
            ConfigOption.secret("connection.refreshToken", false, "OAuth refresh token of the seller, used to obtain access tokens."),
            ConfigOption.optional("connection.squareVersion", Type.STRING, DEFAULT_SQUARE_VERSION,
                    "Value of the Square-Version header (YYYY-MM-DD); the default is the API release the connector is validated against."),
            ConfigOption.optional("connection.locationIds", Type.STRING_LIST, null,
                    "Square location ids whose orders are polled; when empty the connector lists the seller's active locations."),
            ConfigOption.secretList("webhooks.secrets", false,
                    "Webhook subscription signature keys; every listed key is accepted (rotation). Required when the webhooks flow is on."),
            ConfigOption.optional("webhooks.notificationUrl", Type.URL, null,
                    "The notification URL exactly as registered in the Square webhook subscription (Square signs URL + body); defaults to the URL the request arrived on."),
            ConfigOption.optional("webhooks.catalogLookback", Type.DURATION, "1m",
                    "How far before a catalog.version.updated time the connector searches changed catalog items when it fetches that event."),
            ConfigOption.optional("flows.webhooks.enabled", Type.BOOLEAN, "true", "Receive Square webhooks (orders, payments, refunds, inventory, catalog)."),
            ConfigOption.optional("flows.orders.enabled", Type.BOOLEAN, "true", "Poll orders (SearchOrders by updated_at) for reconciliation."),
            ConfigOption.optional("flows.orders.interval", Type.DURATION, "15m", "Order polling interval."),
            ConfigOption.optional("flows.products.enabled", Type.BOOLEAN, "true", "Poll catalog items (SearchCatalogObjects by begin_time) as canonical products."),
            ConfigOption.optional("flows.products.interval", Type.DURATION, "1h", "Catalog polling interval."),
            ConfigOption.optional("flows.payments.enabled", Type.BOOLEAN, "true", "Poll payments and refunds (ListPayments / ListPaymentRefunds by updated_at)."),
            ConfigOption.optional("flows.payments.interval", Type.DURATION, "15m", "Payment and refund polling interval."),
            ConfigOption.optional("flows.stock.enabled", Type.BOOLEAN, "true",
                    "Push stock to Square (BatchChangeInventory, PHYSICAL_COUNT) and poll inventory counts."),
            ConfigOption.optional("flows.stock.interval", Type.DURATION, "15m", "Inventory count polling interval."),
            ConfigOption.optional("limits.requestsPerSecond", Type.INT, "10",
                    "Client-side request rate; Square publishes no numbers and no throttle headers, only 429 RATE_LIMITED."),
            ConfigOption.optional("limits.burst", Type.INT, "20", "Client-side burst size (token bucket capacity)."),
            ConfigOption.optional("mapping.locations", Type.MAP, null,
                    "Hub location id to Square location id; unmapped ids are used as they are."),
            ConfigOption.optional("mapping.skuAliases", Type.MAP, null,
                    "Square SKU to hub SKU, for catalogs whose SKUs differ from the hub's (applied both ways)."),
            ConfigOption.optional("mapping.defaultCurrency", Type.STRING, null,
                    "Currency used when a Square order carries no money field to take it from."));

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return new ConnectorDescriptor(TYPE, PLATFORM, "Square",
                "Square POS and online orders, payments and refunds, catalog items and inventory counts in through "
                        + "signed webhooks (thin order events are re-read with RetrieveOrder/BatchRetrieveOrders) and "
                        + "polling; stock out with BatchChangeInventory physical counts.",
                "https://developer.squareup.com/reference/square",
                EnumSet.of(Flow.WEBHOOKS_IN, Flow.ORDERS_IN, Flow.PRODUCTS_IN, Flow.PAYMENTS_IN, Flow.STOCK_OUT),
                OPTIONS);
    }

    @Override
    public List<ConfigProblem> validate(ConnectorConfig config) {
        List<ConfigProblem> problems = new ArrayList<>();
        boolean token = config.string("connection.accessToken").isPresent();
        boolean clientId = config.string("connection.clientId").isPresent();
        boolean clientSecret = config.string("connection.clientSecret").isPresent();
        boolean refresh = config.string("connection.refreshToken").isPresent();
        if (!token && !(clientId && clientSecret && refresh)) {
            problems.add(new ConfigProblem("connection.accessToken",
                    "set an access token, or connection.clientId, connection.clientSecret and connection.refreshToken for OAuth refresh"));
        }
        if ((clientId || clientSecret || refresh) && !(clientId && clientSecret && refresh)) {
            for (String p : List.of("connection.clientId", "connection.clientSecret", "connection.refreshToken")) {
                if (config.string(p).isEmpty()) {
                    problems.add(new ConfigProblem(p, "OAuth refresh needs clientId, clientSecret and refreshToken together"));
                }
            }
        }
        String version = config.string("connection.squareVersion", DEFAULT_SQUARE_VERSION);
        if (!version.matches("\\d{4}-\\d{2}-\\d{2}")) {
            problems.add(new ConfigProblem("connection.squareVersion", "must be a Square API version date such as 2025-08-20"));
        }
        if (config.flowEnabled("webhooks", true) && config.strings("webhooks.secrets").stream().allMatch(String::isBlank)) {
            problems.add(new ConfigProblem("webhooks.secrets",
                    "at least one webhook signature key is required while the webhooks flow is on"));
        }
        config.string("webhooks.notificationUrl").ifPresent(url -> {
            try {
                URI u = URI.create(url);
                if (!u.isAbsolute() || u.getHost() == null) {
                    problems.add(new ConfigProblem("webhooks.notificationUrl", "must be the absolute URL registered at Square"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem("webhooks.notificationUrl", "must be the absolute URL registered at Square"));
            }
        });
        if (config.strings("connection.locationIds").size() > 0
                && config.strings("connection.locationIds").stream().anyMatch(String::isBlank)) {
            problems.add(new ConfigProblem("connection.locationIds", "must not contain blank ids"));
        }
        try {
            if (config.integer("limits.requestsPerSecond", 10) <= 0) {
                problems.add(new ConfigProblem("limits.requestsPerSecond", "must be positive"));
            }
            if (config.integer("limits.burst", 20) <= 0) {
                problems.add(new ConfigProblem("limits.burst", "must be positive"));
            }
        } catch (NumberFormatException e) {
            problems.add(new ConfigProblem("limits", "limits must be integers"));
        }
        return problems;
    }

    @Override
    public Connector create(ConnectorConfig config, ConnectorContext context) {
        return new SquareConnector(config, context);
    }
}
