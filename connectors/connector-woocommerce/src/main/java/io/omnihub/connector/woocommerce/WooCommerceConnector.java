package io.omnihub.connector.woocommerce;

import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.support.TokenBucket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** One WooCommerce store: webhooks in, orders/products polled, stock and shipments out, through one REST client. */
public final class WooCommerceConnector implements Connector {

    private final String id;
    private final WooCommerceClient client;
    private final WooCommerceWebhookReceiver webhooks;
    private final WooCommercePoller poller;
    private final WooCommerceStockSink stock;
    private final WooCommerceFulfillmentSink fulfillments;

    WooCommerceConnector(ConnectorConfig config, ConnectorContext context) {
        this.id = config.id();
        Duration timeout = config.duration("connection.timeout", WooCommerceClient.DEFAULT_TIMEOUT);
        OkHttpClient http = context.httpClient().newBuilder()
                .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build();
        int rps = Math.max(1, config.integer("limits.requestsPerSecond", 5));
        int burst = Math.max(1, config.integer("limits.burst", 10));
        this.client = new WooCommerceClient(http, config.require("connection.baseUrl"),
                config.string("connection.apiPath", "/wp-json/wc/v3"),
                config.require("connection.consumerKey"), config.require("connection.consumerSecret"),
                "query".equals(config.string("connection.authMode", "basic")),
                new TokenBucket(burst, rps), context.clock());
        this.webhooks = config.flowEnabled("webhooks", true)
                ? new WooCommerceWebhookReceiver(config.strings("webhooks.secrets")) : null;
        Set<EntityKind> kinds = EnumSet.noneOf(EntityKind.class);
        if (config.flowEnabled("orders", true)) {
            kinds.add(EntityKind.ORDER);
        }
        if (config.flowEnabled("products", true)) {
            kinds.add(EntityKind.PRODUCT);
        }
        this.poller = new WooCommercePoller(client, kinds);
        Map<String, String> locations = new LinkedHashMap<>();
        config.map("mapping.locations").forEach((k, v) -> locations.put(k, String.valueOf(v)));
        this.stock = config.flowEnabled("stock", true)
                ? new WooCommerceStockSink(client, config.integer("limits.batchSize", WooCommerceStockSink.PLATFORM_BATCH_LIMIT), locations)
                : null;
        this.fulfillments = config.flowEnabled("fulfillments", true)
                ? new WooCommerceFulfillmentSink(client,
                        WooCommerceFulfillmentSink.TrackingMode.of(config.string("flows.fulfillments.tracking", "shipment-tracking")),
                        config.string("flows.fulfillments.orderStatus", "completed"))
                : null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CheckResult check() {
        try {
            client.get(client.api("products").addQueryParameter("per_page", "1").addQueryParameter("_fields", "id").build());
            return CheckResult.up("WooCommerce REST API v3 answered with the configured consumer key");
        } catch (AuthenticationFailedException e) {
            return CheckResult.down("WooCommerce refused the consumer key/secret: " + e.getMessage());
        } catch (ConnectorException e) {
            return CheckResult.down("WooCommerce not reachable: " + e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.down("WooCommerce check failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Object c = null;
        if (type == WebhookReceiver.class) {
            c = webhooks;
        } else if (type == ChangePoller.class) {
            c = poller.pollableKinds().isEmpty() ? null : poller;
        } else if (type == EntityFetcher.class) {
            c = poller;
        } else if (type == StockSink.class) {
            c = stock;
        } else if (type == FulfillmentSink.class) {
            c = fulfillments;
        }
        return Optional.ofNullable(c).map(type::cast);
    }

    @Override
    public void close() {
        // the OkHttp client shares the runtime's pool and dispatcher: nothing of our own to release
    }
}
