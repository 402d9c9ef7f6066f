package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.ItemResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.error.RequestRejectedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * Sets absolute stock in WooCommerce: SKUs are resolved to product or variation ids with
 * {@code GET /products?sku=a,b,c} (which searches products and variations; cached per instance),
 * simple products go to {@code POST /products/batch}, variations to
 * {@code POST /products/{parent}/variations/batch}, each call at most 100 updates of
 * {@code {"id", "manage_stock": true, "stock_quantity"}}. Per-item errors in the batch answer
 * ({@code {"id", "error": {...}}}) reject only that item.
 */
public final class WooCommerceStockSink implements StockSink {

    /** WooCommerce's default {@code woocommerce_rest_batch_items_limit}. */
    public static final int PLATFORM_BATCH_LIMIT = 100;
    /** SKUs per lookup call (keeps URLs short). */
    static final int LOOKUP_CHUNK = 50;

    /** Where a SKU lives: a product, or a variation of {@code parentId}. */
    record Target(long id, Long parentId) {
    }

    private final WooCommerceClient client;
    private final int batchSize;
    private final Map<String, String> locations;
    private final Map<String, Target> cache = new ConcurrentHashMap<>();

    /**
     * @param locations {@code spec.mapping.locations} (hub location id to platform location id); WooCommerce
     *                  has one stock per product, addressed as platform location {@code default}. When the map
     *                  is empty every hub location is accepted.
     */
    public WooCommerceStockSink(WooCommerceClient client, int batchSize, Map<String, String> locations) {
        this.client = client;
        this.batchSize = Math.min(Math.max(1, batchSize), PLATFORM_BATCH_LIMIT);
        this.locations = Map.copyOf(locations);
    }

    @Override
    public int maxBatchSize() {
        return batchSize;
    }

    @Override
    public StockPushResult push(List<StockUpdate> updates) {
        ItemResult[] results = new ItemResult[updates.size()];
        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate u = updates.get(i);
            if (u.sku() == null || u.sku().isBlank()) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, "empty SKU");
            } else if (!locationAccepted(u.locationId())) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED,
                        "hub location " + u.locationId() + " is not mapped to this store (spec.mapping.locations)");
            } else {
                accepted.add(i);
            }
        }
        resolve(accepted.stream().map(i -> updates.get(i).sku()).distinct().toList());

        // group by endpoint: null parent = products/batch, else products/{parent}/variations/batch
        Map<Long, List<Integer>> groups = new LinkedHashMap<>();
        for (int i : accepted) {
            StockUpdate u = updates.get(i);
            Target t = cache.get(u.sku());
            if (t == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.UNKNOWN_SKU, "no product or variation has this SKU");
            } else {
                groups.computeIfAbsent(t.parentId() == null ? 0L : t.parentId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<Long, List<Integer>> g : groups.entrySet()) {
            String path = g.getKey() == 0L ? "products/batch" : "products/" + g.getKey() + "/variations/batch";
            List<Integer> idx = g.getValue();
            for (int from = 0; from < idx.size(); from += PLATFORM_BATCH_LIMIT) {
                sendBatch(path, updates, idx.subList(from, Math.min(idx.size(), from + PLATFORM_BATCH_LIMIT)), results);
            }
        }
        return new StockPushResult(List.of(results));
    }

    private boolean locationAccepted(String hubLocation) {
        if (locations.isEmpty()) {
            return true;
        }
        return hubLocation != null && locations.containsKey(hubLocation);
    }

    private void sendBatch(String path, List<StockUpdate> updates, List<Integer> idx, ItemResult[] results) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i : idx) {
            StockUpdate u = updates.get(i);
            items.add(WooCommerceClient.body("id", cache.get(u.sku()).id(), "manage_stock", true, "stock_quantity", u.quantity()));
        }
        HttpUrl url = client.api(path).build();
        JsonNode answer;
        try {
            answer = client.post(url, Map.of("update", items)).body();
        } catch (RequestRejectedException e) {
            // the whole call was refused (e.g. 400, 404 parent gone): only these items fail
            for (int i : idx) {
                StockUpdate u = updates.get(i);
                if (e.status() == 404) {
                    cache.remove(u.sku());
                }
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, e.getMessage());
            }
            return;
        }
        Map<Long, JsonNode> byId = new HashMap<>();
        for (JsonNode n : answer.path("update")) {
            byId.put(n.path("id").asLong(), n);
        }
        for (int i : idx) {
            StockUpdate u = updates.get(i);
            JsonNode n = byId.get(cache.get(u.sku()).id());
            if (n == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, "batch answer has no entry for this item");
            } else if (n.has("error")) {
                String code = n.path("error").path("code").asText("");
                String message = n.path("error").path("message").asText("");
                if (code.endsWith("_invalid_id")) {
                    cache.remove(u.sku());
                    results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.UNKNOWN_SKU, code + ": " + message);
                } else {
                    results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, code + ": " + message);
                }
            } else {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.APPLIED, null);
            }
        }
    }

    /** Looks up SKUs not yet cached; SKUs containing a comma are looked up alone (the API splits on commas). */
    void resolve(List<String> skus) {
        List<String> missing = skus.stream().filter(s -> !cache.containsKey(s)).toList();
        List<String> plain = missing.stream().filter(s -> s.indexOf(',') < 0).toList();
        for (int from = 0; from < plain.size(); from += LOOKUP_CHUNK) {
            lookup(plain.subList(from, Math.min(plain.size(), from + LOOKUP_CHUNK)));
        }
        missing.stream().filter(s -> s.indexOf(',') >= 0).forEach(s -> lookup(List.of(s)));
    }

    private void lookup(List<String> skus) {
        int page = 1;
        int pages;
        do {
            HttpUrl url = client.api("products")
                    .addQueryParameter("sku", String.join(",", skus))
                    .addQueryParameter("per_page", Integer.toString(PLATFORM_BATCH_LIMIT))
                    .addQueryParameter("page", Integer.toString(page))
                    .build();
            WooCommerceClient.Answer a = client.get(url);
            pages = a.totalPages();
            for (JsonNode p : a.body()) {
                String sku = p.path("sku").asText("");
                if (!skus.contains(sku)) {
                    continue;
                }
                boolean variation = "variation".equals(p.path("type").asText()) && p.path("parent_id").asLong() > 0;
                cache.put(sku, new Target(p.path("id").asLong(), variation ? p.path("parent_id").asLong() : null));
            }
            page++;
        } while (page <= pages);
    }

    /** Cached SKU count (for tests). */
    int cachedSkus() {
        return cache.size();
    }
}
