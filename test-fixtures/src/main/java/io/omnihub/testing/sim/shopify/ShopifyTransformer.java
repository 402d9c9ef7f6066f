package io.omnihub.testing.sim.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.connector.support.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WireMock extension that answers the Shopify Admin API from {@link ShopifySimState}: the GraphQL endpoint
 * (shop, primary location, inventory item lookups by SKU and by id, optionally with
 * {@code inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) }}, {@code inventorySetQuantities} with the
 * cost bucket and userErrors) and the REST order/product listings with Link-header cursor paging.
 */
public final class ShopifyTransformer implements ResponseDefinitionTransformerV2 {

    /** Name used in stub definitions. */
    public static final String NAME = "omnihub-shopify-simulator";

    private static final ObjectMapper JSON = Json.mapper();
    private static final Pattern VERSION = Pattern.compile("/admin/api/([^/]+)/");
    private static final Pattern SKU_TERM = Pattern.compile("sku:'((?:[^'\\\\]|\\\\.)*)'");
    private static final Pattern IDEMPOTENT = Pattern.compile("@idempotent\\(\\s*key:\\s*(?:\\$(\\w+)|\"([^\"]*)\")\\s*\\)");
    private static final int MUTATION_COST = 10;
    private static final int QUERY_COST = 1;

    private final ShopifySimState state;

    public ShopifyTransformer(ShopifySimState state) {
        this.state = state;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        LoggedRequest req = serveEvent.getRequest();
        int fail = state.takeFailure();
        if (fail != 0) {
            ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(fail)
                    .withHeader("Content-Type", "application/json").withBody("{\"errors\":\"simulated failure\"}");
            if (fail == 429) {
                b = b.withHeader("Retry-After", "2.0");
            }
            return b.build();
        }
        String token = req.getHeader("X-Shopify-Access-Token");
        if (token == null || token.isBlank()) {
            return json(401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
        }
        String path = req.getUrl().split("\\?", 2)[0];
        Matcher vm = VERSION.matcher(path);
        String apiVersion = vm.find() ? vm.group(1) : "unknown";
        try {
            if (path.endsWith("/graphql.json")) {
                return graphql(JSON.readTree(req.getBodyAsString()), apiVersion);
            }
            if (path.endsWith("/orders.json")) {
                return list(req, "orders", apiVersion);
            }
            if (path.endsWith("/products.json")) {
                return list(req, "products", apiVersion);
            }
        } catch (Exception e) {
            return json(400, "{\"errors\":\"simulator could not read the request: " + e.getClass().getSimpleName() + "\"}");
        }
        return json(404, "{\"errors\":\"Not Found\"}");
    }

    // ---- GraphQL ----

    private ResponseDefinition graphql(JsonNode body, String apiVersion) {
        String query = body.path("query").asText("");
        JsonNode vars = body.path("variables");
        boolean mutation = query.trim().startsWith("mutation");
        int cost = mutation ? MUTATION_COST : QUERY_COST;
        if (mutation) {
            java.util.concurrent.CountDownLatch gate = state.enterGate();
            if (gate != null) {
                try {
                    gate.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        synchronized (state) {
            state.refill();
            if (state.available < cost) {
                state.throttled++;
                ArrayNode errors = out.putArray("errors");
                ObjectNode err = errors.addObject();
                err.put("message", "Throttled");
                err.putObject("extensions").put("code", "THROTTLED")
                        .put("documentation", "https://shopify.dev/api/usage/rate-limits");
                putCost(out, cost, null);
                return json(200, out.toString());
            }
            state.available -= cost;
            ObjectNode data = out.putObject("data");
            if (mutation && query.contains("inventorySetQuantities")) {
                String error = setQuantities(query, vars, apiVersion, data);
                if (error != null) {
                    out.remove("data");
                    out.putArray("errors").addObject().put("message", error);
                }
            } else if (query.contains("inventoryItems(")) {
                inventoryItems(query, vars, data);
            } else if (query.contains("inventoryItem(")) {
                inventoryItem(vars, data);
            } else if (query.contains("location {") || query.contains("location{")) {
                if (state.locations.isEmpty()) {
                    data.putNull("location");
                } else {
                    long id = state.locations.keySet().iterator().next();
                    data.putObject("location").put("id", "gid://shopify/Location/" + id)
                            .put("name", state.locations.get(id));
                }
            } else if (query.contains("shop")) {
                data.putObject("shop").put("name", "OmniHub Simulator");
            } else {
                out.remove("data");
                out.putArray("errors").addObject().put("message", "simulator does not know this query");
            }
            putCost(out, cost, cost);
        }
        return json(200, out.toString());
    }

    private void putCost(ObjectNode out, int requested, Integer actual) {
        ObjectNode cost = out.putObject("extensions").putObject("cost");
        cost.put("requestedQueryCost", requested);
        if (actual == null) {
            cost.putNull("actualQueryCost");
        } else {
            cost.put("actualQueryCost", actual);
        }
        cost.putObject("throttleStatus")
                .put("maximumAvailable", state.bucketSize)
                .put("currentlyAvailable", Math.floor(state.available))
                .put("restoreRate", state.restoreRate);
    }

    private void inventoryItems(String query, JsonNode vars, ObjectNode data) {
        String search = vars.path("query").asText(query);
        Matcher m = SKU_TERM.matcher(search);
        ArrayNode nodes = data.putObject("inventoryItems").putArray("nodes");
        while (m.find()) {
            String sku = m.group(1).replace("\\'", "'").replace("\\\\", "\\");
            Long id = state.itemsBySku.get(sku);
            if (id != null) {
                ObjectNode node = nodes.addObject().put("id", "gid://shopify/InventoryItem/" + id).put("sku", sku);
                if (query.contains("inventoryLevel(")) {
                    // the item's level at $locationId; null when the item is not stocked there (as Shopify answers)
                    Long q = state.quantities.get(ShopifySimState.key("gid://shopify/InventoryItem/" + id, vars.path("locationId").asText()));
                    if (q == null) {
                        node.putNull("inventoryLevel");
                    } else {
                        node.putObject("inventoryLevel").putArray("quantities").addObject().put("name", "available").put("quantity", q);
                    }
                }
            }
        }
    }

    private void inventoryItem(JsonNode vars, ObjectNode data) {
        String gid = vars.path("id").asText("");
        for (var e : state.itemsBySku.entrySet()) {
            if (gid.equals("gid://shopify/InventoryItem/" + e.getValue())) {
                data.putObject("inventoryItem").put("id", gid).put("sku", e.getKey());
                return;
            }
        }
        data.putNull("inventoryItem");
    }

    /** Applies the mutation atomically (nothing applied when any item has a userError); returns a top-level error or null. */
    private String setQuantities(String query, JsonNode vars, String apiVersion, ObjectNode data) {
        JsonNode input = vars.path("input");
        String key = idempotencyKey(query, vars);
        boolean v202604 = apiVersion.compareTo("2026-04") >= 0 && !apiVersion.equals("unknown");
        if (v202604 && key == null) {
            return "The @idempotent directive is required for this mutation as of 2026-04 (simulated).";
        }
        if (v202604 && input.has("ignoreCompareQuantity")) {
            return "InventorySetQuantitiesInput does not accept ignoreCompareQuantity as of 2026-04 (simulated).";
        }
        List<String[]> recorded = new ArrayList<>();
        ObjectNode payload = data.putObject("inventorySetQuantities");
        ArrayNode userErrors = JSON.createArrayNode();
        JsonNode qs = input.path("quantities");
        boolean v202601 = apiVersion.compareTo("2026-01") >= 0 && !apiVersion.equals("unknown");
        boolean compare = !v202601 && input.has("ignoreCompareQuantity") && !input.path("ignoreCompareQuantity").asBoolean();
        for (int i = 0; i < qs.size(); i++) {
            JsonNode q = qs.get(i);
            String item = q.path("inventoryItemId").asText();
            String loc = q.path("locationId").asText();
            recorded.add(new String[] {item, loc, q.path("quantity").asText()});
            if (!state.itemsBySku.containsValue(numericId(item))) {
                userError(userErrors, i, "inventoryItemId", "The specified inventory item could not be found.");
            } else if (!state.locations.containsKey(numericId(loc))) {
                userError(userErrors, i, "locationId", "The specified location could not be found.");
            } else if (v202604 && !q.has("changeFromQuantity")) {
                userError(userErrors, i, "changeFromQuantity", "changeFromQuantity is required as of 2026-04 (simulated).");
            } else if (v202601 && q.hasNonNull("changeFromQuantity") && q.path("changeFromQuantity").asLong() != persisted(item, loc)) {
                userError(userErrors, i, "changeFromQuantity", "CHANGE_FROM_QUANTITY_STALE",
                        "The changeFromQuantity value does not match persisted value.");
            } else if (compare && !q.hasNonNull("compareQuantity")) {
                userError(userErrors, i, "compareQuantity", "COMPARE_QUANTITY_REQUIRED",
                        "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.");
            } else if (compare && q.path("compareQuantity").asLong() != persisted(item, loc)) {
                userError(userErrors, i, "compareQuantity", "COMPARE_QUANTITY_STALE",
                        "The compareQuantity value does not match persisted value.");
            }
        }
        state.calls.add(new ShopifySimState.RecordedCall(recorded, key, input.deepCopy(), apiVersion));
        if (userErrors.isEmpty()) {
            for (JsonNode q : qs) {
                state.quantities.put(ShopifySimState.key(q.path("inventoryItemId").asText(), q.path("locationId").asText()),
                        q.path("quantity").asLong());
            }
            payload.putObject("inventoryAdjustmentGroup").put("id", "gid://shopify/InventoryAdjustmentGroup/" + state.calls.size());
        } else {
            payload.putNull("inventoryAdjustmentGroup");
        }
        payload.set("userErrors", userErrors);
        return null;
    }

    /** The quantity the simulated shop holds for an item at a location (0 when never set). */
    private long persisted(String itemGid, String locationGid) {
        Long q = state.quantities.get(ShopifySimState.key(itemGid, locationGid));
        return q == null ? 0 : q;
    }

    private static void userError(ArrayNode errors, int index, String field, String message) {
        userError(errors, index, field, null, message);
    }

    private static void userError(ArrayNode errors, int index, String field, String code, String message) {
        ObjectNode e = errors.addObject();
        if (code == null) {
            e.putNull("code");
        } else {
            e.put("code", code);
        }
        e.putArray("field").add("input").add("quantities").add(String.valueOf(index)).add(field);
        e.put("message", message);
    }

    private static String idempotencyKey(String query, JsonNode vars) {
        Matcher m = IDEMPOTENT.matcher(query);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? vars.path(m.group(1)).asText(null) : m.group(2);
    }

    private static Long numericId(String gid) {
        try {
            return Long.parseLong(gid.substring(gid.lastIndexOf('/') + 1));
        } catch (RuntimeException e) {
            return -1L;
        }
    }

    // ---- REST listings ----

    private ResponseDefinition list(LoggedRequest req, String resource, String apiVersion) {
        int limit = intParam(req.queryParameter("limit"), 50);
        if (limit < 1 || limit > 250) {
            return json(400, "{\"errors\":{\"limit\":\"must be between 1 and 250\"}}");
        }
        QueryParameter pageInfo = req.queryParameter("page_info");
        int offset = 0;
        String updatedMin = null;
        if (pageInfo.isPresent()) {
            for (String other : List.of("status", "updated_at_min")) {
                if (req.queryParameter(other).isPresent()) {
                    return json(400, "{\"errors\":{\"page_info\":\"When page_info is given, only limit and fields may be added (" + other + ")\"}}");
                }
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(pageInfo.firstValue()), StandardCharsets.UTF_8).split("\\|", -1);
            offset = Integer.parseInt(parts[0]);
            updatedMin = parts[1].isEmpty() ? null : parts[1];
        } else if (req.queryParameter("updated_at_min").isPresent()) {
            updatedMin = req.queryParameter("updated_at_min").firstValue();
        }
        List<JsonNode> all;
        synchronized (state) {
            all = new ArrayList<>(resource.equals("orders") ? state.orders : state.products);
        }
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode n : all) {
            if (updatedMin == null || !Json.parseInstant(n.path("updated_at").asText()).isBefore(Json.parseInstant(updatedMin))) {
                matching.add(n);
            }
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode arr = out.putArray(resource);
        int end = Math.min(matching.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            arr.add(matching.get(i));
        }
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(out.toString());
        if (end < matching.size()) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (end + "|" + (updatedMin == null ? "" : updatedMin)).getBytes(StandardCharsets.UTF_8));
            String base = req.getAbsoluteUrl().split("\\?", 2)[0];
            b = b.withHeader("Link", "<" + base + "?limit=" + limit + "&page_info=" + token + ">; rel=\"next\"");
        }
        return b.build();
    }

    private static int intParam(QueryParameter p, int fallback) {
        return p.isPresent() ? Integer.parseInt(p.firstValue()) : fallback;
    }

    private static ResponseDefinition json(int status, String body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(body).build();
    }
}
