package io.omnihub.routes.fulfillment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.support.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One shipment from the back office ({@code POST /api/v1/fulfillments}): {@code orderRef}
 * ({@code {connectorId}:{externalId}}, the canonical order id), optional {@code fulfillmentId} (the
 * WMS's id), {@code lines[] {lineId?, sku?, quantity}}, optional {@code carrier},
 * {@code trackingNumbers[]}, {@code trackingUrls[]}, {@code shippedAt}, {@code notifyCustomer}
 * (default true) and {@code locationId}. The same JSON (normalised by {@link #toJson()}) is what the
 * hub queues on the channel's fulfillment push queue.
 */
public record ShipmentInput(String connectorId, String externalId, String fulfillmentId, List<FulfillmentSink.Line> lines,
                            String carrier, List<String> trackingNumbers, List<String> trackingUrls, Instant shippedAt,
                            boolean notifyCustomer, String locationId) {

    /** Connector ids as in connector files ({@code metadata.id}). */
    private static final Pattern CONNECTOR_ID = Pattern.compile("[a-z0-9-]{1,63}");
    static final int MAX_TEXT = 255;
    static final int MAX_LINES = 1000;
    static final int MAX_TRACKING = 50;

    public ShipmentInput {
        lines = List.copyOf(lines);
        trackingNumbers = List.copyOf(trackingNumbers);
        trackingUrls = List.copyOf(trackingUrls);
    }

    /** {@code {connectorId}:{externalId}}. */
    public String orderRef() {
        return connectorId + ":" + externalId;
    }

    /** The order's trace subject, {@code {connectorId}:order:{externalId}}. */
    public String subject() {
        return connectorId + ":order:" + externalId;
    }

    /**
     * {@code fulfillment:{connectorId}:{fulfillmentId}}, or without a {@code fulfillmentId}
     * {@code fulfillment:{connectorId}:sha256:{hash of the shipment}}: the same shipment sent twice gets
     * the same key, so the channel applies it once.
     */
    public String idempotencyKey() {
        if (fulfillmentId != null) {
            return "fulfillment:" + connectorId + ":" + fulfillmentId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toJson().toString().getBytes(StandardCharsets.UTF_8));
            return "fulfillment:" + connectorId + ":sha256:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the channel's {@link FulfillmentSink} gets. */
    public FulfillmentSink.Shipment toShipment() {
        return new FulfillmentSink.Shipment(externalId, lines, carrier, trackingNumbers, trackingUrls, shippedAt,
                notifyCustomer, idempotencyKey());
    }

    /** The normalised JSON (trimmed texts, defaults filled in, no unknown fields). */
    public ObjectNode toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("orderRef", orderRef());
        if (fulfillmentId != null) {
            n.put("fulfillmentId", fulfillmentId);
        }
        ArrayNode ls = n.putArray("lines");
        for (FulfillmentSink.Line l : lines) {
            ObjectNode o = ls.addObject();
            if (l.lineId() != null) {
                o.put("lineId", l.lineId());
            }
            if (l.sku() != null) {
                o.put("sku", l.sku());
            }
            o.put("quantity", l.quantity());
        }
        if (carrier != null) {
            n.put("carrier", carrier);
        }
        trackingNumbers.forEach(n.putArray("trackingNumbers")::add);
        trackingUrls.forEach(n.putArray("trackingUrls")::add);
        if (shippedAt != null) {
            n.put("shippedAt", shippedAt.toString());
        }
        n.put("notifyCustomer", notifyCustomer);
        if (locationId != null) {
            n.put("locationId", locationId);
        }
        return n;
    }

    /** The connector id of an item's {@code orderRef}, or null when it has none (for the connector checks). */
    public static String connectorOf(JsonNode item) {
        JsonNode ref = item == null ? null : item.get("orderRef");
        if (ref == null || !ref.isTextual()) {
            return null;
        }
        int colon = ref.asText().indexOf(':');
        return colon <= 0 ? null : ref.asText().substring(0, colon).trim();
    }

    /**
     * Validates one item and returns every problem, each starting with its field path
     * ({@code lines[1].quantity: must be a whole number greater than 0}); empty means valid.
     * Whether the connector exists and takes shipments is checked by the caller.
     */
    public static List<String> problems(JsonNode item) {
        List<String> p = new ArrayList<>();
        if (item == null || !item.isObject()) {
            p.add("item: must be a JSON object");
            return p;
        }
        JsonNode ref = item.get("orderRef");
        if (ref == null || ref.isNull()) {
            p.add("orderRef: required, {connectorId}:{externalId} as in the canonical order's orderId");
        } else if (!ref.isTextual()) {
            p.add("orderRef: must be a string {connectorId}:{externalId}");
        } else {
            String r = ref.asText().trim();
            int colon = r.indexOf(':');
            if (colon <= 0 || colon == r.length() - 1) {
                p.add("orderRef: must be {connectorId}:{externalId} (e.g. woo-us:727), got '" + cut(r) + "'");
            } else if (!CONNECTOR_ID.matcher(r.substring(0, colon)).matches()) {
                p.add("orderRef: '" + cut(r.substring(0, colon)) + "' is not a connector id (lower-case letters, digits, '-')");
            } else if (r.length() > MAX_TEXT) {
                p.add("orderRef: at most " + MAX_TEXT + " characters");
            }
        }
        optionalText(item, "fulfillmentId", true, p);
        JsonNode lines = item.get("lines");
        if (lines == null || lines.isNull()) {
            p.add("lines: required, a non-empty array of {lineId or sku, quantity}");
        } else if (!lines.isArray()) {
            p.add("lines: must be an array of {lineId or sku, quantity}");
        } else if (lines.isEmpty()) {
            p.add("lines: must not be empty");
        } else if (lines.size() > MAX_LINES) {
            p.add("lines: at most " + MAX_LINES + " lines");
        } else {
            for (int i = 0; i < lines.size(); i++) {
                lineProblems(lines.get(i), "lines[" + i + "]", p);
            }
        }
        optionalText(item, "carrier", false, p);
        textArray(item, "trackingNumbers", p);
        List<String> urls = textArray(item, "trackingUrls", p);
        for (int i = 0; i < urls.size(); i++) {
            if (!httpUrl(urls.get(i))) {
                p.add("trackingUrls[" + i + "]: must be an absolute http(s) URL");
            }
        }
        JsonNode shippedAt = item.get("shippedAt");
        if (shippedAt != null && !shippedAt.isNull()) {
            if (!shippedAt.isTextual()) {
                p.add("shippedAt: must be an ISO-8601 instant such as 2026-11-22T10:15:30Z");
            } else {
                try {
                    Json.parseInstant(shippedAt.asText());
                } catch (DateTimeParseException e) {
                    p.add("shippedAt: must be an ISO-8601 instant such as 2026-11-22T10:15:30Z");
                }
            }
        }
        JsonNode notify = item.get("notifyCustomer");
        if (notify != null && !notify.isNull() && !notify.isBoolean()) {
            p.add("notifyCustomer: must be true or false");
        }
        optionalText(item, "locationId", true, p);
        return p;
    }

    private static void lineProblems(JsonNode line, String path, List<String> p) {
        if (line == null || !line.isObject()) {
            p.add(path + ": must be an object {lineId or sku, quantity}");
            return;
        }
        boolean lineId = optionalText(line, "lineId", true, p, path + ".");
        boolean sku = optionalText(line, "sku", false, p, path + ".");
        if (!lineId && !sku && !line.hasNonNull("lineId") && !line.hasNonNull("sku")) {
            p.add(path + ": needs a lineId or a sku");
        }
        JsonNode q = line.get("quantity");
        if (q == null || q.isNull()) {
            p.add(path + ".quantity: required, a whole number greater than 0");
        } else if (!q.isIntegralNumber() && !(q.isNumber() && q.decimalValue().stripTrailingZeros().scale() <= 0)) {
            p.add(path + ".quantity: must be a whole number greater than 0");
        } else if (q.decimalValue().signum() <= 0) {
            p.add(path + ".quantity: must be greater than 0, got " + q.decimalValue().toPlainString());
        } else if (q.decimalValue().compareTo(java.math.BigDecimal.valueOf(1_000_000_000L)) > 0) {
            p.add(path + ".quantity: at most 1000000000");
        }
    }

    /** Reads a validated item. */
    public static ShipmentInput from(JsonNode item) {
        String ref = item.get("orderRef").asText().trim();
        int colon = ref.indexOf(':');
        List<FulfillmentSink.Line> lines = new ArrayList<>();
        for (JsonNode l : item.get("lines")) {
            lines.add(new FulfillmentSink.Line(text(l, "lineId"), text(l, "sku"), l.get("quantity").decimalValue().longValueExact()));
        }
        JsonNode shippedAt = item.get("shippedAt");
        JsonNode notify = item.get("notifyCustomer");
        return new ShipmentInput(ref.substring(0, colon), ref.substring(colon + 1).trim(), text(item, "fulfillmentId"), lines,
                text(item, "carrier"), texts(item, "trackingNumbers"), texts(item, "trackingUrls"),
                shippedAt == null || shippedAt.isNull() ? null : Json.parseInstant(shippedAt.asText()),
                notify == null || notify.isNull() || notify.asBoolean(), text(item, "locationId"));
    }

    private static boolean optionalText(JsonNode item, String field, boolean numberAllowed, List<String> p) {
        return optionalText(item, field, numberAllowed, p, "");
    }

    /** Checks an optional text field; true when it is present and valid. */
    private static boolean optionalText(JsonNode item, String field, boolean numberAllowed, List<String> p, String prefix) {
        JsonNode n = item.get(field);
        if (n == null || n.isNull()) {
            return false;
        }
        if (!(n.isTextual() || (numberAllowed && n.isIntegralNumber()))) {
            p.add(prefix + field + ": must be a string");
        } else if (n.asText().isBlank()) {
            p.add(prefix + field + ": must not be blank (leave it out instead)");
        } else if (n.asText().length() > MAX_TEXT) {
            p.add(prefix + field + ": at most " + MAX_TEXT + " characters");
        } else {
            return true;
        }
        return false;
    }

    private static List<String> textArray(JsonNode item, String field, List<String> p) {
        JsonNode n = item.get(field);
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isArray()) {
            p.add(field + ": must be an array of strings");
            return out;
        }
        if (n.size() > MAX_TRACKING) {
            p.add(field + ": at most " + MAX_TRACKING + " entries");
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            JsonNode v = n.get(i);
            if (v == null || !v.isTextual() || v.asText().isBlank()) {
                p.add(field + "[" + i + "]: must be a non-empty string");
            } else if (v.asText().length() > 2048) {
                p.add(field + "[" + i + "]: at most 2048 characters");
            } else {
                out.add(v.asText().trim());
            }
        }
        return out;
    }

    private static boolean httpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.isAbsolute() && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText().trim();
    }

    private static List<String> texts(JsonNode n, String field) {
        List<String> out = new ArrayList<>();
        JsonNode v = n.get(field);
        if (v != null && v.isArray()) {
            v.forEach(e -> out.add(e.asText().trim()));
        }
        return out;
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
