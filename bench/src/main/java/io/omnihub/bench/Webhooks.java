package io.omnihub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Signed Shopify {@code orders/create} webhooks built from the documented example order
 * ({@code fixtures/shopify/webhooks/orders-create.json}, compact JSON), each with a new order id
 * (also in {@code admin_graphql_api_id}) and a new {@code X-Shopify-Event-Id}, signed like Shopify
 * does (base64 HMAC-SHA256 of the raw body, {@link ShopifySigner}).
 */
final class Webhooks {

    static final String SECRET = "bench-webhook-secret";
    static final String SHOP_DOMAIN = "omnihub-bench.myshopify.com";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final long MARKER = 987_654_321_987_654_321L;

    private final String url;
    private final String[] parts;
    private final AtomicLong nextId;
    final int bodyBytes;

    Webhooks(String hubBaseUrl, String connectorId) {
        this.url = hubBaseUrl + "/webhooks/" + connectorId;
        try {
            ObjectMapper om = new ObjectMapper();
            ObjectNode order = (ObjectNode) om.readTree(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"));
            String now = Instant.now().toString();
            order.put("id", MARKER);
            order.put("created_at", now);
            order.put("updated_at", now);
            if (order.has("admin_graphql_api_id")) {
                order.put("admin_graphql_api_id", "gid://shopify/Order/" + MARKER);
            }
            String text = om.writeValueAsString(order);
            this.parts = text.split(Long.toString(MARKER), -1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // ids well away from the fixture's and unique per harness run
        this.nextId = new AtomicLong(1_000_000_000_000L + (System.currentTimeMillis() % 1_000_000L) * 1_000_000L);
        this.bodyBytes = body(nextId.get()).length;
    }

    long nextId() {
        return nextId.incrementAndGet();
    }

    byte[] body(long id) {
        String s = Long.toString(id);
        StringBuilder sb = new StringBuilder(parts.length * 16 + 8192);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                sb.append(s);
            }
            sb.append(parts[i]);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A signed {@code orders/create} request for a new order id. */
    Request request(long id) {
        byte[] body = body(id);
        Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(body, JSON));
        for (Map.Entry<String, String> h : ShopifySigner.headers("orders/create", body, SECRET, "bench-" + id, SHOP_DOMAIN).entrySet()) {
            rb.header(h.getKey(), h.getValue());
        }
        return rb.build();
    }
}
