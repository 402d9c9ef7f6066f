package io.omnihub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.ItemResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockReader;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.support.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Sets absolute {@code available} quantities with one {@code inventorySetQuantities} mutation per batch of
 * at most 250: SKUs are resolved to inventory items with one {@code inventoryItems} search (cached, bounded),
 * hub locations to Shopify locations via {@code mapping.locations}, then {@code defaultLocationId}, then the
 * shop's primary location. Items Shopify refuses (userErrors) are reported and the rest is sent again.
 * As a {@link StockReader} it reads the {@code available} quantity back with one {@code inventoryItems} query per
 * Shopify location and page of 250 SKUs ({@code inventoryLevel(locationId:) { quantities(names: ["available"]) }}).
 *
 * <p>Compare-and-set: an update with {@link StockUpdate#expectedPrevious()} is sent with {@code changeFromQuantity}
 * (API 2026-01 and later) or {@code compareQuantity} and {@code ignoreCompareQuantity: false} (before); Shopify then
 * sets it only if its quantity still is the expected one, else answers {@code CHANGE_FROM_QUANTITY_STALE} /
 * {@code COMPARE_QUANTITY_STALE}, reported as {@link Outcome#STALE} for that item (the others are sent again, as for
 * any userError). Updates without an expectation opt out ({@code changeFromQuantity: null}; before 2026-01,
 * {@code compareQuantity} is left out and, when the whole batch has no expectation, {@code ignoreCompareQuantity: true}).
 */
final class ShopifyStockSink implements StockSink, StockReader {

    static final int MAX_BATCH = 250;
    static final int SKU_CACHE_SIZE = 10_000;
    static final int MUTATION_COST = 10;
    private static final int MAX_ROUNDS = 3;
    /** Shopify's userError codes for a compare-and-set whose expected quantity is no longer the persisted one. */
    static final Set<String> STALE_CODES = Set.of("CHANGE_FROM_QUANTITY_STALE", "COMPARE_QUANTITY_STALE");

    /** Why Shopify refused one item of a mutation. */
    private record Refusal(String message, boolean stale) {
        Refusal merge(Refusal other) {
            return new Refusal(message + "; " + other.message, stale || other.stale);
        }
    }

    static final String LOOKUP_QUERY = """
            query OmniHubSkuLookup($query: String!) {
              inventoryItems(first: 250, query: $query) { nodes { id sku } }
            }""";
    static final String PRIMARY_LOCATION_QUERY = "query OmniHubPrimaryLocation { location { id } }";

    private final ShopifyClient client;
    private final ShopifySettings settings;
    private final Map<String, String> itemBySku = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > SKU_CACHE_SIZE;
        }
    });
    private volatile String primaryLocation;

    ShopifyStockSink(ShopifyClient client, ShopifySettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public int maxBatchSize() {
        return MAX_BATCH;
    }

    static final String READ_QUERY = """
            query OmniHubReadStock($query: String!, $locationId: ID!) {
              inventoryItems(first: 250, query: $query) {
                nodes { id sku inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } } }
              }
            }""";

    @Override
    public java.time.Duration readyIn() {
        return client.readyIn(MUTATION_COST);
    }

    @Override
    public int maxReadBatchSize() {
        return MAX_BATCH;
    }

    @Override
    public List<ListedQuantity> read(List<StockKey> keys) {
        ListedQuantity[] out = new ListedQuantity[keys.size()];
        Map<String, List<Integer>> byLocation = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            String location = location(keys.get(i).locationId());
            if (location == null) {
                out[i] = ListedQuantity.unknown(keys.get(i), "hub location " + keys.get(i).locationId() + " has no Shopify location");
            } else {
                byLocation.computeIfAbsent(location, k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : byLocation.entrySet()) {
            List<Integer> all = e.getValue();
            for (int from = 0; from < all.size(); from += MAX_BATCH) {
                List<Integer> page = all.subList(from, Math.min(all.size(), from + MAX_BATCH));
                Set<String> skus = new LinkedHashSet<>();
                page.forEach(i -> skus.add(platformSku(keys.get(i).sku())));
                StringBuilder q = new StringBuilder();
                for (String sku : skus) {
                    q.append(q.length() > 0 ? " OR " : "").append("sku:'").append(sku.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
                }
                ObjectNode vars = Json.mapper().createObjectNode().put("query", q.toString()).put("locationId", e.getKey());
                Map<String, JsonNode> found = new HashMap<>();
                for (JsonNode n : client.graphql(READ_QUERY, vars, 2 + skus.size() / 5).path("inventoryItems").path("nodes")) {
                    String sku = Json.text(n, "sku");
                    if (sku != null && skus.contains(sku) && !found.containsKey(sku)) {
                        found.put(sku, n);
                        String id = Json.text(n, "id");
                        if (id != null) {
                            itemBySku.put(sku, id);
                        }
                    }
                }
                for (int i : page) {
                    StockKey k = keys.get(i);
                    JsonNode n = found.get(platformSku(k.sku()));
                    if (n == null) {
                        out[i] = ListedQuantity.unknown(k, "no Shopify inventory item has SKU " + platformSku(k.sku()));
                        continue;
                    }
                    out[i] = ListedQuantity.unknown(k, "not stocked at " + e.getKey());
                    for (JsonNode qn : n.path("inventoryLevel").path("quantities")) {
                        if ("available".equals(Json.text(qn, "name")) && qn.path("quantity").isNumber()) {
                            out[i] = ListedQuantity.of(k, qn.path("quantity").asLong());
                        }
                    }
                }
            }
        }
        return List.of(out);
    }

    @Override
    public StockPushResult push(List<StockUpdate> updates) {
        List<ItemResult> results = new ArrayList<>(updates.size());
        for (int from = 0; from < updates.size(); from += MAX_BATCH) {
            results.addAll(pushBatch(updates.subList(from, Math.min(updates.size(), from + MAX_BATCH))));
        }
        return new StockPushResult(results);
    }

    private List<ItemResult> pushBatch(List<StockUpdate> batch) {
        ItemResult[] results = new ItemResult[batch.size()];
        Map<String, String> items = resolveSkus(batch);
        List<Integer> pending = new ArrayList<>();
        List<String> locations = new ArrayList<>(Collections.nCopies(batch.size(), null));
        for (int i = 0; i < batch.size(); i++) {
            StockUpdate u = batch.get(i);
            if (items.get(platformSku(u.sku())) == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.UNKNOWN_SKU,
                        "no Shopify inventory item has SKU " + platformSku(u.sku()));
                continue;
            }
            String location = location(u.locationId());
            if (location == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED,
                        "hub location " + u.locationId() + " has no Shopify location (spec.mapping.locations)");
                continue;
            }
            locations.set(i, location);
            pending.add(i);
        }
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            List<Integer> next = new ArrayList<>();
            for (List<Integer> group : callGroups(batch, pending)) {
                mutateGroup(batch, group, items, locations, results, next);
            }
            pending = next;
        }
        for (int i : pending) {
            StockUpdate u = batch.get(i);
            results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, "not applied after " + MAX_ROUNDS + " attempts");
        }
        return List.of(results);
    }

    /**
     * Before 2026-01 {@code ignoreCompareQuantity} applies to the whole call and, when false, every quantity needs a
     * {@code compareQuantity}: updates with and without an expectation go in separate calls. From 2026-01 one call.
     */
    private List<List<Integer>> callGroups(List<StockUpdate> batch, List<Integer> pending) {
        if (settings.apiVersionAtLeast("2026-01")) {
            return List.of(pending);
        }
        List<Integer> compared = new ArrayList<>();
        List<Integer> absolute = new ArrayList<>();
        for (int i : pending) {
            (batch.get(i).expectedPrevious() != null ? compared : absolute).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>();
        if (!absolute.isEmpty()) {
            groups.add(absolute);
        }
        if (!compared.isEmpty()) {
            groups.add(compared);
        }
        return groups;
    }

    /** Sends one group; records final outcomes in {@code results} and adds the items to send again to {@code next}. */
    private void mutateGroup(List<StockUpdate> batch, List<Integer> sent, Map<String, String> items, List<String> locations,
                             ItemResult[] results, List<Integer> next) {
        Map<Integer, Refusal> rejected = mutate(batch, sent, items, locations);
        for (int pos = 0; pos < sent.size(); pos++) {
            int i = sent.get(pos);
            StockUpdate u = batch.get(i);
            if (rejected == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.APPLIED, null);
            } else if (rejected.containsKey(pos)) {
                Refusal r = rejected.get(pos);
                results[i] = new ItemResult(u.sku(), u.locationId(), r.stale() ? Outcome.STALE : Outcome.REJECTED, r.message());
            } else {
                next.add(i); // Shopify applies all or nothing: send the good ones again
            }
        }
    }

    /** Sends one mutation; returns null when applied, else the userErrors by position in {@code sent}. */
    private Map<Integer, Refusal> mutate(List<StockUpdate> batch, List<Integer> sent, Map<String, String> items,
                                        List<String> locations) {
        boolean newApi = settings.apiVersionAtLeast("2026-01");
        List<String> keys = new ArrayList<>();
        ObjectNode input = Json.mapper().createObjectNode();
        input.put("name", "available");
        input.put("reason", "correction");
        ArrayNode quantities = Json.mapper().createArrayNode();
        boolean anyExpectation = false;
        for (int i : sent) {
            StockUpdate u = batch.get(i);
            ObjectNode q = quantities.addObject();
            q.put("inventoryItemId", items.get(platformSku(u.sku())));
            q.put("locationId", locations.get(i));
            q.put("quantity", u.quantity());
            Long expected = u.expectedPrevious();
            if (newApi) {
                if (expected != null) {
                    q.put("changeFromQuantity", expected.longValue());
                } else {
                    q.putNull("changeFromQuantity"); // 2026-01+: explicit null opts out of compare-and-swap
                }
            } else if (expected != null) {
                q.put("compareQuantity", expected.longValue());
                anyExpectation = true;
            }
            keys.add(u.idempotencyKey() != null ? u.idempotencyKey() : u.sku() + "@" + u.locationId() + "=" + u.quantity());
        }
        String batchKey = batchKey(keys);
        input.put("referenceDocumentUri", "omnihub://stock-push/" + settings.connectorId() + "/" + batchKey);
        if (!newApi) {
            // before 2026-01 the switch is per call: compare when any item carries an expectation
            input.put("ignoreCompareQuantity", !anyExpectation);
        }
        input.set("quantities", quantities);
        ObjectNode vars = Json.mapper().createObjectNode();
        vars.set("input", input);
        String query;
        if (newApi) {
            vars.put("idempotencyKey", batchKey);
            query = """
                    mutation OmniHubSetStock($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
                      inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
                        inventoryAdjustmentGroup { id }
                        userErrors { code field message }
                      }
                    }""";
        } else {
            query = """
                    mutation OmniHubSetStock($input: InventorySetQuantitiesInput!) {
                      inventorySetQuantities(input: $input) {
                        inventoryAdjustmentGroup { id }
                        userErrors { code field message }
                      }
                    }""";
        }
        JsonNode data = client.graphql(query, vars, MUTATION_COST);
        JsonNode userErrors = data.path("inventorySetQuantities").path("userErrors");
        if (!userErrors.isArray() || userErrors.isEmpty()) {
            return null;
        }
        Map<Integer, Refusal> rejected = new HashMap<>();
        List<String> unattributed = new ArrayList<>();
        for (JsonNode e : userErrors) {
            JsonNode field = e.path("field");
            String code = Json.text(e, "code");
            String message = e.path("message").asText("rejected by Shopify");
            if (code != null) {
                message = code + ": " + message;
            }
            if (field.isArray() && field.size() >= 3 && "quantities".equals(field.get(1).asText())
                    && field.get(2).asText().matches("\\d+") && Integer.parseInt(field.get(2).asText()) < sent.size()) {
                rejected.merge(Integer.parseInt(field.get(2).asText()), new Refusal(message, code != null && STALE_CODES.contains(code)), Refusal::merge);
            } else {
                unattributed.add(message);
            }
        }
        if (!unattributed.isEmpty()) {
            String message = String.join("; ", unattributed);
            for (int pos = 0; pos < sent.size(); pos++) {
                rejected.merge(pos, new Refusal(message, false), Refusal::merge);
            }
        }
        return rejected;
    }

    /** A stable UUID for a batch: the same idempotency keys in the same order give the same key. */
    static String batchKey(List<String> keys) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest(String.join("\n", keys).getBytes(StandardCharsets.UTF_8));
            return UUID.nameUUIDFromBytes(digest).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String platformSku(String hubSku) {
        return settings.platformSkuByHubSku().getOrDefault(hubSku, hubSku);
    }

    private Map<String, String> resolveSkus(List<StockUpdate> batch) {
        Map<String, String> out = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (StockUpdate u : batch) {
            String sku = platformSku(u.sku());
            String cached = itemBySku.get(sku);
            if (cached != null) {
                out.put(sku, cached);
            } else if (sku != null && !sku.isBlank()) {
                missing.add(sku);
            }
        }
        if (missing.isEmpty()) {
            return out;
        }
        StringBuilder q = new StringBuilder();
        for (String sku : missing) {
            if (q.length() > 0) {
                q.append(" OR ");
            }
            q.append("sku:'").append(sku.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        }
        ObjectNode vars = Json.mapper().createObjectNode().put("query", q.toString());
        JsonNode nodes = client.graphql(LOOKUP_QUERY, vars, 1 + missing.size() / 10).path("inventoryItems").path("nodes");
        for (JsonNode n : nodes) {
            String sku = Json.text(n, "sku");
            String id = Json.text(n, "id");
            // the search may match more than the exact SKU: keep exact matches only, first one wins
            if (sku != null && id != null && missing.contains(sku) && !out.containsKey(sku)) {
                out.put(sku, id);
                itemBySku.put(sku, id);
            }
        }
        return out;
    }

    private String location(String hubLocationId) {
        if (hubLocationId != null) {
            String mapped = settings.locationGids().get(hubLocationId);
            if (mapped != null) {
                return mapped;
            }
        }
        if (settings.defaultLocationGid() != null) {
            return settings.defaultLocationGid();
        }
        String primary = primaryLocation;
        if (primary == null) {
            primary = Json.at(client.graphql(PRIMARY_LOCATION_QUERY, null, 1), "/location/id");
            primaryLocation = primary;
        }
        return primary;
    }
}
