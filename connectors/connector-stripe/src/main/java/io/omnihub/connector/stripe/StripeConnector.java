package io.omnihub.connector.stripe;

import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.ConnectorException;
import java.time.Duration;
import java.util.Optional;

/**
 * One Stripe account (one connector file): webhooks in, events polled for reconciliation, objects
 * re-read on demand. Stripe is a payment gateway: it has no stock or fulfillment capability.
 */
public final class StripeConnector implements Connector {

    private final String id;
    private final StripeClient client;
    private final StripeWebhookReceiver webhooks;
    private final StripeChangePoller poller;
    private final StripeEntityFetcher fetcher;

    StripeConnector(ConnectorConfig config, ConnectorContext context) {
        this.id = config.id();
        Duration timeout = config.duration("connection.timeout", StripeConnectorProvider.DEFAULT_TIMEOUT);
        this.client = new StripeClient(
                context.httpClient().newBuilder().callTimeout(timeout).build(),
                config.require("connection.baseUrl"),
                config.require("connection.apiKey"),
                config.string("connection.apiVersion").orElse(null),
                config.string("connection.stripeAccount").orElse(null),
                config.integer("limits.requestsPerSecond", StripeConnectorProvider.DEFAULT_RPS),
                context.clock());
        this.webhooks = config.flowEnabled("webhooks", true)
                ? new StripeWebhookReceiver(new StripeSignature(config.strings("webhooks.secrets"),
                config.duration("webhooks.tolerance", StripeConnectorProvider.DEFAULT_TOLERANCE),
                config.duration("webhooks.maxFutureSkew", StripeConnectorProvider.DEFAULT_FUTURE_SKEW),
                context.clock()))
                : null;
        this.poller = config.flowEnabled("payments", true)
                ? new StripeChangePoller(client, config.integer("limits.pageSize", StripeConnectorProvider.DEFAULT_PAGE_SIZE))
                : null;
        this.fetcher = new StripeEntityFetcher(client);
    }

    @Override
    public String id() {
        return id;
    }

    /** {@code GET /v1/events?limit=1}: cheap, and needs exactly the permission the connector uses. */
    @Override
    public CheckResult check() {
        try {
            client.get(client.url("v1", "events").addQueryParameter("limit", "1").build());
            return CheckResult.up("Stripe API reachable, key accepted");
        } catch (ConnectorException e) {
            return CheckResult.down(e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.down("Stripe check failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        if (type == WebhookReceiver.class && webhooks != null) {
            return Optional.of(type.cast(webhooks));
        }
        if (type == ChangePoller.class && poller != null) {
            return Optional.of(type.cast(poller));
        }
        if (type == EntityFetcher.class) {
            return Optional.of(type.cast(fetcher));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        // the OkHttp pool and dispatcher belong to the runtime; nothing of our own to release
    }
}
