package io.omnihub.testing.sim;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.omnihub.testing.sim.shopify.ShopifySimState;
import io.omnihub.testing.sim.shopify.ShopifyTransformer;
import java.util.List;
import java.util.Map;

/**
 * A Shopify Admin API stand-in on WireMock for connector and end-to-end tests. It answers, for any API
 * version in the path:
 * <ul>
 *   <li>{@code POST /admin/api/{v}/graphql.json}: {@code shop { name }}, {@code location { id }} (primary
 *       location = the first one added), {@code inventoryItems(query: "sku:'A' OR sku:'B'")} (with
 *       {@code inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }} when
 *       asked: the read-back of the drift check),
 *       {@code inventoryItem(id:)} and the {@code inventorySetQuantities} mutation. Every answer carries
 *       {@code extensions.cost.throttleStatus}; a request costlier than the bucket's content gets HTTP 200 with
 *       {@code errors[].extensions.code = THROTTLED}. Mutations cost 10 points, queries 1. The mutation is
 *       atomic: when any quantity has a userError (unknown item or location) nothing is applied. From
 *       2026-04 it requires the {@code @idempotent} directive and {@code changeFromQuantity}, and refuses
 *       {@code ignoreCompareQuantity}, as Shopify's changelog announces. Compare-and-set is honoured: a non-null
 *       {@code changeFromQuantity} (2026-01+) or, with {@code ignoreCompareQuantity: false} (before 2026-01), a
 *       {@code compareQuantity} that is not the shop's quantity gets the userError {@code CHANGE_FROM_QUANTITY_STALE}
 *       / {@code COMPARE_QUANTITY_STALE} and nothing is applied.</li>
 *   <li>{@code GET /admin/api/{v}/orders.json} and {@code products.json}: the added entities filtered by
 *       {@code updated_at_min}, paged by {@code limit} with a {@code Link: <...page_info=...>; rel="next"} header;
 *       a {@code page_info} request that adds other filters is refused with 400, as Shopify does.</li>
 * </ul>
 * Requests without {@code X-Shopify-Access-Token} get 401. Use {@link #failNext(int, int)} for 429/5xx.
 */
public final class ShopifySimulator implements AutoCloseable {

    /** One {@code inventorySetQuantities} call as received (also those refused with userErrors). */
    public record SetQuantitiesCall(List<Quantity> quantities, String idempotencyKey) {
        public SetQuantitiesCall {
            quantities = List.copyOf(quantities);
        }
    }

    /** One quantity of a call, with Shopify GIDs. */
    public record Quantity(String inventoryItemGid, String locationGid, long quantity) {
    }

    private final WireMockServer server;
    private final ShopifySimState state;

    private ShopifySimulator(WireMockServer server, ShopifySimState state) {
        this.server = server;
        this.state = state;
    }

    /** Starts a simulator on a dynamic port. */
    public static ShopifySimulator start() {
        ShopifySimState state = new ShopifySimState();
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .extensions(new ShopifyTransformer(state)));
        server.start();
        String t = ShopifyTransformer.NAME;
        server.stubFor(post(urlPathMatching("/admin/api/[^/]+/graphql\\.json")).willReturn(aResponse().withTransformers(t)));
        server.stubFor(get(urlPathMatching("/admin/api/[^/]+/(orders|products)\\.json")).willReturn(aResponse().withTransformers(t)));
        return new ShopifySimulator(server, state);
    }

    /** Base URL to put in {@code connection.baseUrl}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The underlying server, for extra stubs and request verification. */
    public WireMockServer server() {
        return server;
    }

    /** Registers an inventory item: {@code gid://shopify/InventoryItem/{id}} with the SKU. */
    public void addInventoryItem(String sku, long inventoryItemId) {
        state.addInventoryItem(sku, inventoryItemId);
    }

    /** Registers a location; the first one added is the shop's primary location. */
    public void addLocation(long id, String name) {
        state.addLocation(id, name);
    }

    /** Adds a REST order (the bare order object) to the {@code orders.json} listing. */
    public void addOrder(JsonNode order) {
        state.addOrder(order);
    }

    /** Adds a REST product (the bare product object) to the {@code products.json} listing. */
    public void addProduct(JsonNode product) {
        state.addProduct(product);
    }

    /** Every {@code inventorySetQuantities} call received, in order. */
    public List<SetQuantitiesCall> inventorySetCalls() {
        return state.calls().stream().map(c -> new SetQuantitiesCall(
                c.quantities().stream().map(q -> new Quantity(q[0], q[1], Long.parseLong(q[2]))).toList(),
                c.idempotencyKey())).toList();
    }

    /** The raw {@code input} variable of every {@code inventorySetQuantities} call, to check its shape. */
    public List<JsonNode> inventorySetInputs() {
        return state.calls().stream().map(ShopifySimState.RecordedCall::input).toList();
    }

    /** Applied quantities at a location, by SKU. */
    public Map<String, Long> quantitiesBySku(long locationId) {
        return state.quantitiesBySku(locationId);
    }

    /** Sets the cost bucket: {@code bucketSize} points, refilled at {@code pointsPerSecond}; starts full. */
    public void restoreRate(int pointsPerSecond, int bucketSize) {
        state.restoreRate(pointsPerSecond, bucketSize);
    }

    /** How many GraphQL requests were answered THROTTLED. */
    public int throttledCount() {
        return state.throttledCount();
    }

    /** The next {@code times} requests (GraphQL or REST) fail with {@code status} (429 adds Retry-After: 2.0). */
    public void failNext(int status, int times) {
        state.failNext(status, times);
    }

    /** Mutations wait from now on until {@link #releaseMutations()} (a channel that hangs mid-push). */
    public void holdMutations() {
        state.holdMutations();
    }

    /** Lets waiting and future mutations through. */
    public void releaseMutations() {
        state.releaseMutations();
    }

    /** How many mutations arrived since {@link #holdMutations()}. */
    public int heldMutations() {
        return state.heldMutations();
    }

    /** Changes a quantity behind the hub's back (a merchant editing it in the Shopify admin). */
    public void setQuantity(String sku, long locationId, long quantity) {
        state.setQuantity(sku, locationId, quantity);
    }

    @Override
    public void close() {
        server.stop();
    }
}
