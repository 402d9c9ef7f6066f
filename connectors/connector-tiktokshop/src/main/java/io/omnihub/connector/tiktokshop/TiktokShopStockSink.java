package io.omnihub.connector.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.ItemResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.support.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Absolute stock to TikTok Shop: SKUs are resolved to product and SKU ids with {@code POST
 * /product/202309/products/search} ({@code seller_skus}, cached), hub locations to warehouse ids via
 * {@code mapping.locations}, and one {@code POST /product/202309/products/{product_id}/inventory/update}
 * is sent per product with {@code skus[].inventory[] {warehouse_id, quantity}}. Per-SKU errors in the
 * answer, unknown SKUs and unmapped locations are reported per item and never fail the rest.
 */
final class TiktokShopStockSink implements StockSink {

    /** Seller SKUs per product search call. */
    static final int SEARCH_CHUNK = 20;

    /** Where a seller SKU lives on TikTok Shop. */
    record SkuRef(String productId, String skuId) {
    }

    private final TiktokShopClient client;
    private final TiktokShopSettings settings;
    private final Map<String, SkuRef> cache = new ConcurrentHashMap<>();

    TiktokShopStockSink(TiktokShopClient client, TiktokShopSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    @Override
    public int maxBatchSize() {
        return 100;
    }

    @Override
    public StockPushResult push(List<StockUpdate> updates) {
        ItemResult[] results = new ItemResult[updates.size()];
        List<String> toResolve = new ArrayList<>();
        for (StockUpdate u : updates) {
            String sellerSku = settings.platformSku(u.sku());
            if (!cache.containsKey(sellerSku) && !toResolve.contains(sellerSku)) {
                toResolve.add(sellerSku);
            }
        }
        resolve(toResolve);

        // product id -> sku id -> (warehouse id -> quantity), remembering which request items feed each entry
        Map<String, Map<String, Map<String, Long>>> byProduct = new LinkedHashMap<>();
        Map<String, List<Integer>> itemsByProduct = new LinkedHashMap<>();
        for (int i = 0; i < updates.size(); i++) {
            StockUpdate u = updates.get(i);
            SkuRef ref = cache.get(settings.platformSku(u.sku()));
            String warehouse = u.locationId() == null ? null : settings.locations().get(u.locationId());
            if (ref == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.UNKNOWN_SKU,
                        "no TikTok Shop SKU with seller_sku " + settings.platformSku(u.sku()));
            } else if (warehouse == null) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED,
                        "no TikTok Shop warehouse mapped for location " + u.locationId() + " (mapping.locations)");
            } else if (u.quantity() < 0) {
                results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, "negative quantity " + u.quantity());
            } else {
                byProduct.computeIfAbsent(ref.productId(), k -> new LinkedHashMap<>())
                        .computeIfAbsent(ref.skuId(), k -> new LinkedHashMap<>())
                        .put(warehouse, u.quantity());
                itemsByProduct.computeIfAbsent(ref.productId(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, Map<String, Map<String, Long>>> product : byProduct.entrySet()) {
            List<Integer> items = itemsByProduct.get(product.getKey());
            List<Map<String, Object>> skus = new ArrayList<>();
            product.getValue().forEach((skuId, inv) -> {
                List<Map<String, Object>> inventory = new ArrayList<>();
                inv.forEach((w, q) -> inventory.add(Map.of("warehouse_id", w, "quantity", q)));
                skus.add(Map.of("id", skuId, "inventory", inventory));
            });
            JsonNode data;
            try {
                data = client.shopCall("POST", "/product/202309/products/" + product.getKey() + "/inventory/update",
                        Map.of(), Map.of("skus", skus));
            } catch (RequestRejectedException e) {
                for (int i : items) {
                    StockUpdate u = updates.get(i);
                    results[i] = new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, e.getMessage());
                }
                continue;
            }
            for (int i : items) {
                StockUpdate u = updates.get(i);
                SkuRef ref = cache.get(settings.platformSku(u.sku()));
                String error = errorFor(data, ref.skuId(), settings.locations().get(u.locationId()));
                results[i] = error == null ? new ItemResult(u.sku(), u.locationId(), Outcome.APPLIED, null)
                        : new ItemResult(u.sku(), u.locationId(), Outcome.REJECTED, error);
            }
        }
        return new StockPushResult(List.of(results));
    }

    /** The per-SKU (and per-warehouse) error TikTok reported in {@code data.errors[]}, or null. */
    static String errorFor(JsonNode data, String skuId, String warehouseId) {
        for (JsonNode err : data.path("errors")) {
            JsonNode detail = err.path("detail");
            if (!skuId.equals(Json.text(detail, "sku_id"))) {
                continue;
            }
            JsonNode extras = detail.path("extra_errors");
            if (extras.isArray() && !extras.isEmpty()) {
                for (JsonNode x : extras) {
                    if (warehouseId.equals(Json.text(x, "warehouse_id"))) {
                        return "code " + Json.text(x, "code") + ": " + Json.text(x, "message");
                    }
                }
                continue;
            }
            return "code " + Json.text(err, "code") + ": " + Json.text(err, "message");
        }
        return null;
    }

    private void resolve(List<String> sellerSkus) {
        for (int from = 0; from < sellerSkus.size(); from += SEARCH_CHUNK) {
            List<String> chunk = sellerSkus.subList(from, Math.min(sellerSkus.size(), from + SEARCH_CHUNK));
            String pageToken = null;
            do {
                Map<String, String> query = new LinkedHashMap<>();
                query.put("page_size", "100");
                if (pageToken != null) {
                    query.put("page_token", pageToken);
                }
                JsonNode data = client.shopCall("POST", "/product/202309/products/search", query,
                        Map.of("seller_skus", chunk));
                for (JsonNode p : data.path("products")) {
                    for (JsonNode s : p.path("skus")) {
                        String sellerSku = Json.text(s, "seller_sku");
                        if (sellerSku != null && chunk.contains(sellerSku)) {
                            cache.put(sellerSku, new SkuRef(Json.text(p, "id"), Json.text(s, "id")));
                        }
                    }
                }
                String next = Json.text(data, "next_page_token");
                boolean allFound = chunk.stream().allMatch(cache::containsKey);
                pageToken = allFound || data.path("products").isEmpty() || next == null || next.isBlank()
                        || next.equals(pageToken) ? null : next;
            } while (pageToken != null);
        }
    }
}
