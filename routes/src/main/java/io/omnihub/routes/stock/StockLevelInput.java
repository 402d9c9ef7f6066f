package io.omnihub.routes.stock;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stock level from the back office ({@code POST /api/v1/stock} or {@code omnihub.backoffice.stock}):
 * {@code sku}, {@code locationId}, {@code onHand}, optional {@code reserved}, optional {@code incoming}
 * (stock on its way, counted only where the stock policy allows), {@code asOf}.
 */
public record StockLevelInput(String sku, String locationId, BigDecimal onHand, BigDecimal reserved, Instant asOf,
                              BigDecimal incoming) {

    /** A level without incoming stock. */
    public StockLevelInput(String sku, String locationId, BigDecimal onHand, BigDecimal reserved, Instant asOf) {
        this(sku, locationId, onHand, reserved, asOf, null);
    }

    /** Available to sell before channel policy: on hand minus reserved, never below zero, whole units. */
    public long available() {
        BigDecimal r = reserved == null ? BigDecimal.ZERO : reserved;
        BigDecimal a = onHand.subtract(r);
        return Math.max(0, a.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
    }

    /**
     * Validates one item and returns every problem with its field name; empty means valid. Accepts
     * numbers or numeric strings for quantities.
     */
    public static List<String> problems(JsonNode item) {
        List<String> p = new ArrayList<>();
        if (item == null || !item.isObject()) {
            p.add("item must be an object");
            return p;
        }
        String sku = item.path("sku").isTextual() ? item.get("sku").asText() : null;
        if (sku == null || sku.isBlank()) {
            p.add("sku: required, a non-empty string");
        } else if (sku.length() > 255) {
            p.add("sku: at most 255 characters");
        }
        JsonNode loc = item.get("locationId");
        if (loc == null || loc.isNull() || loc.asText().isBlank() || !(loc.isTextual() || loc.isNumber())) {
            p.add("locationId: required, a non-empty string");
        }
        BigDecimal onHand = number(item.get("onHand"));
        if (onHand == null) {
            p.add("onHand: required, a number");
        } else if (onHand.stripTrailingZeros().scale() > 0) {
            p.add("onHand: must be a whole number");
        }
        JsonNode reserved = item.get("reserved");
        if (reserved != null && !reserved.isNull()) {
            BigDecimal r = number(reserved);
            if (r == null) {
                p.add("reserved: must be a number");
            } else if (r.signum() < 0) {
                p.add("reserved: must not be negative");
            }
        }
        JsonNode incoming = item.get("incoming");
        if (incoming != null && !incoming.isNull()) {
            BigDecimal in = number(incoming);
            if (in == null) {
                p.add("incoming: must be a number");
            } else if (in.signum() < 0) {
                p.add("incoming: must not be negative");
            }
        }
        JsonNode asOf = item.get("asOf");
        if (asOf != null && !asOf.isNull()) {
            try {
                io.omnihub.connector.support.Json.parseInstant(asOf.asText());
            } catch (DateTimeParseException e) {
                p.add("asOf: must be an ISO-8601 instant such as 2026-11-22T10:15:30Z");
            }
        }
        return p;
    }

    /** Reads a validated item; {@code asOf} defaults to {@code now}. */
    public static StockLevelInput from(JsonNode item, Instant now) {
        JsonNode asOf = item.get("asOf");
        return new StockLevelInput(item.get("sku").asText().trim(), item.get("locationId").asText().trim(),
                number(item.get("onHand")), number(item.get("reserved")),
                asOf == null || asOf.isNull() ? now : io.omnihub.connector.support.Json.parseInstant(asOf.asText()),
                number(item.get("incoming")));
    }

    private static BigDecimal number(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            try {
                return new BigDecimal(n.asText().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
