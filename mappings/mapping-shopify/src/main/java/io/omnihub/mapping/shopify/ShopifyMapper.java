package io.omnihub.mapping.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.Address;
import io.omnihub.canonical.ChannelRef;
import io.omnihub.canonical.Customer;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Fulfillment;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.Payment;
import io.omnihub.canonical.Product;
import io.omnihub.canonical.Refund;
import io.omnihub.canonical.SourceRef;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps Shopify REST-shaped payloads (webhook bodies and polled entities) to canonical orders, products and
 * stock levels. Money stays decimal (scaled to the currency's minor units), times become UTC instants with the
 * source offset kept in {@code source.offset}.
 */
public final class ShopifyMapper implements ChannelMapper {

    /** Platform name in {@code source.platform} and {@code channel.platform}. */
    public static final String PLATFORM = "SHOPIFY";
    /** Currency used for product prices when {@code mapping.defaultCurrency} is not set. */
    public static final String FALLBACK_CURRENCY = "USD";

    @Override
    public String type() {
        return "shopify";
    }

    @Override
    public List<CanonicalRecord> map(PlatformEvent event, MappingContext ctx) {
        if (event.thin() || event.payload() == null) {
            throw new MappingException(event.topic() + " event " + event.externalId() + " is thin: fetch the entity first");
        }
        try {
            return switch (event.kind()) {
                case ORDER -> List.of(order(event, ctx));
                case PRODUCT -> List.of(event.action() == PlatformEvent.Action.DELETE ? productDeleted(event, ctx) : product(event, ctx));
                case STOCK -> List.of(stock(event, ctx));
                default -> List.of();
            };
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MappingException("cannot map Shopify " + event.topic() + " " + event.externalId() + ": " + e.getMessage(), e);
        }
    }

    private static String dedupeBase(PlatformEvent e) {
        return e.eventId() != null ? e.eventId() : e.externalId();
    }

    private static SourceRef source(MappingContext ctx, String externalId, String version, String isoTime) {
        return new SourceRef(PLATFORM, ctx.connectorId(), externalId, version,
                isoTime == null ? null : Json.parseInstant(isoTime), Json.offset(isoTime));
    }

    // ---- orders ----

    private CanonicalRecord order(PlatformEvent event, MappingContext ctx) {
        JsonNode o = event.payload();
        String id = required(o, "id");
        String currency = required(o, "currency").toUpperCase(Locale.ROOT);
        String financial = Json.text(o, "financial_status");
        String fulfillment = Json.text(o, "fulfillment_status");
        boolean cancelled = Json.text(o, "cancelled_at") != null;
        boolean closed = Json.text(o, "closed_at") != null;
        ShopifyStatuses.Triple triple = ShopifyStatuses.triple(financial, fulfillment, cancelled, closed);
        StringBuilder sourceStatus = new StringBuilder("financial_status=").append(financial)
                .append(";fulfillment_status=").append(fulfillment);
        if (cancelled) {
            sourceStatus.append(";cancelled");
        }
        if (closed) {
            sourceStatus.append(";closed");
        }

        Map<String, BigDecimal> fulfilledByLine = new HashMap<>();
        JsonNode fulfillments = o.path("fulfillments");
        for (JsonNode f : fulfillments) {
            if ("success".equals(Json.text(f, "status"))) {
                for (JsonNode li : f.path("line_items")) {
                    fulfilledByLine.merge(li.path("id").asText(), li.path("quantity").decimalValue(), BigDecimal::add);
                }
            }
        }
        Map<String, BigDecimal> refundedByLine = new HashMap<>();
        for (JsonNode r : o.path("refunds")) {
            for (JsonNode rl : r.path("refund_line_items")) {
                refundedByLine.merge(rl.path("line_item_id").asText(), rl.path("quantity").decimalValue(), BigDecimal::add);
            }
        }
        JsonNode applications = o.path("discount_applications");
        List<Order.Line> lines = new ArrayList<>();
        for (JsonNode li : o.path("line_items")) {
            String lineId = required(li, "id");
            BigDecimal qty = li.path("quantity").decimalValue();
            Money unit = Money.of(required(li, "price"), currency);
            List<Order.Discount> discounts = new ArrayList<>();
            BigDecimal discounted = BigDecimal.ZERO;
            for (JsonNode d : li.path("discount_allocations")) {
                Money amount = Money.of(required(d, "amount"), currency);
                discounted = discounted.add(amount.value());
                JsonNode app = d.has("discount_application_index")
                        ? applications.path(d.path("discount_application_index").asInt()) : null;
                String code = app == null ? null : Json.text(app, "code") != null ? Json.text(app, "code") : Json.text(app, "title");
                discounts.add(new Order.Discount(code, amount));
            }
            List<Order.Tax> taxes = new ArrayList<>();
            for (JsonNode t : li.path("tax_lines")) {
                taxes.add(new Order.Tax(Json.text(t, "title"), Json.decimal(t, "rate"), Money.of(required(t, "price"), currency)));
            }
            BigDecimal fulfilled = fulfillments.isArray()
                    ? fulfilledByLine.getOrDefault(lineId, BigDecimal.ZERO)
                    : "fulfilled".equals(Json.text(li, "fulfillment_status")) ? qty : BigDecimal.ZERO;
            lines.add(new Order.Line(lineId, ctx.sku(Json.text(li, "sku")), Json.text(li, "title"), Json.text(li, "variant_title"),
                    qty, fulfilled, refundedByLine.getOrDefault(lineId, BigDecimal.ZERO), unit, discounts, taxes,
                    Money.of(unit.value().multiply(qty).subtract(discounted), currency)));
        }
        List<Order.ShippingLine> shippingLines = new ArrayList<>();
        Money shippingSum = Money.zero(currency);
        for (JsonNode s : o.path("shipping_lines")) {
            Money price = Money.of(required(s, "price"), currency);
            shippingSum = shippingSum.plus(price);
            shippingLines.add(new Order.ShippingLine(Json.text(s, "code"), Json.text(s, "title"), price));
        }
        String shopShipping = Json.at(o, "/total_shipping_price_set/shop_money/amount");
        Money refunded = Money.zero(currency);
        List<Refund> refunds = new ArrayList<>();
        for (JsonNode r : o.path("refunds")) {
            Refund refund = refund(r, ctx, currency, id);
            refunds.add(refund);
            if (refund.status() == Refund.RefundStatus.SUCCEEDED) {
                refunded = refunded.plus(refund.amount());
            }
        }
        Order.Totals totals = new Order.Totals(
                money(o, "subtotal_price", currency),
                money(o, "total_discounts", currency),
                shopShipping != null ? Money.of(shopShipping, currency) : shippingSum,
                money(o, "total_tax", currency),
                money(o, "total_price", currency),
                refunded);
        List<Fulfillment> canonicalFulfillments = new ArrayList<>();
        for (JsonNode f : fulfillments) {
            canonicalFulfillments.add(fulfillment(f, ctx, id));
        }
        String updatedAt = Json.text(o, "updated_at");
        Order order = new Order(
                ctx.orderRef(id),
                new ChannelRef(ctx.connectorId(), PLATFORM, null),
                id,
                Json.text(o, "name"),
                Json.instant(o, "created_at"),
                Json.instant(o, "updated_at"),
                currency,
                triple.status(), triple.payment(), triple.fulfillment(),
                sourceStatus.toString(),
                Json.text(o, "cancel_reason"),
                null,
                customer(o),
                address(o.get("billing_address")),
                address(o.get("shipping_address")),
                lines,
                shippingLines,
                totals,
                o.has("taxes_included") && !o.get("taxes_included").isNull() ? o.get("taxes_included").asBoolean() : null,
                null,
                refunds,
                canonicalFulfillments,
                tags(Json.text(o, "tags")),
                Json.text(o, "note"),
                source(ctx, id, event.version(), updatedAt));
        return new CanonicalRecord(EventType.ORDER_UPSERTED, ctx.subject("order", id), event.occurredAt(), event.version(),
                dedupeBase(event), order);
    }

    private static Refund refund(JsonNode r, MappingContext ctx, String currency, String orderId) {
        String id = required(r, "id");
        Money amount = Money.zero(currency);
        boolean anyPending = false;
        boolean anyFailed = false;
        String gateway = null;
        for (JsonNode t : r.path("transactions")) {
            if (!"refund".equals(Json.text(t, "kind"))) {
                continue;
            }
            gateway = gateway == null ? Json.text(t, "gateway") : gateway;
            String status = Json.text(t, "status");
            if ("success".equals(status)) {
                amount = amount.plus(Money.of(required(t, "amount"), currency));
            } else if ("pending".equals(status)) {
                anyPending = true;
            } else {
                anyFailed = true;
            }
        }
        Refund.RefundStatus status = anyPending ? Refund.RefundStatus.PENDING
                : anyFailed && amount.value().signum() == 0 ? Refund.RefundStatus.FAILED : Refund.RefundStatus.SUCCEEDED;
        List<Refund.Line> lines = new ArrayList<>();
        boolean legacyRestock = r.path("restock").asBoolean(false);
        for (JsonNode rl : r.path("refund_line_items")) {
            String restockType = Json.text(rl, "restock_type");
            boolean restock = restockType == null ? legacyRestock : !"no_restock".equals(restockType);
            lines.add(new Refund.Line(rl.path("line_item_id").asText(), rl.path("quantity").decimalValue(), restock));
        }
        Payment.Provider provider = "shopify_payments".equals(gateway) ? Payment.Provider.SHOPIFY_PAYMENTS : Payment.Provider.OTHER;
        String created = Json.text(r, "created_at");
        return new Refund(ctx.orderRef(id), provider, id, null, ctx.orderRef(orderId), amount, Json.text(r, "note"), status,
                lines, created == null ? null : Json.parseInstant(created), source(ctx, id, created, created));
    }

    private static Fulfillment fulfillment(JsonNode f, MappingContext ctx, String orderId) {
        String id = required(f, "id");
        String shipment = Json.text(f, "shipment_status");
        Fulfillment.FulfillmentState state = switch (String.valueOf(Json.text(f, "status"))) {
            case "success" -> "delivered".equals(shipment) ? Fulfillment.FulfillmentState.DELIVERED
                    : "in_transit".equals(shipment) || "out_for_delivery".equals(shipment)
                    ? Fulfillment.FulfillmentState.IN_TRANSIT : Fulfillment.FulfillmentState.SHIPPED;
            case "cancelled" -> Fulfillment.FulfillmentState.CANCELLED;
            case "error", "failure" -> Fulfillment.FulfillmentState.FAILED;
            default -> Fulfillment.FulfillmentState.PENDING;
        };
        boolean shipped = state == Fulfillment.FulfillmentState.SHIPPED || state == Fulfillment.FulfillmentState.IN_TRANSIT
                || state == Fulfillment.FulfillmentState.DELIVERED;
        List<Fulfillment.Line> lines = new ArrayList<>();
        for (JsonNode li : f.path("line_items")) {
            lines.add(new Fulfillment.Line(li.path("id").asText(), ctx.sku(Json.text(li, "sku")), li.path("quantity").decimalValue()));
        }
        String updated = Json.text(f, "updated_at");
        return new Fulfillment(ctx.orderRef(id), ctx.orderRef(orderId), ctx.hubLocation(Json.text(f, "location_id")), state, lines,
                Json.text(f, "tracking_company"), texts(f.path("tracking_numbers")), texts(f.path("tracking_urls")),
                shipped ? Json.instant(f, "created_at") : null, Fulfillment.FulfilledBy.MERCHANT, source(ctx, id, updated, updated));
    }

    private static Customer customer(JsonNode o) {
        JsonNode c = o.get("customer");
        String email = Json.text(o, "email");
        String phone = Json.text(o, "phone");
        if (c == null || c.isNull()) {
            return email == null && phone == null ? null : new Customer(null, email, phone, null, null);
        }
        return new Customer(Json.text(c, "id"), email != null ? email : Json.text(c, "email"),
                phone != null ? phone : Json.text(c, "phone"), name(Json.text(c, "first_name"), Json.text(c, "last_name")), null);
    }

    private static Address address(JsonNode a) {
        if (a == null || a.isNull() || !a.isObject()) {
            return null;
        }
        String name = Json.text(a, "name");
        if (name == null) {
            name = name(Json.text(a, "first_name"), Json.text(a, "last_name"));
        }
        String region = blankToNull(Json.text(a, "province_code"));
        return new Address(name, blankToNull(Json.text(a, "company")), blankToNull(Json.text(a, "address1")),
                blankToNull(Json.text(a, "address2")), blankToNull(Json.text(a, "city")), null,
                region != null ? region : blankToNull(Json.text(a, "province")), blankToNull(Json.text(a, "zip")),
                blankToNull(Json.text(a, "country_code")), blankToNull(Json.text(a, "phone")), null);
    }

    // ---- products ----

    private CanonicalRecord product(PlatformEvent event, MappingContext ctx) {
        JsonNode p = event.payload();
        String id = required(p, "id");
        String currency = ctx.defaultCurrency().orElse(FALLBACK_CURRENCY);
        JsonNode variantsNode = p.path("variants");
        List<Product.Option> options = new ArrayList<>();
        List<String> optionNames = new ArrayList<>();
        int index = 0;
        for (JsonNode opt : p.path("options")) {
            index++;
            int position = opt.path("position").asInt(index);
            String name = Json.text(opt, "name");
            optionNames.add(name);
            Set<String> values = new LinkedHashSet<>(texts(opt.path("values")));
            if (values.isEmpty()) {
                for (JsonNode v : variantsNode) {
                    String value = Json.text(v, "option" + position);
                    if (value != null) {
                        values.add(value);
                    }
                }
            }
            options.add(new Product.Option(name, List.copyOf(values)));
        }
        List<Product.Image> images = new ArrayList<>();
        for (JsonNode img : p.path("images")) {
            images.add(new Product.Image(Json.text(img, "src"), img.has("position") ? img.get("position").asInt() : null));
        }
        List<Product.Variant> variants = new ArrayList<>();
        for (JsonNode v : variantsNode) {
            Map<String, String> optionValues = new LinkedHashMap<>();
            for (int i = 0; i < optionNames.size() && i < 3; i++) {
                String value = Json.text(v, "option" + (i + 1));
                if (value != null && optionNames.get(i) != null) {
                    optionValues.put(optionNames.get(i), value);
                }
            }
            String compareAt = Json.text(v, "compare_at_price");
            String management = Json.text(v, "inventory_management");
            variants.add(new Product.Variant(ctx.sku(blankToNull(Json.text(v, "sku"))), required(v, "id"),
                    blankToNull(Json.text(v, "barcode")), Json.text(v, "title"), optionValues,
                    Json.text(v, "price") == null ? null : Money.of(Json.text(v, "price"), currency),
                    compareAt == null || compareAt.isBlank() ? null : Money.of(compareAt, currency),
                    weight(v), v.has("inventory_management") ? "shopify".equals(management) : null));
        }
        String updatedAt = Json.text(p, "updated_at");
        Product product = new Product(ctx.orderRef(id), id, Json.text(p, "title"), Json.text(p, "body_html"),
                Json.text(p, "vendor"), blankToNull(Json.text(p, "product_type")), productStatus(p), options, images,
                tags(Json.text(p, "tags")), variants, source(ctx, id, event.version(), updatedAt));
        return new CanonicalRecord(EventType.PRODUCT_UPSERTED, ctx.subject("product", id), event.occurredAt(), event.version(),
                dedupeBase(event), product);
    }

    /** {@code status} active/draft/archived; payloads without it are ACTIVE when published, else DRAFT. */
    static Product.ProductStatus productStatus(JsonNode p) {
        String status = Json.text(p, "status");
        if (status == null) {
            return Json.text(p, "published_at") != null ? Product.ProductStatus.ACTIVE : Product.ProductStatus.DRAFT;
        }
        return switch (status.toLowerCase(Locale.ROOT)) {
            case "draft" -> Product.ProductStatus.DRAFT;
            case "archived" -> Product.ProductStatus.ARCHIVED;
            default -> Product.ProductStatus.ACTIVE;
        };
    }

    private static Product.Weight weight(JsonNode v) {
        BigDecimal w = Json.decimal(v, "weight");
        String unit = Json.text(v, "weight_unit");
        if (w != null && unit != null) {
            return new Product.Weight(w, unit.toLowerCase(Locale.ROOT));
        }
        BigDecimal grams = Json.decimal(v, "grams");
        return grams == null ? null : new Product.Weight(grams, "g");
    }

    private CanonicalRecord productDeleted(PlatformEvent event, MappingContext ctx) {
        String id = event.externalId();
        Product product = new Product(ctx.orderRef(id), id, null, null, null, null, Product.ProductStatus.DELETED,
                null, null, null, null, new SourceRef(PLATFORM, ctx.connectorId(), id, event.version(), event.occurredAt(), null));
        return new CanonicalRecord(EventType.PRODUCT_DELETED, ctx.subject("product", id), event.occurredAt(), event.version(),
                dedupeBase(event), product);
    }

    // ---- stock ----

    private CanonicalRecord stock(PlatformEvent event, MappingContext ctx) {
        JsonNode l = event.payload();
        String sku = ctx.sku(blankToNull(Json.text(l, "sku")));
        if (sku == null) {
            throw new MappingException("inventory level " + event.externalId() + " has no sku: the runtime must fetch it first");
        }
        String location = required(l, "location_id");
        String hubLocation = ctx.hubLocation(location);
        if (hubLocation.equals(location)) {
            hubLocation = ctx.hubLocation("gid://shopify/Location/" + location);
            if (hubLocation.startsWith("gid://")) {
                hubLocation = location;
            }
        }
        String updatedAt = Json.text(l, "updated_at");
        StockLevel level = new StockLevel(sku, hubLocation, null, Json.decimal(l, "available"), null,
                updatedAt == null ? event.occurredAt() : Json.parseInstant(updatedAt),
                source(ctx, event.externalId(), event.version(), updatedAt));
        return new CanonicalRecord(EventType.STOCK_CHANGED, "sku:" + sku, event.occurredAt(), event.version(),
                dedupeBase(event), level);
    }

    // ---- helpers ----

    private static String required(JsonNode n, String field) {
        String v = Json.text(n, field);
        if (v == null) {
            throw new MappingException("field '" + field + "' is missing");
        }
        return v;
    }

    private static Money money(JsonNode n, String field, String currency) {
        String v = Json.text(n, field);
        return v == null || v.isBlank() ? null : Money.of(v, currency);
    }

    private static String name(String first, String last) {
        String n = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
        return n.isEmpty() ? null : n;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static List<String> tags(String tags) {
        if (tags == null || tags.isBlank()) {
            return List.of();
        }
        return Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    private static List<String> texts(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            arr.forEach(n -> {
                if (!n.isNull()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }
}
