package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.support.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One configured Square seller account: its client, webhook receiver, fetcher, poller and stock sink. */
public final class SquareConnector implements Connector {

    private final String id;
    private final SquareClient client;
    private final SquareWebhookReceiver webhooks;
    private final SquareEntityFetcher fetcher;
    private final SquareChangePoller poller;
    private final SquareStockSink stock;
    private final List<String> configuredLocations;
    private volatile List<String> listedLocations;
    private volatile boolean closed;

    public SquareConnector(ConnectorConfig config, ConnectorContext context) {
        this.id = config.id();
        this.client = new SquareClient(config, context);
        SquareCatalog catalog = new SquareCatalog(client);
        this.webhooks = config.flowEnabled("webhooks", true)
                ? new SquareWebhookReceiver(config.strings("webhooks.secrets"), config.string("webhooks.notificationUrl").orElse(null))
                : null;
        this.fetcher = new SquareEntityFetcher(client, catalog, config.duration("webhooks.catalogLookback", Duration.ofMinutes(1)));
        this.configuredLocations = config.strings("connection.locationIds");
        EnumSet<EntityKind> kinds = EnumSet.noneOf(EntityKind.class);
        if (config.flowEnabled("orders", true)) {
            kinds.add(EntityKind.ORDER);
        }
        if (config.flowEnabled("products", true)) {
            kinds.add(EntityKind.PRODUCT);
        }
        if (config.flowEnabled("payments", true)) {
            kinds.add(EntityKind.PAYMENT);
            kinds.add(EntityKind.REFUND);
        }
        if (config.flowEnabled("stock", true)) {
            kinds.add(EntityKind.STOCK);
        }
        this.poller = kinds.isEmpty() ? null : new SquareChangePoller(client, catalog, fetcher, this::locationIds, kinds);
        this.stock = config.flowEnabled("stock", true)
                ? new SquareStockSink(client, catalog, context.clock(), stringMap(config.map("mapping.locations")),
                stringMap(config.map("mapping.skuAliases")))
                : null;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public CheckResult check() {
        try {
            JsonNode answer = client.get("/v2/locations", Map.of());
            int n = answer.path("locations").size();
            return CheckResult.up("Square reachable, " + n + " location(s) visible");
        } catch (ConnectorException e) {
            return CheckResult.down(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return CheckResult.down("Square check failed: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Object c = null;
        if (type == WebhookReceiver.class) {
            c = webhooks;
        } else if (type == EntityFetcher.class || type == SquareEntityFetcher.class) {
            c = fetcher;
        } else if (type == ChangePoller.class) {
            c = poller;
        } else if (type == StockSink.class || type == SquareStockSink.class) {
            c = stock;
        }
        return Optional.ofNullable(c).map(type::cast);
    }

    /** The configured location ids, else the seller's active locations (listed once and cached). */
    List<String> locationIds() {
        if (!configuredLocations.isEmpty()) {
            return configuredLocations;
        }
        List<String> cached = listedLocations;
        if (cached == null) {
            List<String> ids = new ArrayList<>();
            for (JsonNode l : client.get("/v2/locations", Map.of()).path("locations")) {
                String status = Json.text(l, "status");
                if (status == null || "ACTIVE".equals(status)) {
                    ids.add(Json.text(l, "id"));
                }
            }
            cached = List.copyOf(ids);
            listedLocations = cached;
        }
        return cached;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            client.close();
        }
    }

    private static Map<String, String> stringMap(Map<String, Object> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
