package io.omnihub.bench;

import io.omnihub.testing.sim.ShopifySimulator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Stock fan-out: {@code channels} Shopify simulators with a known cost bucket (restore rate, size; 10
 * points per {@code inventorySetQuantities} of ≤ 250 items, 1 per query), one hub connector each;
 * the back office POSTs N stock levels to {@code /api/v1/stock} in batches; the time runs from the first
 * POST until every simulator holds the new quantity of every SKU. The floor is §6.3's
 * {@code max(0, ceil(N/250)·10 − bucket) / restoreRate} per channel (channels are independent buckets,
 * so the floor of the whole run is the per-channel floor).
 */
final class StockBench implements AutoCloseable {

    static final String LOCATION_ID = "WH-1";
    static final long SHOPIFY_LOCATION = 655_441_491L;
    static final int MUTATION_COST = 10;
    static final int SHOPIFY_BATCH = 250;

    private final List<ShopifySimulator> sims = new ArrayList<>();
    private final int skus;
    private final int restoreRate;
    private final int bucket;
    private int round;

    /** One push run: seconds until complete, THROTTLED answers, and GraphQL calls. */
    record Run(double seconds, double postSeconds, long throttled, long mutations, boolean complete, long missing) {
    }

    StockBench(int channels, int skus, int restoreRate, int bucket) {
        this.skus = skus;
        this.restoreRate = restoreRate;
        this.bucket = bucket;
        for (int c = 0; c < channels; c++) {
            ShopifySimulator sim = ShopifySimulator.start();
            sim.addLocation(SHOPIFY_LOCATION, "Bench warehouse");
            for (int i = 0; i < skus; i++) {
                sim.addInventoryItem(sku(i), 30_000_000_000L + i);
            }
            sim.restoreRate(restoreRate, bucket);
            sims.add(sim);
        }
    }

    static String sku(int i) {
        return String.format(Locale.ROOT, "BENCH-SKU-%06d", i);
    }

    /** The connector files (one per simulator). */
    Map<String, String> connectorFiles() {
        Map<String, String> files = new LinkedHashMap<>();
        for (int c = 0; c < sims.size(); c++) {
            String url = sims.get(c).baseUrl().replace("localhost", "127.0.0.1");
            files.put("bench-stock-" + (c + 1) + ".yaml", """
                    apiVersion: omnihub.io/v1
                    kind: Connector
                    metadata:
                      id: %s
                    spec:
                      type: shopify
                      enabled: true
                      connection:
                        baseUrl: %s
                        accessToken: ${BENCH_SHOPIFY_TOKEN}
                        apiVersion: "2025-10"
                      webhooks:
                        secrets: [${BENCH_SHOPIFY_WEBHOOK_SECRET}]
                      flows:
                        webhooks: false
                        stock: true
                      limits:
                        graphqlRestoreRate: %d
                      mapping:
                        locations:
                          %s: "%d"
                    """.formatted(connectorId(c), url, restoreRate, LOCATION_ID, SHOPIFY_LOCATION));
        }
        return files;
    }

    List<String> connectorIds() {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < sims.size(); c++) {
            ids.add(connectorId(c));
        }
        return ids;
    }

    private static String connectorId(int c) {
        return "bench-stock-" + (c + 1);
    }

    /** The rate-limit floor per channel, in seconds. */
    double floorSeconds() {
        long calls = (skus + SHOPIFY_BATCH - 1) / SHOPIFY_BATCH;
        return Math.max(0, calls * MUTATION_COST - bucket) / (double) restoreRate;
    }

    /** Pushes one new quantity for every SKU and waits until all simulators hold them. */
    Run run(OkHttpClient http, String hubBaseUrl, int batch, long timeoutMs) throws IOException, InterruptedException {
        round++;
        long[] expected = new long[skus];
        long throttled0 = 0;
        long calls0 = 0;
        for (ShopifySimulator sim : sims) {
            sim.restoreRate(restoreRate, bucket); // full bucket, like an idle shop
            throttled0 += sim.throttledCount();
            calls0 += sim.inventorySetCalls().size();
        }
        long t0 = System.nanoTime();
        for (int from = 0; from < skus; from += batch) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = from; i < Math.min(skus, from + batch); i++) {
                long onHand = round * 1_000L + (i % 997) + 1;
                expected[i] = onHand;
                if (i > from) {
                    sb.append(',');
                }
                sb.append("{\"sku\":\"").append(sku(i)).append("\",\"locationId\":\"").append(LOCATION_ID)
                        .append("\",\"onHand\":").append(onHand).append(",\"reserved\":0}");
            }
            sb.append(']');
            Request rq = new Request.Builder().url(hubBaseUrl + "/api/v1/stock").header("Authorization", Hub.AUTHORIZATION)
                    .post(RequestBody.create(sb.toString(), MediaType.get("application/json"))).build();
            try (Response r = http.newCall(rq).execute()) {
                String body = r.body().string();
                if (r.code() != 202 || !body.contains("\"accepted\":" + Math.min(batch, skus - from) + ",")) {
                    throw new IllegalStateException("POST /api/v1/stock answered " + r.code() + ": "
                            + body.substring(0, Math.min(300, body.length())));
                }
            }
        }
        double postSeconds = (System.nanoTime() - t0) / 1e9;
        long deadline = t0 + timeoutMs * 1_000_000L;
        long missing = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            missing = missing(expected);
            if (missing == 0) {
                break;
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long throttled = -throttled0;
        long calls = -calls0;
        for (ShopifySimulator sim : sims) {
            throttled += sim.throttledCount();
            calls += sim.inventorySetCalls().size();
        }
        return new Run(seconds, postSeconds, throttled, calls, missing == 0, missing);
    }

    private long missing(long[] expected) {
        long missing = 0;
        for (ShopifySimulator sim : sims) {
            Map<String, Long> q = sim.quantitiesBySku(SHOPIFY_LOCATION);
            for (int i = 0; i < skus; i++) {
                Long v = q.get(sku(i));
                if (v == null || v != expected[i]) {
                    missing++;
                }
            }
        }
        return missing;
    }

    @Override
    public void close() {
        sims.forEach(ShopifySimulator::close);
    }
}
