package io.omnihub.connector.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.support.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * One TikTok Shop shop: webhooks in (thin order, product and inventory notifications, fetched in
 * full through {@link EntityFetcher}), order and product polling, stock out per SKU and warehouse, and
 * shipments out ("Mark Package As Shipped").
 */
public final class TiktokShopConnector implements Connector, EntityFetcher, ChangePoller, FulfillmentSink {

    private final TiktokShopSettings settings;
    private final OkHttpClient http;
    private final TiktokShopClient client;
    private final TiktokShopWebhooks webhooks;
    private final TiktokShopStockSink stock;
    private final boolean stockOut;
    private final boolean fulfillmentsOut;

    TiktokShopConnector(ConnectorConfig config, ConnectorContext context) {
        this.settings = TiktokShopSettings.from(config);
        this.http = context.httpClient().newBuilder().build();
        Clock clock = context.clock();
        this.client = new TiktokShopClient(settings, http, clock);
        this.webhooks = new TiktokShopWebhooks(settings, clock);
        this.stock = new TiktokShopStockSink(client, settings);
        this.stockOut = config.flowEnabled("stock", true);
        this.fulfillmentsOut = config.flowEnabled("fulfillments", true);
    }

    /** The API client (package-private for tests). */
    TiktokShopClient client() {
        return client;
    }

    @Override
    public String id() {
        return settings.connectorId();
    }

    @Override
    public CheckResult check() {
        try {
            JsonNode shops = client.authorizedShops().path("shops");
            return CheckResult.up("TikTok Shop reachable; app authorised for " + shops.size() + " shop(s)");
        } catch (RuntimeException e) {
            return CheckResult.down("TikTok Shop check failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Override
    public <T> Optional<T> capability(Class<T> type) {
        Object c = null;
        if (type == WebhookReceiver.class) {
            c = webhooks;
        } else if (type == EntityFetcher.class || type == ChangePoller.class) {
            c = this;
        } else if (type == StockSink.class && stockOut) {
            c = stock;
        } else if (type == FulfillmentSink.class && fulfillmentsOut) {
            c = this;
        }
        return Optional.ofNullable(type.cast(c));
    }

    @Override
    public void close() {
        // the connection pool and dispatcher belong to the runtime's shared client
    }

    // ---- EntityFetcher ----

    @Override
    public Optional<PlatformEvent> fetch(PlatformEvent event) {
        return switch (event.kind()) {
            case ORDER -> fetchOrder(event);
            case PRODUCT -> fetchProduct(event);
            case STOCK -> fetchInventory(event);
            default -> Optional.empty();
        };
    }

    private Optional<PlatformEvent> fetchOrder(PlatformEvent event) {
        JsonNode data = client.shopCall("GET", "/order/202309/orders", Map.of("ids", event.externalId()), null);
        for (JsonNode o : data.path("orders")) {
            if (event.externalId().equals(Json.text(o, "id"))) {
                return Optional.of(event.withPayload(o, versionOf(o, event.version())));
            }
        }
        return Optional.empty();
    }

    private Optional<PlatformEvent> fetchProduct(PlatformEvent event) {
        JsonNode data;
        try {
            data = client.shopCall("GET", "/product/202309/products/" + event.externalId(), Map.of(), null);
        } catch (TiktokShopClient.RejectedWithCode e) {
            return Optional.empty();
        }
        if (data == null || data.isMissingNode() || data.isNull() || Json.text(data, "id") == null) {
            return Optional.empty();
        }
        return Optional.of(event.withPayload(data, versionOf(data, event.version())));
    }

    private Optional<PlatformEvent> fetchInventory(PlatformEvent event) {
        JsonNode data = client.shopCall("POST", "/product/202309/inventory/search", Map.of(),
                Map.of("sku_ids", List.of(event.externalId())));
        for (JsonNode item : data.path("inventory")) {
            for (JsonNode sku : item.path("skus")) {
                if (event.externalId().equals(Json.text(sku, "id"))) {
                    ObjectNode payload = Json.mapper().createObjectNode();
                    payload.put("product_id", Json.text(item, "product_id"));
                    payload.putArray("skus").add(sku);
                    return Optional.of(event.withPayload(payload, event.version()));
                }
            }
        }
        return Optional.empty();
    }

    private static String versionOf(JsonNode entity, String fallback) {
        String v = Json.text(entity, "update_time");
        return v == null ? fallback : v;
    }

    // ---- ChangePoller ----

    @Override
    public Set<EntityKind> pollableKinds() {
        return Set.of(EntityKind.ORDER, EntityKind.PRODUCT);
    }

    @Override
    public Page poll(EntityKind kind, Instant since, String pageToken) {
        String path;
        String listField;
        String topic;
        if (kind == EntityKind.ORDER) {
            path = "/order/202309/orders/search";
            listField = "orders";
            topic = "orders/search";
        } else if (kind == EntityKind.PRODUCT) {
            path = "/product/202309/products/search";
            listField = "products";
            topic = "products/search";
        } else {
            throw new IllegalArgumentException("TikTok Shop cannot poll " + kind);
        }
        Map<String, String> query = new LinkedHashMap<>();
        query.put("page_size", Integer.toString(Math.min(100, Math.max(1, settings.pageSize()))));
        if (pageToken != null) {
            query.put("page_token", pageToken);
        }
        JsonNode data = client.shopCall("POST", path, query, Map.of("update_time_ge", since.getEpochSecond()));
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (JsonNode e : data.path(listField)) {
            String id = Json.text(e, "id");
            String updated = Json.text(e, "update_time");
            if (id == null || updated == null) {
                continue;
            }
            Instant at = Instant.ofEpochSecond(Long.parseLong(updated));
            high = at.isAfter(high) ? at : high;
            events.add(new PlatformEvent(null, kind, PlatformEvent.Action.UPSERT, topic, id, updated, at, e, false,
                    Map.of()));
        }
        String next = Json.text(data, "next_page_token");
        boolean more = next != null && !next.isBlank() && !events.isEmpty() && !next.equals(pageToken);
        return new Page(events, more ? next : null, high);
    }

    // ---- FulfillmentSink ----

    @Override
    public String pushFulfillment(Shipment shipment) {
        if (shipment.trackingNumbers() == null || shipment.trackingNumbers().isEmpty()) {
            throw new RequestRejectedException("TikTok Shop needs a tracking number to mark a package as shipped", 0);
        }
        String provider = settings.carriers().get(shipment.carrier());
        if (provider == null && shipment.carrier() != null && shipment.carrier().chars().allMatch(Character::isDigit)) {
            provider = shipment.carrier();
        }
        if (provider == null) {
            throw new RequestRejectedException("no TikTok Shop shipping_provider_id mapped for carrier '"
                    + shipment.carrier() + "' (mapping.carriers)", 0);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        List<String> lineIds = shipment.lines() == null ? List.of()
                : shipment.lines().stream().map(Line::lineId).filter(id -> id != null && !id.isBlank()).toList();
        if (!lineIds.isEmpty()) {
            body.put("order_line_item_ids", lineIds);
        }
        body.put("tracking_number", shipment.trackingNumbers().get(0));
        body.put("shipping_provider_id", provider);
        JsonNode data = client.shopCall("POST", "/fulfillment/202309/orders/" + shipment.orderExternalId() + "/packages",
                Map.of(), body);
        String packageId = Json.text(data, "package_id");
        if (packageId == null) {
            throw new RequestRejectedException("TikTok Shop answered no package_id for order " + shipment.orderExternalId(), 0);
        }
        return packageId;
    }
}
