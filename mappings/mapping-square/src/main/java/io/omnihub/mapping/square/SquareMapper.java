package io.omnihub.mapping.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.Address;
import io.omnihub.canonical.ChannelRef;
import io.omnihub.canonical.Customer;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Fulfillment;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.Order.FulfillmentStatus;
import io.omnihub.canonical.Order.OrderStatus;
import io.omnihub.canonical.Order.PaymentStatus;
import io.omnihub.canonical.Payment;
import io.omnihub.canonical.Payment.PaymentTxnStatus;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps Square payloads to the canonical model: orders (POS and online, with their location as the
 * channel's {@code marketplaceId}), catalog items as products, inventory counts as stock levels,
 * payments and refunds. Money comes in integer minor units ({@code Money{amount, currency}}) and is
 * scaled per currency; quantities are decimal strings. Line-item and stock SKUs come from the
 * {@code sku:<catalogObjectId>} attributes the connector resolves (Square payloads carry catalog
 * object ids, not SKUs).
 */
public final class SquareMapper implements ChannelMapper {

    static final String PLATFORM = "SQUARE";
    static final String SKU_PREFIX = "sku:";

    @Override
    public String type() {
        return "square";
    }

    @Override
    public List<CanonicalRecord> map(PlatformEvent event, MappingContext ctx) throws MappingException {
        if (event.payload() == null || event.thin()) {
            throw new MappingException("Square " + event.topic() + " " + event.externalId()
                    + " is thin: fetch the entity before mapping");
        }
        try {
            return switch (event.kind()) {
                case ORDER -> List.of(order(event, ctx));
                case PAYMENT -> List.of(payment(event, ctx));
                case REFUND -> List.of(refund(event, ctx));
                case STOCK -> stock(event, ctx);
                case PRODUCT -> products(event, ctx);
                default -> List.of();
            };
        } catch (MappingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MappingException("Square " + event.topic() + " " + event.externalId() + ": " + e, e);
        }
    }

    // ---------------------------------------------------------------- orders

    private CanonicalRecord order(PlatformEvent event, MappingContext ctx) {
        JsonNode o = event.payload();
        String id = require(o, "id", "order");
        String currency = currency(o, ctx);
        String locationId = Json.text(o, "location_id");
        String state = Json.text(o, "state");

        List<String> fStates = new ArrayList<>();
        boolean failed = false;
        for (JsonNode f : o.path("fulfillments")) {
            String s = Json.text(f, "state");
            if (s != null) {
                fStates.add(s);
                failed |= SquareStatuses.fulfillmentException(s);
            }
        }
        FulfillmentStatus fStatus = SquareStatuses.aggregate(fStates);
        if (fStatus == null) {
            // no fulfilments: a POS sale hands the goods over at the counter when it completes
            fStatus = switch (state == null ? "" : state) {
                case "COMPLETED" -> FulfillmentStatus.FULFILLED;
                case "CANCELED" -> FulfillmentStatus.CANCELLED;
                default -> FulfillmentStatus.UNFULFILLED;
            };
        }
        OrderStatus status = SquareStatuses.refineOpen(SquareStatuses.orderState(state), fStatus);
        if (status == null) {
            throw new MappingException("Square order " + id + " has unknown state " + state);
        }

        Money total = money(o.get("total_money"), currency);
        Money refunded = refundedTotal(o, currency);
        PaymentStatus paymentStatus = paymentStatus(o, state, total, refunded, currency);

        Instant created = Json.instant(o, "created_at");
        Instant updated = Optional.ofNullable(Json.instant(o, "updated_at")).orElse(event.occurredAt());
        String orderRef = ctx.orderRef(id);
        SourceRef source = new SourceRef(PLATFORM, ctx.connectorId(), id, event.version(), updated,
                Json.offset(Json.text(o, "updated_at")));

        Map<String, String> discountNames = new HashMap<>();
        for (JsonNode d : o.path("discounts")) {
            discountNames.put(Json.text(d, "uid"), Json.text(d, "name"));
        }
        Map<String, JsonNode> taxesByUid = new HashMap<>();
        for (JsonNode t : o.path("taxes")) {
            taxesByUid.put(Json.text(t, "uid"), t);
        }
        List<Order.Line> lines = new ArrayList<>();
        Money subtotal = Money.zero(currency);
        for (JsonNode l : o.path("line_items")) {
            BigDecimal qty = decimal(l, "quantity");
            Money unit = money(l.get("base_price_money"), currency);
            Money gross = money(l.get("gross_sales_money"), currency);
            if (gross == null && unit != null && qty != null) {
                gross = Money.of(unit.value().multiply(qty), currency);
            }
            if (gross != null) {
                subtotal = subtotal.plus(gross);
            }
            List<Order.Discount> discounts = new ArrayList<>();
            for (JsonNode d : l.path("applied_discounts")) {
                discounts.add(new Order.Discount(discountNames.get(Json.text(d, "discount_uid")),
                        money(d.get("applied_money"), currency)));
            }
            List<Order.Tax> taxes = new ArrayList<>();
            for (JsonNode t : l.path("applied_taxes")) {
                JsonNode def = taxesByUid.get(Json.text(t, "tax_uid"));
                String pct = def == null ? null : Json.text(def, "percentage");
                taxes.add(new Order.Tax(def == null ? null : Json.text(def, "name"),
                        pct == null ? null : new BigDecimal(pct).movePointLeft(2),
                        money(t.get("applied_money"), currency)));
            }
            String catalogId = Json.text(l, "catalog_object_id");
            String sku = catalogId == null ? null : ctx.sku(event.attributes().get(SKU_PREFIX + catalogId));
            lines.add(new Order.Line(Json.text(l, "uid"), sku, Json.text(l, "name"), Json.text(l, "variation_name"),
                    qty, null, null, unit, discounts, taxes, money(l.get("total_money"), currency)));
        }

        Boolean taxesIncluded = null;
        for (JsonNode t : o.path("taxes")) {
            boolean inclusive = "INCLUSIVE".equals(Json.text(t, "type"));
            taxesIncluded = taxesIncluded == null ? inclusive : taxesIncluded || inclusive;
        }

        Order.Totals totals = new Order.Totals(subtotal, money(o.get("total_discount_money"), currency),
                null, money(o.get("total_tax_money"), currency), total, refunded);

        List<Payment> payments = new ArrayList<>();
        for (JsonNode t : o.path("tenders")) {
            payments.add(tender(t, orderRef, currency, ctx, created));
        }
        List<Refund> refunds = new ArrayList<>();
        for (JsonNode r : o.path("refunds")) {
            refunds.add(orderRefund(r, orderRef, currency, ctx));
        }
        List<Fulfillment> fulfillments = new ArrayList<>();
        Customer customer = Optional.ofNullable(Json.text(o, "customer_id"))
                .map(c -> new Customer(c, null, null, null, null)).orElse(null);
        Address shipping = null;
        for (JsonNode f : o.path("fulfillments")) {
            fulfillments.add(fulfillment(f, orderRef, locationId, ctx, updated, event.version()));
            JsonNode recipient = f.path("shipment_details").path("recipient");
            if (recipient.isMissingNode()) {
                recipient = f.path("pickup_details").path("recipient");
            }
            if (recipient.isObject()) {
                if (customer == null || customer.email() == null) {
                    customer = new Customer(Optional.ofNullable(Json.text(recipient, "customer_id"))
                            .orElse(customer == null ? null : customer.externalId()),
                            Json.text(recipient, "email_address"), Json.text(recipient, "phone_number"),
                            Json.text(recipient, "display_name"), null);
                }
                if (shipping == null && recipient.path("address").isObject()) {
                    shipping = address(recipient.get("address"), Json.text(recipient, "display_name"),
                            Json.text(recipient, "phone_number"));
                }
            }
        }

        String orderNumber = Optional.ofNullable(Json.text(o, "reference_id"))
                .or(() -> Optional.ofNullable(Json.text(o, "ticket_name"))).orElse(id);
        Order order = new Order(orderRef, new ChannelRef(ctx.connectorId(), PLATFORM, locationId), id, orderNumber,
                created, updated, currency, status, paymentStatus, fStatus, state, null,
                failed ? "FULFILLMENT_FAILED" : null, customer, null, shipping, lines, List.of(), totals, taxesIncluded,
                payments, refunds, fulfillments, List.of(), null, source);
        return new CanonicalRecord(EventType.ORDER_UPSERTED, ctx.subject("order", id), updated, event.version(),
                dedupeBase(event, id), order);
    }

    private static PaymentStatus paymentStatus(JsonNode o, String state, Money total, Money refunded, String currency) {
        BigDecimal paid = BigDecimal.ZERO;
        for (JsonNode t : o.path("tenders")) {
            String card = Json.at(t, "/card_details/status");
            if (card == null || "CAPTURED".equals(card)) {
                Money m = money(t.get("amount_money"), currency);
                paid = m == null ? paid : paid.add(m.value());
            }
        }
        BigDecimal totalValue = total == null ? BigDecimal.ZERO : total.value();
        if (refunded != null && refunded.value().signum() > 0) {
            return refunded.value().compareTo(totalValue) >= 0 ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
        }
        if ("COMPLETED".equals(state)) {
            // api.json OrderState: "Completed orders are fully paid."
            return PaymentStatus.PAID;
        }
        if (paid.signum() > 0) {
            return paid.compareTo(totalValue) >= 0 ? PaymentStatus.PAID : PaymentStatus.PARTIALLY_PAID;
        }
        return PaymentStatus.NONE;
    }

    private static Money refundedTotal(JsonNode o, String currency) {
        JsonNode returned = o.path("return_amounts").get("total_money");
        if (returned != null && returned.isObject()) {
            return money(returned, currency);
        }
        BigDecimal sum = null;
        for (JsonNode r : o.path("refunds")) {
            String s = Json.text(r, "status");
            if ("APPROVED".equals(s) || "COMPLETED".equals(s)) {
                Money m = money(r.get("amount_money"), currency);
                sum = (sum == null ? BigDecimal.ZERO : sum).add(m.value());
            }
        }
        return sum == null ? null : Money.of(sum, currency);
    }

    private static Payment tender(JsonNode t, String orderRef, String currency, MappingContext ctx, Instant fallback) {
        String id = Optional.ofNullable(Json.text(t, "payment_id")).orElse(Json.text(t, "id"));
        String type = Json.text(t, "type");
        String cardStatus = Json.at(t, "/card_details/status");
        PaymentTxnStatus status = cardStatus != null ? SquareStatuses.tenderCardStatus(cardStatus)
                : "CASH".equals(type) || "OTHER".equals(type) ? PaymentTxnStatus.CAPTURED : null;
        Money amount = money(t.get("amount_money"), currency);
        Instant created = Optional.ofNullable(Json.instant(t, "created_at")).orElse(fallback);
        String brand = Json.at(t, "/card_details/card/card_brand");
        String last4 = Json.at(t, "/card_details/card/last_4");
        return new Payment(ctx.connectorId() + ":" + id, Payment.Provider.SQUARE, id, null, orderRef, amount,
                status == PaymentTxnStatus.CAPTURED ? amount : null, null, money(t.get("processing_fee_money"), currency),
                status, method(type, brand, last4), created, created, null,
                new SourceRef(PLATFORM, ctx.connectorId(), id, null, created, Json.offset(Json.text(t, "created_at"))));
    }

    private static Refund orderRefund(JsonNode r, String orderRef, String currency, MappingContext ctx) {
        String id = Json.text(r, "id");
        String s = Json.text(r, "status");
        Refund.RefundStatus status = "APPROVED".equals(s) ? Refund.RefundStatus.SUCCEEDED : SquareStatuses.refundStatus(s);
        Instant created = Json.instant(r, "created_at");
        String tender = Json.text(r, "tender_id");
        return new Refund(ctx.connectorId() + ":" + id, Payment.Provider.SQUARE, id,
                tender == null ? null : ctx.connectorId() + ":" + tender, orderRef, money(r.get("amount_money"), currency),
                Json.text(r, "reason"), status, List.of(), created,
                new SourceRef(PLATFORM, ctx.connectorId(), id, null, created, Json.offset(Json.text(r, "created_at"))));
    }

    private static Fulfillment fulfillment(JsonNode f, String orderRef, String locationId, MappingContext ctx,
                                           Instant updated, String version) {
        String uid = Json.text(f, "uid");
        JsonNode ship = f.path("shipment_details");
        List<String> tracking = new ArrayList<>();
        Optional.ofNullable(Json.text(ship, "tracking_number")).ifPresent(tracking::add);
        List<String> urls = new ArrayList<>();
        Optional.ofNullable(Json.text(ship, "tracking_url")).ifPresent(urls::add);
        List<Fulfillment.Line> lines = new ArrayList<>();
        for (JsonNode e : f.path("entries")) {
            lines.add(new Fulfillment.Line(Json.text(e, "line_item_uid"), null, decimal(e, "quantity")));
        }
        return new Fulfillment(ctx.connectorId() + ":" + uid, orderRef, ctx.hubLocation(locationId),
                SquareStatuses.shipmentState(Json.text(f, "state")), lines, Json.text(ship, "carrier"), tracking, urls,
                Json.instant(ship, "shipped_at"), Fulfillment.FulfilledBy.MERCHANT,
                new SourceRef(PLATFORM, ctx.connectorId(), uid, version, updated, null));
    }

    private static Address address(JsonNode a, String name, String phone) {
        String first = Json.text(a, "first_name");
        String last = Json.text(a, "last_name");
        String fullName = first != null || last != null
                ? String.join(" ", java.util.stream.Stream.of(first, last).filter(x -> x != null).toList()) : name;
        return new Address(fullName, null, Json.text(a, "address_line_1"), Json.text(a, "address_line_2"),
                Json.text(a, "locality"), Json.text(a, "sublocality"), Json.text(a, "administrative_district_level_1"),
                Json.text(a, "postal_code"), Json.text(a, "country"), phone, null);
    }

    // ---------------------------------------------------------------- payments and refunds

    private CanonicalRecord payment(PlatformEvent event, MappingContext ctx) {
        JsonNode p = event.payload();
        String id = require(p, "id", "payment");
        Money amount = Optional.ofNullable(money(p.get("total_money"), null)).orElse(money(p.get("amount_money"), null));
        if (amount == null) {
            throw new MappingException("Square payment " + id + " has no total_money/amount_money");
        }
        String currency = amount.currency();
        Money refunded = money(p.get("refunded_money"), currency);
        PaymentTxnStatus status = SquareStatuses.paymentStatus(Json.text(p, "status"));
        if (status == PaymentTxnStatus.CAPTURED && refunded != null && refunded.value().signum() > 0) {
            status = refunded.value().compareTo(amount.value()) >= 0 ? PaymentTxnStatus.REFUNDED
                    : PaymentTxnStatus.PARTIALLY_REFUNDED;
        }
        Money fee = null;
        for (JsonNode f : p.path("processing_fee")) {
            Money m = money(f.get("amount_money"), currency);
            fee = fee == null ? m : fee.plus(m);
        }
        Money captured = "COMPLETED".equals(Json.text(p, "status")) ? amount : null;
        String orderId = Json.text(p, "order_id");
        Instant created = Json.instant(p, "created_at");
        Instant updated = Optional.ofNullable(Json.instant(p, "updated_at")).orElse(event.occurredAt());
        String failure = null;
        for (JsonNode err : p.path("card_details").path("errors")) {
            failure = Json.text(err, "code");
            break;
        }
        Payment payment = new Payment(ctx.connectorId() + ":" + id, Payment.Provider.SQUARE, id,
                Json.text(p, "reference_id"), orderId == null ? null : ctx.orderRef(orderId), amount, captured, refunded,
                fee, status, method(Json.text(p, "source_type"), Json.at(p, "/card_details/card/card_brand"),
                Json.at(p, "/card_details/card/last_4")), created, updated, failure,
                new SourceRef(PLATFORM, ctx.connectorId(), id, event.version(), updated, Json.offset(Json.text(p, "updated_at"))));
        return new CanonicalRecord(EventType.PAYMENT_UPDATED, ctx.subject("payment", id), updated, event.version(),
                dedupeBase(event, id), payment);
    }

    private CanonicalRecord refund(PlatformEvent event, MappingContext ctx) {
        JsonNode r = event.payload();
        String id = require(r, "id", "refund");
        Money amount = money(r.get("amount_money"), null);
        if (amount == null) {
            throw new MappingException("Square refund " + id + " has no amount_money");
        }
        String paymentId = Json.text(r, "payment_id");
        String orderId = Json.text(r, "order_id");
        Instant created = Json.instant(r, "created_at");
        Instant updated = Optional.ofNullable(Json.instant(r, "updated_at")).orElse(event.occurredAt());
        Refund refund = new Refund(ctx.connectorId() + ":" + id, Payment.Provider.SQUARE, id,
                paymentId == null ? null : ctx.connectorId() + ":" + paymentId,
                orderId == null ? null : ctx.orderRef(orderId), amount, Json.text(r, "reason"),
                SquareStatuses.refundStatus(Json.text(r, "status")), List.of(), created,
                new SourceRef(PLATFORM, ctx.connectorId(), id, event.version(), updated, Json.offset(Json.text(r, "updated_at"))));
        return new CanonicalRecord(EventType.REFUND_UPDATED, ctx.subject("refund", id), updated, event.version(),
                dedupeBase(event, id), refund);
    }

    private static String method(String sourceType, String brand, String last4) {
        if (brand != null) {
            return last4 == null ? brand : brand + " " + last4;
        }
        return sourceType;
    }

    // ---------------------------------------------------------------- stock

    private List<CanonicalRecord> stock(PlatformEvent event, MappingContext ctx) {
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode c : event.payload().path("inventory_counts")) {
            groups.computeIfAbsent(Json.text(c, "catalog_object_id") + "@" + Json.text(c, "location_id"),
                    k -> new ArrayList<>()).add(c);
        }
        List<CanonicalRecord> out = new ArrayList<>();
        for (List<JsonNode> counts : groups.values()) {
            JsonNode first = counts.get(0);
            String objectId = Json.text(first, "catalog_object_id");
            String squareSku = event.attributes().get(SKU_PREFIX + objectId);
            if (squareSku == null) {
                // not a SKU-carrying item variation: nothing to join on across channels
                continue;
            }
            String sku = ctx.sku(squareSku);
            BigDecimal available = null;
            BigDecimal reserved = null;
            Instant asOf = null;
            String asOfText = null;
            for (JsonNode c : counts) {
                BigDecimal q = decimal(c, "quantity");
                switch (Json.text(c, "state")) {
                    case "IN_STOCK" -> available = q;
                    case "RESERVED_FOR_SALE" -> reserved = q;
                    default -> {
                        // other states (SOLD, WASTE, IN_TRANSIT, ...) are not stock the channel holds
                    }
                }
                Instant at = Json.instant(c, "calculated_at");
                if (at != null && (asOf == null || at.isAfter(asOf))) {
                    asOf = at;
                    asOfText = Json.text(c, "calculated_at");
                }
            }
            if (available == null && reserved == null) {
                continue;
            }
            BigDecimal onHand = (available == null ? BigDecimal.ZERO : available)
                    .add(reserved == null ? BigDecimal.ZERO : reserved);
            asOf = asOf == null ? event.occurredAt() : asOf;
            String version = asOfText == null ? event.version() : asOfText;
            String location = Json.text(first, "location_id");
            StockLevel level = new StockLevel(sku, ctx.hubLocation(location), onHand, available, reserved, asOf,
                    new SourceRef(PLATFORM, ctx.connectorId(), objectId, version, asOf, Json.offset(asOfText)));
            String base = (event.eventId() != null ? event.eventId() : "inventory") + ":" + objectId + ":" + location;
            out.add(new CanonicalRecord(EventType.STOCK_CHANGED, "sku:" + sku, asOf, version, base, level));
        }
        return out;
    }

    // ---------------------------------------------------------------- products

    private List<CanonicalRecord> products(PlatformEvent event, MappingContext ctx) {
        JsonNode p = event.payload();
        List<CanonicalRecord> out = new ArrayList<>();
        if (p.has("objects")) {
            for (JsonNode o : p.get("objects")) {
                if ("ITEM".equals(Json.text(o, "type"))) {
                    out.add(product(o, event, ctx, true));
                }
            }
            return out;
        }
        if (!"ITEM".equals(Json.text(p, "type"))) {
            return out;
        }
        out.add(product(p, event, ctx, false));
        return out;
    }

    private CanonicalRecord product(JsonNode o, PlatformEvent event, MappingContext ctx, boolean fromList) {
        String id = require(o, "id", "catalog object");
        JsonNode item = o.path("item_data");
        boolean deleted = o.path("is_deleted").asBoolean(false) || event.action() == PlatformEvent.Action.DELETE && !fromList;
        Product.ProductStatus status = deleted ? Product.ProductStatus.DELETED
                : item.path("is_archived").asBoolean(false) ? Product.ProductStatus.ARCHIVED : Product.ProductStatus.ACTIVE;
        List<Product.Variant> variants = new ArrayList<>();
        for (JsonNode v : item.path("variations")) {
            JsonNode vd = v.path("item_variation_data");
            Money price = "FIXED_PRICING".equals(Json.text(vd, "pricing_type")) || vd.has("price_money")
                    ? money(vd.get("price_money"), null) : null;
            JsonNode track = vd.get("track_inventory");
            variants.add(new Product.Variant(ctx.sku(Json.text(vd, "sku")), Json.text(v, "id"), Json.text(vd, "upc"),
                    Json.text(vd, "name"), Map.of(), price, null, null,
                    track == null || track.isNull() ? null : track.asBoolean()));
        }
        String version = Optional.ofNullable(Json.text(o, "version")).orElse(event.version());
        Instant updated = Optional.ofNullable(Json.instant(o, "updated_at")).orElse(event.occurredAt());
        String description = Optional.ofNullable(Json.text(item, "description"))
                .orElse(Json.text(item, "description_plaintext"));
        Product product = new Product(ctx.connectorId() + ":" + id, id, Json.text(item, "name"), description, null,
                Json.text(item, "product_type"), status, List.of(), List.of(), List.of(), variants,
                new SourceRef(PLATFORM, ctx.connectorId(), id, version, updated, Json.offset(Json.text(o, "updated_at"))));
        String base = fromList && event.eventId() != null ? event.eventId() + ":" + id
                : dedupeBase(event, id);
        return new CanonicalRecord(deleted ? EventType.PRODUCT_DELETED : EventType.PRODUCT_UPSERTED,
                ctx.subject("product", id), updated, version, base, product);
    }

    // ---------------------------------------------------------------- helpers

    /** Square {@code Money{amount (minor units), currency}}; null when absent. */
    static Money money(JsonNode m, String fallbackCurrency) {
        if (m == null || !m.isObject() || !m.hasNonNull("amount")) {
            return null;
        }
        String currency = Optional.ofNullable(Json.text(m, "currency")).orElse(fallbackCurrency);
        if (currency == null) {
            throw new MappingException("Square money without currency");
        }
        JsonNode amount = m.get("amount");
        if (!amount.canConvertToExactIntegral() && !amount.isTextual()) {
            throw new MappingException("Square money amount must be integer minor units, got " + amount);
        }
        return Money.ofMinor(amount.isTextual() ? Long.parseLong(amount.asText()) : amount.longValue(), currency);
    }

    private static String currency(JsonNode o, MappingContext ctx) {
        for (String f : List.of("total_money", "net_amount_due_money", "total_tax_money")) {
            String c = Json.at(o, "/" + f + "/currency");
            if (c != null) {
                return c;
            }
        }
        for (JsonNode l : o.path("line_items")) {
            String c = Json.at(l, "/base_price_money/currency");
            if (c != null) {
                return c;
            }
        }
        return ctx.defaultCurrency().orElseThrow(
                () -> new MappingException("Square order " + Json.text(o, "id") + " has no currency and no mapping.defaultCurrency"));
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        try {
            return Json.decimal(node, field);
        } catch (NumberFormatException e) {
            throw new MappingException("Square " + field + " is not a decimal string: " + Json.text(node, field));
        }
    }

    private static String require(JsonNode node, String field, String what) {
        String v = Json.text(node, field);
        if (v == null || v.isBlank()) {
            throw new MappingException("Square " + what + " has no " + field);
        }
        return v;
    }

    private static String dedupeBase(PlatformEvent event, String entityId) {
        return event.eventId() != null ? event.eventId() : entityId;
    }
}
