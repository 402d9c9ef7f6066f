package io.omnihub.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.app.HubTestSupport;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * After a known number of webhooks (accepted, duplicate, refused), the Prometheus metrics of that
 * connector and destination are exactly those numbers, and the end-to-end latency histograms counted
 * every delivery.
 */
class MetricsExactnessTest extends HubTestSupport {

    private static final String SHOP = "mx-shop";
    private static final String DEST = "mx-erp";
    private static final String ORDER = "io.omnihub.order.upserted.v1";

    @BeforeAll
    static void config() {
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "order"));
    }

    @AfterAll
    static void cleanup() {
        deleteConfig(SHOP + ".yaml");
        deleteConfig(DEST + ".yaml");
    }

    @Test
    void countersAndHistogramsMatchWhatWasSent() throws Exception {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        ERP.healthy();
        byte[] fixture = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        List<Map<String, String>> accepted = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ObjectNode o = (ObjectNode) json(new String(fixture, StandardCharsets.UTF_8));
            o.put("id", 9_300_000_000L + i);
            byte[] b = o.toString().getBytes(StandardCharsets.UTF_8);
            Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", b, SHOPIFY_SECRET, UUID.randomUUID().toString(),
                    "mx.myshopify.com"));
            assertThat(post("/webhooks/" + SHOP, b, h).statusCode()).isEqualTo(200);
            accepted.add(h);
            bodies.add(b);
        }
        for (int i = 0; i < 2; i++) { // the platform retries two of them: duplicates
            assertThat(post("/webhooks/" + SHOP, bodies.get(i), accepted.get(i)).statusCode()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            Map<String, String> h = new HashMap<>(ShopifySigner.headers("orders/create", bodies.get(0), "wrong-secret",
                    UUID.randomUUID().toString(), "mx.myshopify.com"));
            assertThat(post("/webhooks/" + SHOP, bodies.get(0), h).statusCode()).isEqualTo(401);
        }
        await(Duration.ofSeconds(30), "7 deliveries", () -> erpDeliveredBy(DEST).size() == 7);
        await(Duration.ofSeconds(10), "delivery metrics", () ->
                value(scrape(), "omnihub_deliveries_total", "destination", DEST, "outcome", "delivered", "type", ORDER) == 7.0);

        String p = scrape();
        assertThat(value(p, "omnihub_webhooks_total", "connector", SHOP, "outcome", "accepted")).isEqualTo(7.0);
        assertThat(value(p, "omnihub_webhooks_total", "connector", SHOP, "outcome", "duplicate")).isEqualTo(2.0);
        assertThat(value(p, "omnihub_webhooks_total", "connector", SHOP, "outcome", "unauthorized")).isEqualTo(3.0);
        assertThat(value(p, "omnihub_events_published_total", "connector", SHOP, "type", ORDER)).isEqualTo(7.0);
        assertThat(value(p, "omnihub_deliveries_total", "destination", DEST, "outcome", "delivered", "type", ORDER)).isEqualTo(7.0);
        assertThat(value(p, "omnihub_deliveries_total", "destination", DEST, "outcome", "retried", "type", ORDER)).isNaN();
        assertThat(value(p, "omnihub_delivery_seconds_count", "destination", DEST)).isEqualTo(7.0);
        assertThat(value(p, "omnihub_e2e_receipt_to_delivery_seconds_count", "connector", SHOP, "destination", DEST)).isEqualTo(7.0);
        assertThat(value(p, "omnihub_e2e_event_to_delivery_seconds_count", "connector", SHOP, "destination", DEST)).isEqualTo(7.0);
        double sum = value(p, "omnihub_e2e_receipt_to_delivery_seconds_sum", "connector", SHOP, "destination", DEST);
        assertThat(sum).isGreaterThan(0).isLessThan(7 * 30.0);
        assertThat(value(p, "omnihub_e2e_receipt_to_delivery_seconds_bucket", "connector", SHOP, "destination", DEST, "le", "+Inf"))
                .isEqualTo(7.0);

        // the ops API agrees with the metrics
        assertThat(connectorCount(SHOP, "webhook.accepted")).isEqualTo(7);
        assertThat(connectorCount(SHOP, "published")).isEqualTo(7);
    }

    /** Every metric the Grafana dashboard queries is one the hub documents (docs/api.md), so the dashboard cannot drift. */
    @Test
    void theGrafanaDashboardUsesOnlyDocumentedMetricNames() throws Exception {
        java.nio.file.Path docs = java.nio.file.Path.of("..", "docs");
        String dashboard = java.nio.file.Files.readString(docs.resolve("grafana/omnihub-dashboard.json"));
        String api = java.nio.file.Files.readString(docs.resolve("api.md"));
        json(dashboard); // valid JSON
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("omnihub_[a-z0-9_]+").matcher(dashboard);
        java.util.Set<String> used = new java.util.TreeSet<>();
        while (m.find()) {
            used.add(m.group().replaceAll("_(bucket|sum|count|max)$", ""));
        }
        assertThat(used).hasSizeGreaterThan(10);
        for (String name : used) {
            assertThat(api).as("docs/api.md documents " + name).contains("`" + name + "`");
        }
        for (String always : List.of("omnihub_alerts_active", "omnihub_queue_depth")) {
            await(Duration.ofSeconds(20), always + " exposed", () -> scrape().contains(always));
        }
    }

    private String scrape() {
        var r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    /** The value of the one sample with this name and (at least) these labels; NaN when there is none. */
    static double value(String exposition, String name, String... labels) {
        Double found = null;
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String lbl = line.substring(name.length() + 1, line.indexOf('}'));
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                if (!(("," + lbl + ",").contains("," + labels[i] + "=\"" + labels[i + 1] + "\","))) {
                    all = false;
                    break;
                }
            }
            if (all) {
                assertThat(found).as("more than one sample of " + name + " matches").isNull();
                found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return found == null ? Double.NaN : found;
    }
}
