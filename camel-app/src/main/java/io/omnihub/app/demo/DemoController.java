package io.omnihub.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ShopifySimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo endpoints: {@code POST /demo/shopify/orders} plays Shopify and sends a signed
 * {@code orders/create} webhook (the documented example order, with a fresh id) to the hub;
 * {@code POST /demo/erp/events} is the demo ERP that receives the hub's CloudEvents and
 * {@code GET /demo/erp/events} lists them; {@code GET /demo/shopify/inventory} shows the quantities
 * the hub pushed to the simulated shop.
 */
@RestController
@ConditionalOnProperty(name = "omnihub.demo.enabled", havingValue = "true")
public class DemoController {

    private static final int KEEP = 500;

    private final Environment env;
    private final ShopifySimulator shopify;
    private final Deque<JsonNode> received = new ArrayDeque<>();
    private final AtomicLong nextOrderId = new AtomicLong(System.currentTimeMillis() / 1000 * 10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DemoController(Environment env, ShopifySimulator shopify) {
        this.env = env;
        this.shopify = shopify;
    }

    /** Sends a signed Shopify orders/create webhook for a new order to {@code /webhooks/{connector}}. */
    @PostMapping("/demo/shopify/orders")
    public ResponseEntity<Map<String, Object>> sendOrder(@RequestParam(defaultValue = "shopify-demo") String connector)
            throws IOException, InterruptedException {
        ObjectNode order = (ObjectNode) Json.mapper().readTree(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"));
        long id = nextOrderId.incrementAndGet();
        String now = Instant.now().toString();
        order.put("id", id);
        order.put("name", "#D" + (id % 100000));
        order.put("created_at", now);
        order.put("updated_at", now);
        byte[] body = Json.mapper().writeValueAsBytes(order);
        String secret = env.getProperty("SHOPIFY_DEMO_WEBHOOK_SECRET", "demo-webhook-secret");
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + env.getProperty("local.server.port")
                + "/webhooks/" + connector)).timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        ShopifySigner.headers("orders/create", body, secret, UUID.randomUUID().toString(), "omnihub-demo.myshopify.com")
                .forEach(rb::header);
        HttpResponse<String> r = http.send(rb.header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sentOrderId", id);
        out.put("subject", connector + ":order:" + id);
        out.put("hubAnswer", r.statusCode());
        out.put("hubBody", r.body());
        out.put("next", "GET /demo/erp/events shows the canonical CloudEvent the demo ERP received");
        return ResponseEntity.status(r.statusCode() == 200 ? 200 : 502).body(out);
    }

    /** The demo ERP: receives CloudEvents. */
    @PostMapping("/demo/erp/events")
    public ResponseEntity<Void> receive(@RequestBody JsonNode event) {
        synchronized (received) {
            received.addFirst(event);
            while (received.size() > KEEP) {
                received.removeLast();
            }
        }
        return ResponseEntity.ok().build();
    }

    /** What the demo ERP received, newest first. */
    @GetMapping("/demo/erp/events")
    public List<JsonNode> events(@RequestParam(required = false) String type) {
        synchronized (received) {
            return new ArrayList<>(received).stream().filter(e -> type == null || type.equals(e.path("type").asText())).toList();
        }
    }

    /** Quantities the hub pushed to the simulated shop's demo location, by SKU. */
    @GetMapping("/demo/shopify/inventory")
    public Map<String, Long> inventory() {
        return shopify.quantitiesBySku(DemoConfiguration.DEMO_LOCATION);
    }
}
