package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.error.RequestRejectedException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a shipment back to WooCommerce: the tracking numbers first (WooCommerce Shipment Tracking
 * extension {@code POST /wp-json/wc-shipment-tracking/v3/orders/{id}/shipment-trackings}, or a
 * customer order note with {@code POST /orders/{id}/notes}, or nothing), then the order status
 * ({@code PUT /orders/{id}} with {@code {"status": "completed"}} by default, which sends the
 * customer the "completed order" email). Repeating a shipment is idempotent: tracking numbers or
 * notes already on the order are not added twice.
 */
public final class WooCommerceFulfillmentSink implements FulfillmentSink {

    /** How tracking numbers reach the store. */
    public enum TrackingMode {
        SHIPMENT_TRACKING("shipment-tracking"), NOTE("note"), NONE("none");

        private final String key;

        TrackingMode(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public static TrackingMode of(String key) {
            for (TrackingMode m : values()) {
                if (m.key.equalsIgnoreCase(key)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown tracking mode " + key);
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    static final String TRACKING_PATH = "wp-json/wc-shipment-tracking/v3/orders/";

    private final WooCommerceClient client;
    private final TrackingMode mode;
    private final String orderStatus;

    /**
     * @param orderStatus status to set once shipped ({@code completed} by default); blank to leave it alone
     */
    public WooCommerceFulfillmentSink(WooCommerceClient client, TrackingMode mode, String orderStatus) {
        this.client = client;
        this.mode = mode;
        this.orderStatus = orderStatus == null ? "" : orderStatus.trim();
    }

    @Override
    public String pushFulfillment(Shipment shipment) {
        String orderId = shipment.orderExternalId();
        if (orderId == null || !orderId.matches("\\d+")) {
            throw new RequestRejectedException("WooCommerce order ids are numeric, got " + orderId, 0);
        }
        List<String> ids = new ArrayList<>();
        List<String> numbers = shipment.trackingNumbers() == null ? List.of() : shipment.trackingNumbers();
        switch (mode) {
            case SHIPMENT_TRACKING -> ids.addAll(addTrackingItems(orderId, shipment, numbers));
            case NOTE -> {
                if (!numbers.isEmpty() || shipment.carrier() != null) {
                    ids.add(addNote(orderId, shipment, numbers));
                }
            }
            case NONE -> {
            }
        }
        if (!orderStatus.isEmpty()) {
            client.put(client.api("orders/" + orderId).build(), Map.of("status", orderStatus));
        }
        return ids.isEmpty() ? orderId + ":" + (orderStatus.isEmpty() ? "shipped" : orderStatus) : String.join(",", ids);
    }

    private List<String> addTrackingItems(String orderId, Shipment s, List<String> numbers) {
        String base = TRACKING_PATH + orderId + "/shipment-trackings";
        Map<String, String> existing = new LinkedHashMap<>();
        for (JsonNode t : client.get(client.site(base).build()).body()) {
            existing.put(t.path("tracking_number").asText(""), t.path("tracking_id").asText(""));
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < numbers.size(); i++) {
            String number = numbers.get(i);
            if (existing.containsKey(number)) {
                ids.add(existing.get(number));
                continue;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            String url = s.trackingUrls() != null && s.trackingUrls().size() > i ? s.trackingUrls().get(i) : null;
            if (url != null && !url.isBlank()) {
                // custom provider: customer-facing carrier name plus the full link
                body.put("custom_tracking_provider", s.carrier() == null ? "Carrier" : s.carrier());
                body.put("custom_tracking_link", url);
            } else if (s.carrier() != null) {
                body.put("tracking_provider", s.carrier());
            }
            body.put("tracking_number", number);
            if (s.shippedAt() != null) {
                body.put("date_shipped", DAY.format(s.shippedAt()));
            }
            JsonNode created = client.post(client.site(base).build(), body).body();
            ids.add(created.path("tracking_id").asText(number));
        }
        return ids;
    }

    private String addNote(String orderId, Shipment s, List<String> numbers) {
        String marker = "[omnihub:" + (s.idempotencyKey() == null ? String.join(",", numbers) : s.idempotencyKey()) + "]";
        for (JsonNode n : client.get(client.api("orders/" + orderId + "/notes").build()).body()) {
            if (n.path("note").asText("").contains(marker)) {
                return n.path("id").asText();
            }
        }
        StringBuilder text = new StringBuilder("Shipped");
        if (s.carrier() != null) {
            text.append(" with ").append(s.carrier());
        }
        if (!numbers.isEmpty()) {
            text.append(", tracking ").append(String.join(", ", numbers));
        }
        if (s.trackingUrls() != null && !s.trackingUrls().isEmpty()) {
            text.append(" (").append(String.join(" ", s.trackingUrls())).append(')');
        }
        text.append(' ').append(marker);
        JsonNode created = client.post(client.api("orders/" + orderId + "/notes").build(),
                Map.of("note", text.toString(), "customer_note", s.notifyCustomer())).body();
        return created.path("id").asText(orderId.toLowerCase(Locale.ROOT));
    }
}
