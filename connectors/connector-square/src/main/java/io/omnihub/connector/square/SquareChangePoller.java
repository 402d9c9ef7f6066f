package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.support.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reconciliation polling: orders with SearchOrders (updated_at filter, sorted by UPDATED_AT
 * ascending, at most 10 locations per request so the page token walks location chunks too),
 * catalog items with SearchCatalogObjects ({@code begin_time}, deleted ones included), payments
 * and refunds with ListPayments / ListPaymentRefunds ({@code updated_at_begin_time}), and
 * inventory counts with BatchRetrieveInventoryCounts ({@code updated_after}).
 */
public final class SquareChangePoller implements ChangePoller {

    /** api.json: SearchOrders "Max: 10 location IDs". */
    static final int MAX_ORDER_LOCATIONS = 10;

    private final SquareClient client;
    private final SquareCatalog catalog;
    private final SquareEntityFetcher fetcher;
    private final Supplier<List<String>> locations;
    private final Set<EntityKind> kinds;

    public SquareChangePoller(SquareClient client, SquareCatalog catalog, SquareEntityFetcher fetcher,
                              Supplier<List<String>> locations, Set<EntityKind> kinds) {
        this.client = client;
        this.catalog = catalog;
        this.fetcher = fetcher;
        this.locations = locations;
        this.kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    @Override
    public Set<EntityKind> pollableKinds() {
        return kinds;
    }

    @Override
    public Page poll(EntityKind kind, Instant since, String pageToken) {
        return switch (kind) {
            case ORDER -> orders(since, pageToken);
            case PRODUCT -> products(since, pageToken);
            case PAYMENT -> listed(EntityKind.PAYMENT, "/v2/payments", "payments", since, pageToken);
            case REFUND -> listed(EntityKind.REFUND, "/v2/refunds", "refunds", since, pageToken);
            case STOCK -> stock(since, pageToken);
            default -> throw new IllegalArgumentException("Square cannot poll " + kind);
        };
    }

    private Page orders(Instant since, String pageToken) {
        List<String> all = locations.get();
        int chunk = 0;
        String cursor = null;
        if (pageToken != null && !pageToken.isBlank()) {
            int bar = pageToken.indexOf('|');
            chunk = Integer.parseInt(pageToken.substring(0, bar));
            cursor = pageToken.substring(bar + 1);
            cursor = cursor.isEmpty() ? null : cursor;
        }
        if (all.isEmpty()) {
            return new Page(List.of(), null, since);
        }
        List<String> locs = all.subList(chunk * MAX_ORDER_LOCATIONS,
                Math.min(all.size(), (chunk + 1) * MAX_ORDER_LOCATIONS));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("location_ids", locs);
        if (cursor != null) {
            body.put("cursor", cursor);
        }
        body.put("limit", 500);
        body.put("query", Map.of(
                "filter", Map.of("date_time_filter", Map.of("updated_at", Map.of("start_at", since.toString()))),
                "sort", Map.of("sort_field", "UPDATED_AT", "sort_order", "ASC")));
        JsonNode answer = client.post("/v2/orders/search", body);
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (JsonNode order : answer.path("orders")) {
            String id = Json.text(order, "id");
            Instant updated = time(order, "updated_at", since);
            high = updated.isAfter(high) ? updated : high;
            String version = Optional.ofNullable(Json.text(order, "version")).orElse(Json.text(order, "updated_at"));
            PlatformEvent thin = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "orders/search",
                    id, version == null ? updated.toString() : version, updated, null, true, Map.of());
            events.add(fetcher.withOrder(thin, order));
        }
        String next = Json.text(answer, "cursor");
        String token;
        if (next != null && !next.isBlank()) {
            token = chunk + "|" + next;
        } else if ((chunk + 1) * MAX_ORDER_LOCATIONS < all.size()) {
            token = (chunk + 1) + "|";
        } else {
            token = null;
        }
        return new Page(events, token, high);
    }

    private Page products(Instant since, String cursor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object_types", List.of("ITEM"));
        body.put("include_deleted_objects", true);
        // begin_time is exclusive in Square; the poller contract is "at or after"
        body.put("begin_time", since.minusMillis(1).toString());
        body.put("limit", 1000);
        if (cursor != null && !cursor.isBlank()) {
            body.put("cursor", cursor);
        }
        JsonNode answer = client.post("/v2/catalog/search", body);
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (JsonNode o : answer.path("objects")) {
            catalog.remember(o);
            Instant updated = time(o, "updated_at", since);
            high = updated.isAfter(high) ? updated : high;
            String version = Optional.ofNullable(Json.text(o, "version")).orElse(updated.toString());
            boolean deleted = o.path("is_deleted").asBoolean(false);
            events.add(new PlatformEvent(null, EntityKind.PRODUCT,
                    deleted ? PlatformEvent.Action.DELETE : PlatformEvent.Action.UPSERT, "catalog/search",
                    Json.text(o, "id"), version, updated, o, false, Map.of()));
        }
        return new Page(events, blankToNull(Json.text(answer, "cursor")), high);
    }

    private Page listed(EntityKind kind, String path, String member, Instant since, String cursor) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("updated_at_begin_time", since.toString());
        query.put("sort_field", "UPDATED_AT");
        query.put("sort_order", "ASC");
        query.put("limit", "100");
        query.put("cursor", cursor == null || cursor.isBlank() ? null : cursor);
        JsonNode answer = client.get(path, query);
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (JsonNode o : answer.path(member)) {
            String updatedText = Optional.ofNullable(Json.text(o, "updated_at")).orElse(Json.text(o, "created_at"));
            Instant updated = updatedText == null ? since : Json.parseInstant(updatedText);
            high = updated.isAfter(high) ? updated : high;
            Map<String, String> attrs = new LinkedHashMap<>();
            Optional.ofNullable(Json.text(o, "location_id")).ifPresent(l -> attrs.put("locationId", l));
            events.add(new PlatformEvent(null, kind, PlatformEvent.Action.UPSERT, member + "/list", Json.text(o, "id"),
                    updatedText == null ? updated.toString() : updatedText, updated, o, false, attrs));
        }
        return new Page(events, blankToNull(Json.text(answer, "cursor")), high);
    }

    private Page stock(Instant since, String cursor) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("updated_after", since.minusMillis(1).toString());
        body.put("limit", 1000);
        if (cursor != null && !cursor.isBlank()) {
            body.put("cursor", cursor);
        }
        JsonNode answer = client.post("/v2/inventory/counts/batch-retrieve", body);
        Map<String, List<JsonNode>> byObjectAndLocation = new LinkedHashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode c : answer.path("counts")) {
            String id = Json.text(c, "catalog_object_id");
            ids.add(id);
            byObjectAndLocation.computeIfAbsent(id + "@" + Json.text(c, "location_id"), k -> new ArrayList<>()).add(c);
        }
        Map<String, String> skus = ids.isEmpty() ? Map.of() : catalog.skus(ids);
        List<PlatformEvent> events = new ArrayList<>();
        Instant high = since;
        for (Map.Entry<String, List<JsonNode>> group : byObjectAndLocation.entrySet()) {
            ObjectNode payload = Json.mapper().createObjectNode();
            Instant newest = null;
            String newestText = null;
            for (JsonNode c : group.getValue()) {
                payload.withArray("inventory_counts").add(c);
                Instant at = time(c, "calculated_at", since);
                if (newest == null || at.isAfter(newest)) {
                    newest = at;
                    newestText = Json.text(c, "calculated_at");
                }
            }
            high = newest.isAfter(high) ? newest : high;
            String id = Json.text(group.getValue().get(0), "catalog_object_id");
            Map<String, String> attrs = new LinkedHashMap<>();
            Optional.ofNullable(skus.get(id)).ifPresent(s -> attrs.put(SquareWebhookReceiver.SKU_ATTRIBUTE_PREFIX + id, s));
            events.add(new PlatformEvent(null, EntityKind.STOCK, PlatformEvent.Action.UPSERT, "inventory/counts",
                    group.getKey(), newestText == null ? newest.toString() : newestText, newest, payload, false, attrs));
        }
        return new Page(events, blankToNull(Json.text(answer, "cursor")), high);
    }

    private static Instant time(JsonNode node, String field, Instant fallback) {
        String t = Json.text(node, field);
        return t == null ? fallback : Json.parseInstant(t);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
