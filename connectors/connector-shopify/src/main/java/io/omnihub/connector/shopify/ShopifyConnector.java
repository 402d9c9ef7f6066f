package io.omnihub.connector.shopify;

import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.support.Json;
import java.util.Optional;

/**
 * One Shopify store: webhooks in, order/product polling, thin stock-event completion and stock push, over
 * one OkHttp client derived from the runtime's. Capabilities follow {@code spec.flows}.
 */
public final class ShopifyConnector implements Connector {

    static final String SHOP_QUERY = "query OmniHubCheck { shop { name } }";

    private final ShopifySettings settings;
    private final ShopifyClient client;
    private final ShopifyWebhookReceiver webhooks;
    private final ShopifyStockSink stock;
    private final ShopifyChangePoller poller;
    private final ShopifyEntityFetcher fetcher;

    ShopifyConnector(ConnectorConfig config, ConnectorContext context) {
        this.settings = ShopifySettings.from(config);
        this.client = new ShopifyClient(context.httpClient().newBuilder().build(), settings, context.clock());
        this.webhooks = config.flowEnabled("webhooks", true) ? new ShopifyWebhookReceiver(settings.webhookSecrets()) : null;
        this.stock = config.flowEnabled("stock", true) ? new ShopifyStockSink(client, settings) : null;
        boolean polling = config.flowEnabled("orders", false) || config.flowEnabled("products", false);
        this.poller = polling ? new ShopifyChangePoller(client, settings) : null;
        this.fetcher = new ShopifyEntityFetcher(client);
    }

    @Override
    public String id() {
        return settings.connectorId();
    }

    @Override
    public CheckResult check() {
        try {
            String name = Json.at(client.graphql(SHOP_QUERY, null, 1), "/shop/name");
            return name == null ? CheckResult.down("Shopify answered without a shop name")
                    : CheckResult.up("connected to shop " + name + " (API " + settings.apiVersion() + ")");
        } catch (AuthenticationFailedException e) {
            return CheckResult.down("Shopify refused the access token (connection.accessToken): " + e.getMessage());
        } catch (ConnectorException e) {
            return CheckResult.down("Shopify unreachable or failing: " + e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.down("Shopify check failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Object c = null;
        if (type == WebhookReceiver.class) {
            c = webhooks;
        } else if (type == StockSink.class || type == io.omnihub.connector.api.capability.StockReader.class) {
            c = stock;
        } else if (type == ChangePoller.class) {
            c = poller;
        } else if (type == EntityFetcher.class) {
            c = fetcher;
        }
        return Optional.ofNullable(c).map(type::cast);
    }

    /** The parsed settings (no secrets in {@code toString()}). */
    public ShopifySettings settings() {
        return settings;
    }

    @Override
    public void close() {
        // the OkHttp client shares the runtime's pool and dispatcher: nothing of our own to release
    }
}
