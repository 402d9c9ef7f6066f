package io.omnihub.mapping.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.Address;
import io.omnihub.canonical.ChannelRef;
import io.omnihub.canonical.Customer;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.Product;
import io.omnihub.canonical.SourceRef;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Maps TikTok Shop orders (Get Order Detail / Get Order List objects), products (Get Product / Search
 * Products objects) and inventory (Inventory Search items) to the canonical model. Money comes from
 * decimal strings with the order's {@code payment.currency}; times are epoch seconds.
 */
public final class TiktokShopMapper implements ChannelMapper {

    private static final Set<String> SHIPPED_LINE_STATES = Set.of("IN_TRANSIT", "DELIVERED", "COMPLETED");

    @Override
    public String type() {
        return "tiktokshop";
    }

    @Override
    public List<CanonicalRecord> map(PlatformEvent event, MappingContext ctx) {
        JsonNode p = event.payload();
        if (p == null || p.isNull() || p.isMissingNode()) {
            throw new MappingException("TikTok Shop " + event.kind() + " " + event.externalId()
                    + " has no payload: thin events must be fetched before mapping");
        }
        return switch (event.kind()) {
            case ORDER -> List.of(order(event, p, ctx));
            case PRODUCT -> List.of(product(event, p, ctx));
            case STOCK -> stock(event, p, ctx);
            default -> List.of();
        };
    }

    // ---- orders ----

    private CanonicalRecord order(PlatformEvent event, JsonNode o, MappingContext ctx) {
        String id = require(o, "id");
        String status = require(o, "status");
        JsonNode pay = o.path("payment");
        String currency = Json.text(pay, "currency");
        if (currency == null) {
            currency = ctx.defaultCurrency().orElseThrow(() ->
                    new MappingException("order " + id + " has no payment.currency and no mapping.defaultCurrency"));
        }
        Instant created = epoch(o, "create_time");
        Instant updated = epoch(o, "update_time");
        String version = Json.text(o, "update_time") != null ? Json.text(o, "update_time") : event.version();
        TiktokShopStatus.Triple t = TiktokShopStatus.of(status, o.hasNonNull("paid_time"));

        List<Order.Line> lines = new ArrayList<>();
        for (JsonNode li : o.path("line_items")) {
            String lineCurrency = Json.text(li, "currency") != null ? Json.text(li, "currency") : currency;
            List<Order.Discount> discounts = new ArrayList<>();
            addDiscount(discounts, "SELLER", li, "seller_discount", lineCurrency);
            addDiscount(discounts, "PLATFORM", li, "platform_discount", lineCurrency);
            List<Order.Tax> taxes = new ArrayList<>();
            for (JsonNode tax : li.path("item_tax")) {
                taxes.add(new Order.Tax(Json.text(tax, "tax_type"), Json.decimal(tax, "tax_rate"),
                        money(tax, "tax_amount", lineCurrency)));
            }
            boolean shipped = SHIPPED_LINE_STATES.contains(Json.text(li, "display_status"));
            // TikTok Shop returns one line item per unit: quantity is always 1
            lines.add(new Order.Line(Json.text(li, "id"), ctx.sku(Json.text(li, "seller_sku")), Json.text(li, "product_name"),
                    Json.text(li, "sku_name"), BigDecimal.ONE, shipped ? BigDecimal.ONE : BigDecimal.ZERO, null,
                    money(li, li.hasNonNull("original_price") ? "original_price" : "sale_price", lineCurrency),
                    discounts, taxes, money(li, "sale_price", lineCurrency)));
        }
        List<Order.ShippingLine> shipping = new ArrayList<>();
        if (pay.hasNonNull("shipping_fee")) {
            shipping.add(new Order.ShippingLine(Json.text(o, "delivery_option_id"),
                    Json.text(o, "delivery_option_name") != null ? Json.text(o, "delivery_option_name")
                            : Json.text(o, "shipping_provider"), money(pay, "shipping_fee", currency)));
        }
        Money discount = sum(money(pay, "seller_discount", currency), money(pay, "platform_discount", currency));
        Order.Totals totals = new Order.Totals(money(pay, "sub_total", currency), discount,
                money(pay, "shipping_fee", currency), money(pay, "tax", currency), money(pay, "total_amount", currency),
                null);
        JsonNode addr = o.path("recipient_address");
        Address shippingAddress = addr.isObject() ? address(addr) : null;
        Customer customer = new Customer(Json.text(o, "user_id"), Json.text(o, "buyer_email"), null,
                Json.text(o, "buyer_nickname"), null);
        Order order = new Order(ctx.orderRef(id), new ChannelRef(ctx.connectorId(), ctx.platform(), null), id, id,
                created, updated, currency.toUpperCase(Locale.ROOT), t.order(), t.payment(), t.fulfillment(), status,
                t.order() == Order.OrderStatus.CANCELLED ? Json.text(o, "cancel_reason") : null, null, customer,
                null, shippingAddress, lines, shipping, totals, null, List.of(), List.of(), List.of(), List.of(),
                Json.text(o, "buyer_message"), new SourceRef(ctx.platform(), ctx.connectorId(), id, version, updated, null));
        return new CanonicalRecord(EventType.ORDER_UPSERTED, ctx.subject("order", id), updated != null ? updated
                : event.occurredAt(), version, dedupeBase(event, id), order);
    }

    private static Address address(JsonNode a) {
        Map<String, String> levels = new LinkedHashMap<>();
        for (JsonNode d : a.path("district_info")) {
            levels.put(Json.text(d, "address_level"), Json.text(d, "address_name"));
        }
        String city = levels.getOrDefault("L3", levels.get("L2"));
        String phone = Json.text(a, "phone_number");
        boolean masked = (phone != null && phone.contains("*")) || (Json.text(a, "name") != null && Json.text(a, "name").contains("*"));
        return new Address(Json.text(a, "name"), null, Json.text(a, "address_line1"), Json.text(a, "address_line2"),
                city, levels.get("L4"), levels.get("L1"), Json.text(a, "postal_code"), Json.text(a, "region_code"), phone,
                masked ? Boolean.TRUE : null);
    }

    private static void addDiscount(List<Order.Discount> out, String code, JsonNode li, String field, String currency) {
        Money m = money(li, field, currency);
        if (m != null && m.value().signum() != 0) {
            out.add(new Order.Discount(code, m));
        }
    }

    // ---- products ----

    private CanonicalRecord product(PlatformEvent event, JsonNode p, MappingContext ctx) {
        String id = require(p, "id");
        String status = Json.text(p, "product_status") != null ? Json.text(p, "product_status") : Json.text(p, "status");
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<Product.Variant> variants = new ArrayList<>();
        for (JsonNode s : p.path("skus")) {
            Map<String, String> optionValues = new LinkedHashMap<>();
            for (JsonNode a : s.path("sales_attributes")) {
                String name = Json.text(a, "name");
                String value = Json.text(a, "value_name");
                if (name != null && value != null) {
                    optionValues.put(name, value);
                    List<String> values = options.computeIfAbsent(name, k -> new ArrayList<>());
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                }
            }
            JsonNode price = s.path("price");
            String currency = Json.text(price, "currency") != null ? Json.text(price, "currency")
                    : ctx.defaultCurrency().orElse(null);
            Money sale = currency == null ? null : money(price, "sale_price", currency);
            JsonNode list = s.path("list_price");
            Money compareAt = Json.text(list, "amount") != null && Json.text(list, "currency") != null
                    ? Money.of(Json.text(list, "amount"), Json.text(list, "currency")) : null;
            JsonNode w = s.path("sku_weight");
            Product.Weight weight = Json.decimal(w, "value") != null
                    ? new Product.Weight(Json.decimal(w, "value"), weightUnit(Json.text(w, "unit"))) : null;
            variants.add(new Product.Variant(ctx.sku(Json.text(s, "seller_sku")), Json.text(s, "id"),
                    Json.at(s, "/identifier_code/code"), null, optionValues, sale, compareAt, weight, Boolean.TRUE));
        }
        List<Product.Image> images = new ArrayList<>();
        int pos = 1;
        for (JsonNode img : p.path("main_images")) {
            String url = Json.at(img, "/urls/0");
            if (url != null) {
                images.add(new Product.Image(url, pos++));
            }
        }
        String category = null;
        for (JsonNode c : p.path("category_chains")) {
            if (c.path("is_leaf").asBoolean(false)) {
                category = Json.text(c, "local_name");
            }
        }
        String version = Json.text(p, "update_time") != null ? Json.text(p, "update_time") : event.version();
        Instant updated = p.hasNonNull("update_time") ? epoch(p, "update_time") : event.occurredAt();
        Product product = new Product(ctx.subject("product", id), id, Json.text(p, "title"), Json.text(p, "description"),
                Json.at(p, "/brand/name"), category, productStatus(status),
                options.entrySet().stream().map(e -> new Product.Option(e.getKey(), e.getValue())).toList(), images,
                List.of(), variants, new SourceRef(ctx.platform(), ctx.connectorId(), id, version, updated, null));
        return new CanonicalRecord(EventType.PRODUCT_UPSERTED, ctx.subject("product", id), updated, version,
                dedupeBase(event, id), product);
    }

    /** TikTok Shop product status to the canonical product status. */
    static Product.ProductStatus productStatus(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "ACTIVATE" -> Product.ProductStatus.ACTIVE;
            case "DRAFT", "PENDING", "FAILED" -> Product.ProductStatus.DRAFT;
            case "DELETED" -> Product.ProductStatus.DELETED;
            case "SELLER_DEACTIVATED", "PLATFORM_DEACTIVATED", "FREEZE" -> Product.ProductStatus.ARCHIVED;
            default -> throw new MappingException("unknown TikTok Shop product status '" + status + "'");
        };
    }

    private static String weightUnit(String unit) {
        if (unit == null) {
            return null;
        }
        return switch (unit) {
            case "KILOGRAM" -> "kg";
            case "GRAM" -> "g";
            case "POUND" -> "lb";
            case "OUNCE" -> "oz";
            default -> unit.toLowerCase(Locale.ROOT);
        };
    }

    // ---- stock ----

    private List<CanonicalRecord> stock(PlatformEvent event, JsonNode item, MappingContext ctx) {
        List<CanonicalRecord> out = new ArrayList<>();
        for (JsonNode s : item.path("skus")) {
            String sku = ctx.sku(Json.text(s, "seller_sku"));
            if (sku == null) {
                throw new MappingException("inventory of TikTok SKU " + Json.text(s, "id") + " has no seller_sku");
            }
            for (JsonNode w : s.path("warehouse_inventory")) {
                BigDecimal available = Json.decimal(w, "available_quantity");
                BigDecimal committed = Json.decimal(w, "committed_quantity");
                BigDecimal onHand = available == null ? null : committed == null ? available : available.add(committed);
                String warehouse = Json.text(w, "warehouse_id");
                StockLevel level = new StockLevel(sku, ctx.hubLocation(warehouse), onHand, available, committed,
                        event.occurredAt(), new SourceRef(ctx.platform(), ctx.connectorId(), Json.text(s, "id"),
                        event.version(), event.occurredAt(), null));
                String base = (event.eventId() != null ? event.eventId() : Json.text(s, "id")) + ":" + warehouse;
                out.add(new CanonicalRecord(EventType.STOCK_CHANGED, "sku:" + sku, event.occurredAt(), event.version(),
                        base, level));
            }
        }
        return out;
    }

    // ---- helpers ----

    private static String dedupeBase(PlatformEvent event, String id) {
        return event.eventId() != null ? event.eventId() : id;
    }

    private static String require(JsonNode n, String field) {
        String v = Json.text(n, field);
        if (v == null || v.isBlank()) {
            throw new MappingException("TikTok Shop payload has no '" + field + "'");
        }
        return v;
    }

    private static Instant epoch(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(v.asText().trim()));
        } catch (NumberFormatException e) {
            throw new MappingException("'" + field + "' is not epoch seconds: " + v.asText());
        }
    }

    private static Money money(JsonNode n, String field, String currency) {
        String v = Json.text(n, field);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Money.of(v, currency);
        } catch (NumberFormatException e) {
            throw new MappingException("'" + field + "' is not a decimal amount: " + v);
        }
    }

    private static Money sum(Money a, Money b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a.plus(b);
    }
}
