package io.omnihub.testing.sim.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable store behind {@link io.omnihub.testing.sim.ShopifySimulator}: inventory items, locations,
 * quantities, orders, products, the cost bucket and recorded mutations. All access is synchronized on the
 * instance, because WireMock serves requests on several threads.
 */
public final class ShopifySimState {

    /** One recorded {@code inventorySetQuantities} call: quantities as (item gid, location gid, quantity), key, raw input. */
    public record RecordedCall(List<String[]> quantities, String idempotencyKey, JsonNode input, String apiVersion) {
    }

    final Map<String, Long> itemsBySku = new LinkedHashMap<>();
    final Map<Long, String> locations = new LinkedHashMap<>();
    final Map<String, Long> quantities = new LinkedHashMap<>();
    final List<RecordedCall> calls = new ArrayList<>();
    final List<JsonNode> orders = new ArrayList<>();
    final List<JsonNode> products = new ArrayList<>();

    double bucketSize = 2000;
    double restoreRate = 100;
    double available = 2000;
    long lastRefillNanos = System.nanoTime();
    int throttled;
    int failStatus;
    int failTimes;
    /** While set, {@code inventorySetQuantities} requests wait for it before they are applied. */
    java.util.concurrent.CountDownLatch mutationGate;
    int heldMutations;

    /** From now on mutations wait (they are answered and applied only after {@link #releaseMutations()}). */
    public synchronized void holdMutations() {
        mutationGate = new java.util.concurrent.CountDownLatch(1);
        heldMutations = 0;
    }

    /** Lets every waiting and future mutation through. */
    public synchronized void releaseMutations() {
        if (mutationGate != null) {
            mutationGate.countDown();
        }
        mutationGate = null;
    }

    /** How many mutations arrived while held. */
    public synchronized int heldMutations() {
        return heldMutations;
    }

    synchronized java.util.concurrent.CountDownLatch enterGate() {
        if (mutationGate != null) {
            heldMutations++;
        }
        return mutationGate;
    }

    /** Sets a quantity directly, as a merchant editing stock in the Shopify admin would (no call recorded). */
    public synchronized void setQuantity(String sku, long locationId, long quantity) {
        Long id = itemsBySku.get(sku);
        if (id == null) {
            throw new IllegalArgumentException("unknown SKU " + sku);
        }
        quantities.put(key("gid://shopify/InventoryItem/" + id, "gid://shopify/Location/" + locationId), quantity);
    }

    public synchronized void addInventoryItem(String sku, long id) {
        itemsBySku.put(sku, id);
    }

    public synchronized void addLocation(long id, String name) {
        locations.put(id, name);
    }

    public synchronized void addOrder(JsonNode order) {
        orders.add(order);
    }

    public synchronized void addProduct(JsonNode product) {
        products.add(product);
    }

    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public synchronized Map<String, Long> quantitiesBySku(long locationId) {
        Map<String, Long> out = new LinkedHashMap<>();
        String loc = "gid://shopify/Location/" + locationId;
        itemsBySku.forEach((sku, id) -> {
            Long q = quantities.get(key("gid://shopify/InventoryItem/" + id, loc));
            if (q != null) {
                out.put(sku, q);
            }
        });
        return out;
    }

    public synchronized void restoreRate(int pointsPerSecond, int size) {
        restoreRate = pointsPerSecond;
        bucketSize = size;
        available = size;
        lastRefillNanos = System.nanoTime();
    }

    public synchronized int throttledCount() {
        return throttled;
    }

    public synchronized void failNext(int status, int times) {
        failStatus = status;
        failTimes = times;
    }

    /** The status to fail the current request with, or 0. */
    synchronized int takeFailure() {
        if (failTimes > 0) {
            failTimes--;
            return failStatus;
        }
        return 0;
    }

    synchronized void refill() {
        long now = System.nanoTime();
        available = Math.min(bucketSize, available + (now - lastRefillNanos) / 1e9 * restoreRate);
        lastRefillNanos = now;
    }

    static String key(String itemGid, String locationGid) {
        return itemGid + "|" + locationGid;
    }
}
