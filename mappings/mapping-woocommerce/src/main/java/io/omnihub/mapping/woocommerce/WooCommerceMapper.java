package io.omnihub.mapping.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.Address;
import io.omnihub.canonical.ChannelRef;
import io.omnihub.canonical.Customer;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.Payment;
import io.omnihub.canonical.Product;
import io.omnihub.canonical.Refund;
import io.omnihub.canonical.SourceRef;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps WooCommerce REST v3 resources (as delivered by webhooks, polls and fetches) to canonical
 * orders, products, product deletions and stock levels. Money comes from decimal strings in the
 * order currency; times from the {@code *_gmt} fields (GMT without offset), with the site's UTC
 * offset derived from the local twin and kept in {@code source.offset}.
 */
public final class WooCommerceMapper implements ChannelMapper {

    public static final String TYPE = "woocommerce";
    public static final String PLATFORM = "WOOCOMMERCE";
    /** WooCommerce keeps one stock per product: its only platform location. */
    public static final String STORE_LOCATION = "default";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<CanonicalRecord> map(PlatformEvent event, MappingContext ctx) {
        JsonNode p = event.payload();
        if (p == null) {
            throw new MappingException("WooCommerce " + event.topic() + " " + event.externalId() + " has no payload (fetch it first)");
        }
        String dedupe = event.eventId() != null ? event.eventId() : event.externalId();
        try {
            if (event.kind() == EntityKind.ORDER) {
                if (event.action() == PlatformEvent.Action.DELETE) {
                    return List.of(); // orders are trashed (status "trash", an order.updated), a forced delete has no canonical event
                }
                Order o = order(p, event, ctx);
                return List.of(new CanonicalRecord(EventType.ORDER_UPSERTED, ctx.subject("order", event.externalId()),
                        event.occurredAt(), event.version(), dedupe, o));
            }
            if (event.kind() == EntityKind.PRODUCT) {
                return product(p, event, ctx, dedupe);
            }
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MappingException("WooCommerce " + event.topic() + " " + event.externalId() + ": " + e.getMessage(), e);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- orders

    private Order order(JsonNode p, PlatformEvent event, MappingContext ctx) {
        String currency = text(p, "currency");
        if (currency == null) {
            currency = ctx.defaultCurrency().orElseThrow(() -> new MappingException("order " + event.externalId() + " has no currency"));
        }
        BigDecimal total = decimal(p, "total");
        BigDecimal refunded = BigDecimal.ZERO;
        List<Refund> refunds = new ArrayList<>();
        String orderRef = ctx.orderRef(event.externalId());
        SourceRef source = source(p, event, ctx);
        for (JsonNode r : p.path("refunds")) {
            BigDecimal amount = decimalOf(r.get("total"));
            if (amount == null) {
                continue;
            }
            refunded = refunded.add(amount.abs());
            String rid = r.path("id").asText();
            // the docs example names the reason field "refund"; the property table names it "reason"
            String reason = blankToNull(text(r, "reason") != null ? text(r, "reason") : text(r, "refund"));
            refunds.add(new Refund(ctx.subject("refund", rid), Payment.Provider.OTHER, rid, null, orderRef,
                    Money.of(amount.abs(), currency), reason, Refund.RefundStatus.SUCCEEDED, List.of(), null,
                    new SourceRef(PLATFORM, ctx.connectorId(), rid, event.version(), source.updatedAt(), source.offset())));
        }
        WooCommerceStatusMapping.Triple st = WooCommerceStatusMapping.map(text(p, "status"),
                new WooCommerceStatusMapping.Facts(gmt(p, "date_paid_gmt") != null, gmt(p, "date_completed_gmt") != null,
                        refunded, total),
                ctx.valueMap("statuses"));

        Map<String, String> taxNames = new LinkedHashMap<>();
        for (JsonNode t : p.path("tax_lines")) {
            taxNames.put(t.path("rate_id").asText(), text(t, "label"));
        }
        List<Order.Line> lines = new ArrayList<>();
        BigDecimal subtotal = BigDecimal.ZERO;
        for (JsonNode l : p.path("line_items")) {
            BigDecimal qty = decimalOf(l.get("quantity"));
            BigDecimal lineSubtotal = decimal(l, "subtotal");
            BigDecimal lineTotal = decimal(l, "total");
            if (lineSubtotal != null) {
                subtotal = subtotal.add(lineSubtotal);
            }
            List<Order.Discount> discounts = new ArrayList<>();
            if (lineSubtotal != null && lineTotal != null && lineSubtotal.compareTo(lineTotal) > 0) {
                discounts.add(new Order.Discount(null, Money.of(lineSubtotal.subtract(lineTotal), currency)));
            }
            List<Order.Tax> taxes = new ArrayList<>();
            for (JsonNode t : l.path("taxes")) {
                BigDecimal amount = decimal(t, "total");
                if (amount != null) {
                    taxes.add(new Order.Tax(taxNames.get(t.path("id").asText()), null, Money.of(amount, currency)));
                }
            }
            BigDecimal price = decimal(l, "price");
            boolean fulfilled = st.fulfillment() == Order.FulfillmentStatus.FULFILLED;
            lines.add(new Order.Line(l.path("id").asText(), ctx.sku(blankToNull(text(l, "sku"))), text(l, "name"),
                    variantTitle(l), qty, fulfilled ? qty : BigDecimal.ZERO, null,
                    price == null ? null : Money.of(price, currency), discounts, taxes,
                    lineTotal == null ? null : Money.of(lineTotal, currency)));
        }
        List<Order.ShippingLine> shipping = new ArrayList<>();
        for (JsonNode s : p.path("shipping_lines")) {
            BigDecimal amount = decimal(s, "total");
            shipping.add(new Order.ShippingLine(text(s, "method_id"), text(s, "method_title"),
                    amount == null ? null : Money.of(amount, currency)));
        }
        Order.Totals totals = new Order.Totals(Money.of(subtotal, currency), money(p, "discount_total", currency),
                money(p, "shipping_total", currency), money(p, "total_tax", currency), money(p, "total", currency),
                Money.of(refunded, currency));
        JsonNode billing = p.path("billing");
        long customerId = p.path("customer_id").asLong(0);
        String name = join(text(billing, "first_name"), text(billing, "last_name"));
        Customer customer = new Customer(customerId > 0 ? Long.toString(customerId) : null, blankToNull(text(billing, "email")),
                blankToNull(text(billing, "phone")), name, null);
        return new Order(orderRef, new ChannelRef(ctx.connectorId(), PLATFORM, null), event.externalId(),
                text(p, "number"), gmt(p, "date_created_gmt"), gmt(p, "date_modified_gmt"), currency.toUpperCase(java.util.Locale.ROOT),
                st.order(), st.payment(), st.fulfillment(), text(p, "status"), null, st.exceptionCode(), customer,
                address(billing), address(p.path("shipping")), lines, shipping, totals,
                p.has("prices_include_tax") ? p.path("prices_include_tax").asBoolean() : null,
                List.of(), refunds, List.of(), List.of(), blankToNull(text(p, "customer_note")), source);
    }

    private static String variantTitle(JsonNode line) {
        List<String> values = new ArrayList<>();
        for (JsonNode m : line.path("meta_data")) {
            String key = m.path("key").asText("");
            if (!key.startsWith("_") && m.path("value").isValueNode()) {
                values.add(m.path("value").asText());
            }
        }
        return values.isEmpty() ? null : String.join(" / ", values);
    }

    private static Address address(JsonNode a) {
        if (a == null || a.isMissingNode() || a.isNull()) {
            return null;
        }
        return new Address(join(text(a, "first_name"), text(a, "last_name")), blankToNull(text(a, "company")),
                blankToNull(text(a, "address_1")), blankToNull(text(a, "address_2")), blankToNull(text(a, "city")), null,
                blankToNull(text(a, "state")), blankToNull(text(a, "postcode")), blankToNull(text(a, "country")),
                blankToNull(text(a, "phone")), null);
    }

    // ---------------------------------------------------------------- products and stock

    private List<CanonicalRecord> product(JsonNode p, PlatformEvent event, MappingContext ctx, String dedupe) {
        String productId = ctx.orderRef(event.externalId());
        String subject = ctx.subject("product", event.externalId());
        if (event.action() == PlatformEvent.Action.DELETE) {
            Product deleted = new Product(productId, event.externalId(), null, null, null, null, Product.ProductStatus.DELETED,
                    List.of(), List.of(), List.of(), List.of(),
                    new SourceRef(PLATFORM, ctx.connectorId(), event.externalId(), event.version(), event.occurredAt(), null));
            return List.of(new CanonicalRecord(EventType.PRODUCT_DELETED, subject, event.occurredAt(), event.version(), dedupe, deleted));
        }
        SourceRef source = source(p, event, ctx);
        String currency = ctx.defaultCurrency().map(c -> c.toUpperCase(java.util.Locale.ROOT)).orElse(null);
        List<Product.Option> options = new ArrayList<>();
        for (JsonNode a : p.path("attributes")) {
            List<String> values = new ArrayList<>();
            a.path("options").forEach(v -> values.add(v.asText()));
            if (a.has("options")) {
                options.add(new Product.Option(text(a, "name"), values));
            }
        }
        List<Product.Image> images = new ArrayList<>();
        int pos = 1;
        for (JsonNode i : p.path("images")) {
            images.add(new Product.Image(text(i, "src"), pos++));
        }
        List<String> tags = new ArrayList<>();
        p.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        String type = text(p, "type");
        List<Product.Variant> variants = new ArrayList<>();
        // variable products list only variation ids; each variation is its own resource with its own SKU
        if (!"variable".equals(type) && !"grouped".equals(type)) {
            variants.add(variant(p, event.externalId(), currency, ctx));
        }
        Product product = new Product(productId, event.externalId(), text(p, "name"), blankToNull(text(p, "description")), null,
                type, productStatus(text(p, "status")), options, images, tags, variants, source);
        List<CanonicalRecord> out = new ArrayList<>();
        out.add(new CanonicalRecord(EventType.PRODUCT_UPSERTED, subject, event.occurredAt(), event.version(), dedupe, product));
        String sku = ctx.sku(blankToNull(text(p, "sku")));
        BigDecimal qty = decimalOf(p.get("stock_quantity"));
        if (p.path("manage_stock").asBoolean(false) && sku != null && qty != null) {
            StockLevel level = new StockLevel(sku, ctx.hubLocation(STORE_LOCATION), qty, qty, null, event.occurredAt(), source);
            out.add(new CanonicalRecord(EventType.STOCK_CHANGED, "sku:" + sku, event.occurredAt(), event.version(), dedupe, level));
        }
        return out;
    }

    private static Product.Variant variant(JsonNode p, String id, String currency, MappingContext ctx) {
        BigDecimal regular = decimal(p, "regular_price");
        BigDecimal sale = decimal(p, "sale_price");
        BigDecimal price = decimal(p, "price");
        Money priceMoney = null;
        Money compareAt = null;
        if (currency != null) {
            BigDecimal effective = price != null ? price : regular;
            priceMoney = effective == null ? null : Money.of(effective, currency);
            if (sale != null && regular != null && regular.compareTo(sale) > 0) {
                compareAt = Money.of(regular, currency);
            }
        }
        BigDecimal weight = decimal(p, "weight");
        Map<String, String> optionValues = new LinkedHashMap<>();
        for (JsonNode a : p.path("attributes")) {
            if (a.has("option")) { // variation attributes carry one option each
                optionValues.put(text(a, "name"), text(a, "option"));
            }
        }
        return new Product.Variant(ctx.sku(blankToNull(text(p, "sku"))), id, blankToNull(text(p, "global_unique_id")),
                text(p, "name"), optionValues, priceMoney, compareAt,
                weight == null ? null : new Product.Weight(weight, String.valueOf(ctx.mapping().getOrDefault("weightUnit", "kg"))),
                p.has("manage_stock") ? p.path("manage_stock").asBoolean() : null);
    }

    /** WordPress post statuses to the product lifecycle. */
    static Product.ProductStatus productStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "publish" -> Product.ProductStatus.ACTIVE;
            case "draft", "pending", "private", "future" -> Product.ProductStatus.DRAFT;
            case "trash" -> Product.ProductStatus.ARCHIVED;
            default -> Product.ProductStatus.DRAFT;
        };
    }

    // ---------------------------------------------------------------- helpers

    private static SourceRef source(JsonNode p, PlatformEvent event, MappingContext ctx) {
        return new SourceRef(PLATFORM, ctx.connectorId(), event.externalId(), event.version(), gmt(p, "date_modified_gmt"),
                siteOffset(p));
    }

    /** The site's UTC offset, from {@code date_modified} (site time) minus {@code date_modified_gmt}; null when unknown. */
    static String siteOffset(JsonNode p) {
        String local = text(p, "date_modified");
        Instant gmt = gmt(p, "date_modified_gmt");
        if (local == null || gmt == null) {
            return null;
        }
        try {
            long seconds = Duration.between(gmt, LocalDateTime.parse(local).toInstant(ZoneOffset.UTC)).getSeconds();
            if (Math.abs(seconds) > 18 * 3600 || seconds % 60 != 0) {
                return null;
            }
            return ZoneOffset.ofTotalSeconds((int) seconds).getId().replace("Z", "+00:00");
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A {@code *_gmt} field (no offset, GMT) as an instant, or null. */
    static Instant gmt(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null || t.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(t.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(t.trim()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new MappingException(field + " is not an ISO-8601 time: " + t);
            }
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return decimalOf(node == null ? null : node.get(field));
    }

    /** A decimal from a JSON number or decimal string; null when missing, null or empty. Never via double. */
    private static BigDecimal decimalOf(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        String t = v.asText().trim();
        if (t.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new MappingException("not a decimal: " + t);
        }
    }

    private static Money money(JsonNode node, String field, String currency) {
        BigDecimal d = decimal(node, field);
        return d == null ? null : Money.of(d, currency);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String join(String a, String b) {
        String s = ((a == null ? "" : a) + " " + (b == null ? "" : b)).trim();
        return s.isEmpty() ? null : s;
    }
}
