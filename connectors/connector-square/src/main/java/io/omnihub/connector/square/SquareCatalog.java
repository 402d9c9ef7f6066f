package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.support.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves SKUs to Square item-variation ids and back, with a per-connector cache. SKU lookups use
 * SearchCatalogObjects with a {@code set_query} on {@code sku} (at most 250 values per request per
 * api.json); id lookups use BatchRetrieveCatalogObjects. Square matches SKUs case-insensitively, so
 * the cache is keyed by the upper-cased SKU. Unknown SKUs are not cached (they may be created later).
 */
public final class SquareCatalog {

    /** api.json: "A maximum of 250 values may be searched in a request." */
    static final int MAX_SET_VALUES = 250;
    /** BatchRetrieveCatalogObjects ids per request (a conservative chunk). */
    static final int MAX_IDS = 100;

    private final SquareClient client;
    private final Map<String, String> variationIdBySku = new ConcurrentHashMap<>();
    private final Map<String, String> skuByVariationId = new ConcurrentHashMap<>();

    public SquareCatalog(SquareClient client) {
        this.client = client;
    }

    /** Square variation ids for the given Square SKUs; SKUs Square does not know are absent from the map. */
    public Map<String, String> variationIds(Collection<String> skus) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String sku : new LinkedHashSet<>(skus)) {
            String id = variationIdBySku.get(key(sku));
            if (id != null) {
                out.put(sku, id);
            } else {
                missing.add(sku);
            }
        }
        for (int i = 0; i < missing.size(); i += MAX_SET_VALUES) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + MAX_SET_VALUES));
            String cursor = null;
            do {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("object_types", List.of("ITEM_VARIATION"));
                body.put("query", Map.of("set_query", Map.of("attribute_name", "sku", "attribute_values", chunk)));
                body.put("limit", 1000);
                if (cursor != null) {
                    body.put("cursor", cursor);
                }
                JsonNode answer = client.post("/v2/catalog/search", body);
                for (JsonNode o : answer.path("objects")) {
                    remember(o);
                }
                cursor = Json.text(answer, "cursor");
            } while (cursor != null && !cursor.isBlank());
            for (String sku : chunk) {
                String id = variationIdBySku.get(key(sku));
                if (id != null) {
                    out.put(sku, id);
                }
            }
        }
        return out;
    }

    /** Square SKUs for the given catalog object ids; ids that are not SKU-carrying variations are absent. */
    public Map<String, String> skus(Collection<String> catalogObjectIds) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : new LinkedHashSet<>(catalogObjectIds)) {
            if (id == null) {
                continue;
            }
            String sku = skuByVariationId.get(id);
            if (sku != null) {
                out.put(id, sku);
            } else {
                missing.add(id);
            }
        }
        for (int i = 0; i < missing.size(); i += MAX_IDS) {
            List<String> chunk = missing.subList(i, Math.min(missing.size(), i + MAX_IDS));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("object_ids", chunk);
            body.put("include_related_objects", false);
            JsonNode answer = client.post("/v2/catalog/batch-retrieve", body);
            for (JsonNode o : answer.path("objects")) {
                remember(o);
            }
            for (String id : chunk) {
                String sku = skuByVariationId.get(id);
                if (sku != null) {
                    out.put(id, sku);
                }
            }
        }
        return out;
    }

    /** Caches the SKU of a variation, and of the variations nested in an item. */
    void remember(JsonNode object) {
        if ("ITEM_VARIATION".equals(Json.text(object, "type"))) {
            String sku = Json.at(object, "/item_variation_data/sku");
            String id = Json.text(object, "id");
            if (sku != null && !sku.isBlank() && id != null && !object.path("is_deleted").asBoolean(false)) {
                variationIdBySku.put(key(sku), id);
                skuByVariationId.put(id, sku);
            }
        } else if ("ITEM".equals(Json.text(object, "type"))) {
            for (JsonNode v : object.path("item_data").path("variations")) {
                remember(v);
            }
        }
    }

    /** Forgets a SKU (e.g. after Square rejected its variation id as unknown). */
    void forget(String sku) {
        String id = variationIdBySku.remove(key(sku));
        if (id != null) {
            skuByVariationId.remove(id);
        }
    }

    /** Cached SKU of a variation id, without a call (for tests and diagnostics). */
    Set<String> cachedSkus() {
        return Set.copyOf(skuByVariationId.values());
    }

    private static String key(String sku) {
        return sku.toUpperCase(Locale.ROOT);
    }
}
