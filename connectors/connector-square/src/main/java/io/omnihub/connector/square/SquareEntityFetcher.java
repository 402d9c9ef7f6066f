package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.support.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Completes thin Square events: orders with RetrieveOrder (one) or BatchRetrieveOrders (up to 100
 * per call, {@link #fetchAll}); inventory counts by resolving their catalog object ids to SKUs;
 * catalog version changes with SearchCatalogObjects from the change time (minus a lookback).
 * Order line items get their SKUs resolved too, as attributes {@code sku:<catalogObjectId>}.
 */
public final class SquareEntityFetcher implements EntityFetcher {

    /** Order ids per BatchRetrieveOrders call (api.json: "A maximum of 100 orders"). */
    public static final int MAX_BATCH_ORDERS = 100;

    private final SquareClient client;
    private final SquareCatalog catalog;
    private final Duration catalogLookback;

    public SquareEntityFetcher(SquareClient client, SquareCatalog catalog, Duration catalogLookback) {
        this.client = client;
        this.catalog = catalog;
        this.catalogLookback = catalogLookback;
    }

    @Override
    public Optional<PlatformEvent> fetch(PlatformEvent event) {
        return switch (event.kind()) {
            case ORDER -> retrieveOrder(event);
            case STOCK -> Optional.of(resolveInventory(event));
            case PRODUCT -> "catalog.version.updated".equals(event.topic()) ? Optional.of(catalogChanges(event))
                    : retrieve(event, "/v2/catalog/object/" + event.externalId(), "object");
            case PAYMENT -> retrieve(event, "/v2/payments/" + event.externalId(), "payment");
            case REFUND -> retrieve(event, "/v2/refunds/" + event.externalId(), "refund");
            default -> Optional.empty();
        };
    }

    /** Fetches many thin order events with BatchRetrieveOrders, in the order given; orders Square no longer has are left out. */
    public List<PlatformEvent> fetchAll(List<PlatformEvent> events) {
        List<PlatformEvent> out = new ArrayList<>();
        List<PlatformEvent> orders = events.stream().filter(e -> e.kind() == EntityKind.ORDER).toList();
        Map<String, JsonNode> byId = new HashMap<>();
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(orders.stream().map(PlatformEvent::externalId).toList()));
        for (int i = 0; i < ids.size(); i += MAX_BATCH_ORDERS) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("order_ids", ids.subList(i, Math.min(ids.size(), i + MAX_BATCH_ORDERS)));
            JsonNode answer = client.post("/v2/orders/batch-retrieve", body);
            for (JsonNode o : answer.path("orders")) {
                byId.put(Json.text(o, "id"), o);
            }
        }
        for (PlatformEvent e : events) {
            if (e.kind() != EntityKind.ORDER) {
                fetch(e).ifPresent(out::add);
                continue;
            }
            JsonNode order = byId.get(e.externalId());
            if (order != null) {
                out.add(withOrder(e, order));
            }
        }
        return out;
    }

    private Optional<PlatformEvent> retrieveOrder(PlatformEvent event) {
        try {
            JsonNode order = client.get("/v2/orders/" + event.externalId(), Map.of()).path("order");
            if (!order.isObject()) {
                return Optional.empty();
            }
            return Optional.of(withOrder(event, order));
        } catch (RequestRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The event with the full order, its version, and the SKUs of its line items as attributes. */
    PlatformEvent withOrder(PlatformEvent event, JsonNode order) {
        String version = Optional.ofNullable(Json.text(order, "version"))
                .orElse(Optional.ofNullable(Json.text(order, "updated_at")).orElse(event.version()));
        Map<String, String> attrs = new LinkedHashMap<>(event.attributes());
        Optional.ofNullable(Json.text(order, "location_id")).ifPresent(l -> attrs.put("locationId", l));
        attrs.putAll(lineSkus(order));
        return new PlatformEvent(event.eventId(), event.kind(), event.action(), event.topic(), event.externalId(),
                version, event.occurredAt(), order, false, attrs);
    }

    /** {@code sku:<catalogObjectId>} attributes for the order's line items. */
    Map<String, String> lineSkus(JsonNode order) {
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode line : order.path("line_items")) {
            Optional.ofNullable(Json.text(line, "catalog_object_id")).ifPresent(ids::add);
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        if (!ids.isEmpty()) {
            catalog.skus(ids).forEach((id, sku) -> attrs.put(SquareWebhookReceiver.SKU_ATTRIBUTE_PREFIX + id, sku));
        }
        return attrs;
    }

    /** Resolves the SKUs of the counts in an inventory event; the counts themselves are complete. */
    PlatformEvent resolveInventory(PlatformEvent event) {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode payload = event.payload();
        for (JsonNode c : payload.path("inventory_counts")) {
            Optional.ofNullable(Json.text(c, "catalog_object_id")).ifPresent(ids::add);
        }
        Map<String, String> attrs = new LinkedHashMap<>(event.attributes());
        catalog.skus(ids).forEach((id, sku) -> attrs.put(SquareWebhookReceiver.SKU_ATTRIBUTE_PREFIX + id, sku));
        return new PlatformEvent(event.eventId(), event.kind(), event.action(), event.topic(), event.externalId(),
                event.version(), event.occurredAt(), payload, false, attrs);
    }

    /** Items changed since the catalog version time (minus the lookback), deleted ones included. */
    PlatformEvent catalogChanges(PlatformEvent event) {
        Instant begin = event.occurredAt().minus(catalogLookback);
        ArrayNode objects = Json.mapper().createArrayNode();
        String cursor = null;
        do {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("object_types", List.of("ITEM"));
            body.put("include_deleted_objects", true);
            body.put("begin_time", begin.toString());
            body.put("limit", 1000);
            if (cursor != null) {
                body.put("cursor", cursor);
            }
            JsonNode answer = client.post("/v2/catalog/search", body);
            for (JsonNode o : answer.path("objects")) {
                catalog.remember(o);
                objects.add(o);
            }
            cursor = Json.text(answer, "cursor");
        } while (cursor != null && !cursor.isBlank());
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.set("objects", objects);
        return new PlatformEvent(event.eventId(), event.kind(), event.action(), event.topic(), event.externalId(),
                event.version(), event.occurredAt(), payload, false, event.attributes());
    }

    private Optional<PlatformEvent> retrieve(PlatformEvent event, String path, String member) {
        try {
            JsonNode entity = client.get(path, Map.of()).path(member);
            if (!entity.isObject()) {
                return Optional.empty();
            }
            String version = Optional.ofNullable(Json.text(entity, "updated_at")).orElse(event.version());
            if (event.kind() == EntityKind.PRODUCT) {
                version = Optional.ofNullable(Json.text(entity, "version")).orElse(version);
            }
            return Optional.of(event.withPayload(entity, version));
        } catch (RequestRejectedException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
