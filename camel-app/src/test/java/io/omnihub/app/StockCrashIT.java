package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.testing.sim.ShopifySimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, "restart in the middle of a push": the hub runs as its own process (the packaged jar) pushing
 * stock to a rate-limited Shopify simulator; it is killed with {@code kill -9} right after the first push
 * call reached the channel, restarted on the same data folder, and the back office raises half of the
 * SKUs. Every SKU must end at its newest quantity (nothing lost), and once a SKU has received its new
 * quantity it never receives the old one again (nothing pushed with a stale value). Run by failsafe
 * ({@code mvn verify}), after the jar is built.
 */
class StockCrashIT {

    static final int SKUS = 400;
    static final int RAISED = 200;
    static final long LOCATION = 77001L;
    static final String SHOP = "shop-stockcrash";
    static final String PASSWORD = "stockcrash-admin-password";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Path workDir;
    static Path dataDir;
    static Path configDir;
    static Path jar;
    static int port;
    static Process hub;
    static int starts;
    static ShopifySimulator sim;

    @BeforeAll
    static void setUp() throws IOException {
        Path module = CrashRecoveryIT.moduleDir();
        Path built = module.resolve("target/omnihub.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the hub jar " + built + " is missing: run `mvn verify` in " + module);
        }
        workDir = Files.createDirectories(module.resolve("target/stock-crash-it"));
        dataDir = Files.createTempDirectory("omnihub-stockcrash-data");
        configDir = Files.createTempDirectory("omnihub-stockcrash-config");
        jar = Files.copy(built, dataDir.resolve("omnihub.jar"));
        port = CrashRecoveryIT.freePort();
        sim = ShopifySimulator.start();
        sim.addLocation(LOCATION, "Crash warehouse");
        for (int i = 0; i < SKUS; i++) {
            sim.addInventoryItem(sku(i), 930000L + i);
        }
        // a slow channel: a few calls per second, so the first push is still being worked off when the hub dies
        sim.restoreRate(10, 60);
        Files.writeString(configDir.resolve(SHOP + ".yaml"), """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: shopify
                  connection:
                    baseUrl: %s
                    accessToken: ${STOCKCRASH_SHOPIFY_TOKEN}
                  webhooks:
                    secrets: [${STOCKCRASH_SHOPIFY_SECRET}]
                  limits:
                    graphqlRestoreRate: 10
                  mapping:
                    locations:
                      WH-1: "%d"
                """.formatted(SHOP, sim.baseUrl(), LOCATION));
    }

    @AfterAll
    static void tearDown() {
        if (hub != null && hub.isAlive()) {
            hub.destroyForcibly();
        }
        if (sim != null) {
            sim.close();
        }
        CrashRecoveryIT.deleteTree(dataDir);
        CrashRecoveryIT.deleteTree(configDir);
    }

    @Test
    void killDashNineMidPushLosesNothingAndNeverPushesAStaleQuantity() throws Exception {
        startHub();
        awaitReady();
        Instant t0 = Instant.now();
        postLevels(0, SKUS, 10, t0);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (sim.inventorySetCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sim.inventorySetCalls()).as("a first push reached the channel").isNotEmpty();
        hub.destroyForcibly().waitFor();
        int beforeKill = sim.inventorySetCalls().size();
        assertThat(quantities().size()).as("the kill came in the middle of the push, not after it").isLessThan(SKUS);

        startHub();
        awaitReady();
        postLevels(0, RAISED, 20, t0.plusSeconds(1));

        deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!complete() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(complete()).as("every SKU at its newest quantity; now " + summary()).isTrue();
        Thread.sleep(3000); // anything still queued would arrive now
        assertThat(complete()).as("still at the newest quantities after the pushes settled; now " + summary()).isTrue();

        // once a raised SKU got 20, it never gets 10 again
        Set<String> raised = new HashSet<>();
        List<String> stale = new ArrayList<>();
        for (ShopifySimulator.SetQuantitiesCall call : sim.inventorySetCalls()) {
            for (ShopifySimulator.Quantity q : call.quantities()) {
                String sku = skuOf(q.inventoryItemGid());
                if (q.quantity() == 20) {
                    raised.add(sku);
                } else if (raised.contains(sku)) {
                    stale.add(sku + " got " + q.quantity() + " after 20");
                }
            }
        }
        assertThat(stale).isEmpty();
        System.out.printf("stock crash: %d push calls before the kill, %d after; %d SKUs, %d raised%n", beforeKill,
                sim.inventorySetCalls().size() - beforeKill, SKUS, RAISED);
    }

    static boolean complete() {
        Map<String, Long> q = quantities();
        for (int i = 0; i < SKUS; i++) {
            Long v = q.get(sku(i));
            if (v == null || v != (i < RAISED ? 20 : 10)) {
                return false;
            }
        }
        return true;
    }

    static String summary() {
        Map<String, Long> q = quantities();
        Map<Long, Integer> byValue = new HashMap<>();
        q.values().forEach(v -> byValue.merge(v, 1, Integer::sum));
        return q.size() + " SKUs listed, by quantity " + byValue + ", " + sim.inventorySetCalls().size() + " calls";
    }

    static Map<String, Long> quantities() {
        return sim.quantitiesBySku(LOCATION);
    }

    static String sku(int i) {
        return "CRASH-%04d".formatted(i);
    }

    static String skuOf(String inventoryItemGid) {
        long id = Long.parseLong(inventoryItemGid.substring(inventoryItemGid.lastIndexOf('/') + 1));
        return sku((int) (id - 930000L));
    }

    static void postLevels(int from, int to, long onHand, Instant asOf) throws Exception {
        StringBuilder b = new StringBuilder("[");
        for (int i = from; i < to; i++) {
            if (i > from) {
                b.append(',');
            }
            b.append("{\"sku\":\"").append(sku(i)).append("\",\"locationId\":\"WH-1\",\"onHand\":").append(onHand)
                    .append(",\"asOf\":\"").append(asOf).append("\"}");
        }
        b.append(']');
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/stock"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").header("Authorization", auth())
                .POST(HttpRequest.BodyPublishers.ofString(b.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }

    static String auth() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static void startHub() throws IOException {
        starts++;
        hub = CrashRecoveryIT.startJar(jar, port, dataDir, configDir, workDir, starts, Map.of(
                "STOCKCRASH_SHOPIFY_TOKEN", "shpat_stockcrash_token",
                "STOCKCRASH_SHOPIFY_SECRET", "stockcrash-webhook-secret",
                "OMNIHUB_ADMIN_PASSWORD", PASSWORD));
    }

    static void awaitReady() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            if (!hub.isAlive()) {
                throw new AssertionError("the hub exited with " + hub.exitValue() + "; see " + workDir);
            }
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/connectors"))
                        .header("Authorization", auth()).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"" + SHOP + "\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the hub was not ready within 60 s; see " + workDir);
    }
}
