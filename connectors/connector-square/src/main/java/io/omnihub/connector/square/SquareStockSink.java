package io.omnihub.connector.square;

import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.ItemResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.error.RequestRejectedException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stock out to Square with BatchChangeInventory ({@code POST /v2/inventory/changes/batch-create}):
 * absolute quantities become {@code PHYSICAL_COUNT} changes in state {@code IN_STOCK}, deltas
 * ({@link #adjust}) become {@code ADJUSTMENT} changes (NONE to IN_STOCK to add, IN_STOCK to WASTE to
 * remove). At most 100 changes per call, each call with an idempotency key derived from the items'
 * keys (so a retried batch is the same request). SKUs are resolved to variation ids through
 * {@link SquareCatalog}; unknown SKUs are reported and never sent. When Square rejects a whole
 * batch (400), the items are retried one by one so only the bad ones fail.
 */
public final class SquareStockSink implements StockSink {

    /** Changes per BatchChangeInventory call. */
    public static final int MAX_CHANGES = 100;
    private static final int OCCURRED_AT_MEMORY = 1000;

    private final SquareClient client;
    private final SquareCatalog catalog;
    private final Clock clock;
    private final Map<String, String> platformLocationByHub;
    private final Map<String, String> squareSkuByHubSku;
    /** occurred_at per idempotency key, so a retried request is byte-for-byte the same request. */
    private final Map<String, Instant> occurredAtByKey = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                    return size() > OCCURRED_AT_MEMORY;
                }
            });

    public SquareStockSink(SquareClient client, SquareCatalog catalog, Clock clock, Map<String, String> locations,
                           Map<String, String> skuAliases) {
        this.client = client;
        this.catalog = catalog;
        this.clock = clock;
        this.platformLocationByHub = Map.copyOf(locations);
        Map<String, String> inverse = new LinkedHashMap<>();
        skuAliases.forEach((squareSku, hubSku) -> inverse.put(hubSku, squareSku));
        this.squareSkuByHubSku = inverse;
    }

    @Override
    public int maxBatchSize() {
        return MAX_CHANGES;
    }

    @Override
    public StockPushResult push(List<StockUpdate> updates) {
        List<Change> changes = new ArrayList<>();
        for (StockUpdate u : updates) {
            changes.add(new Change(u.sku(), u.locationId(), BigDecimal.valueOf(u.quantity()), true, u.idempotencyKey()));
        }
        return send(changes);
    }

    /**
     * Relative changes as {@code ADJUSTMENT}s (the StockSink SPI only carries absolute quantities;
     * this is for callers that hold deltas).
     */
    public StockPushResult adjust(List<StockDelta> deltas) {
        List<Change> changes = new ArrayList<>();
        for (StockDelta d : deltas) {
            changes.add(new Change(d.sku(), d.locationId(), d.delta(), false, d.idempotencyKey()));
        }
        return send(changes);
    }

    /** A relative stock change of {@code delta} units (negative removes stock). */
    public record StockDelta(String sku, String locationId, BigDecimal delta, String idempotencyKey) {
    }

    private record Change(String sku, String locationId, BigDecimal quantity, boolean absolute, String key) {
        String squareLocation(Map<String, String> map) {
            return map.getOrDefault(locationId, locationId);
        }
    }

    private StockPushResult send(List<Change> changes) {
        ItemResult[] results = new ItemResult[changes.size()];
        List<String> skus = new ArrayList<>();
        for (Change c : changes) {
            skus.add(squareSku(c.sku()));
        }
        Map<String, String> ids = catalog.variationIds(skus.stream().filter(s -> s != null && !s.isBlank()).toList());
        List<Integer> sendable = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            String reason = invalid(c);
            if (reason != null) {
                results[i] = new ItemResult(c.sku(), c.locationId(), Outcome.REJECTED, reason);
            } else if (!ids.containsKey(skus.get(i))) {
                results[i] = new ItemResult(c.sku(), c.locationId(), Outcome.UNKNOWN_SKU,
                        "no Square item variation has SKU " + skus.get(i));
            } else {
                sendable.add(i);
            }
        }
        for (int from = 0; from < sendable.size(); from += MAX_CHANGES) {
            List<Integer> chunk = sendable.subList(from, Math.min(sendable.size(), from + MAX_CHANGES));
            String key = batchKey(changes, chunk);
            try {
                post(changes, chunk, ids, skus, key);
                for (int i : chunk) {
                    results[i] = new ItemResult(changes.get(i).sku(), changes.get(i).locationId(), Outcome.APPLIED, null);
                }
            } catch (RequestRejectedException rejected) {
                if (chunk.size() == 1) {
                    int i = chunk.get(0);
                    results[i] = new ItemResult(changes.get(i).sku(), changes.get(i).locationId(), Outcome.REJECTED,
                            rejected.getMessage());
                    continue;
                }
                // isolate the bad items: each one alone, with its own derived key
                for (int i : chunk) {
                    try {
                        post(changes, List.of(i), ids, skus, key + "-" + i);
                        results[i] = new ItemResult(changes.get(i).sku(), changes.get(i).locationId(), Outcome.APPLIED, null);
                    } catch (RequestRejectedException e) {
                        results[i] = new ItemResult(changes.get(i).sku(), changes.get(i).locationId(), Outcome.REJECTED,
                                e.getMessage());
                    }
                }
            }
        }
        return new StockPushResult(List.of(results));
    }

    private String invalid(Change c) {
        if (c.sku() == null || c.sku().isBlank()) {
            return "SKU is blank";
        }
        if (c.locationId() == null || c.locationId().isBlank()) {
            return "location is blank";
        }
        if (c.absolute() && c.quantity().signum() < 0) {
            return "Square physical counts cannot be negative";
        }
        if (!c.absolute() && c.quantity().signum() == 0) {
            return "an adjustment of zero changes nothing";
        }
        return null;
    }

    private void post(List<Change> changes, List<Integer> chunk, Map<String, String> ids, List<String> skus, String key) {
        String occurredAt = occurredAtByKey.computeIfAbsent(key, k -> clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .toString();
        List<Map<String, Object>> body = new ArrayList<>();
        for (int i : chunk) {
            Change c = changes.get(i);
            Map<String, Object> detail = new LinkedHashMap<>();
            if (c.key() != null && !c.key().isBlank()) {
                detail.put("reference_id", c.key().length() > 255 ? c.key().substring(0, 255) : c.key());
            }
            detail.put("catalog_object_id", ids.get(skus.get(i)));
            detail.put("location_id", c.squareLocation(platformLocationByHub));
            Map<String, Object> change = new LinkedHashMap<>();
            if (c.absolute()) {
                detail.put("state", "IN_STOCK");
                detail.put("quantity", c.quantity().toPlainString());
                detail.put("occurred_at", occurredAt);
                change.put("type", "PHYSICAL_COUNT");
                change.put("physical_count", detail);
            } else {
                boolean add = c.quantity().signum() > 0;
                detail.put("from_state", add ? "NONE" : "IN_STOCK");
                detail.put("to_state", add ? "IN_STOCK" : "WASTE");
                detail.put("quantity", c.quantity().abs().toPlainString());
                detail.put("occurred_at", occurredAt);
                change.put("type", "ADJUSTMENT");
                change.put("adjustment", detail);
            }
            body.add(change);
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("idempotency_key", key);
        request.put("changes", body);
        request.put("ignore_unchanged_counts", true);
        client.post("/v2/inventory/changes/batch-create", request);
    }

    private String squareSku(String hubSku) {
        return hubSku == null ? null : squareSkuByHubSku.getOrDefault(hubSku, hubSku);
    }

    /**
     * Stable key for a chunk when every item has a key (a retried batch is then the same request);
     * a random UUID otherwise. At most 128 characters, as Square requires.
     */
    static String batchKey(List<?> changes, List<Integer> chunk) {
        StringBuilder material = new StringBuilder();
        for (int i : chunk) {
            Change c = (Change) changes.get(i);
            if (c.key() == null || c.key().isBlank()) {
                return UUID.randomUUID().toString();
            }
            material.append(c.key()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material.toString().getBytes(StandardCharsets.UTF_8));
            return "omnihub-" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
