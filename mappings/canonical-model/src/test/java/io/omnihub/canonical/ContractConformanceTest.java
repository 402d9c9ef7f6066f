package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Java records still carry every name that the contract (omnihub-v1.md section 4) publishes. v1 is
 * only ever added to, so a rename or removal in Java must fail here even if someone regenerated the
 * schemas. The lists below are copied from the contract text; {@code ?} marks an optional field and
 * {@code []} a list, as in the contract.
 */
class ContractConformanceTest {

    /** Section 4, field lists per entity and nested shape, as the contract writes them. */
    private static final Map<Class<?>, String> CONTRACT_FIELDS = new LinkedHashMap<>();

    static {
        // the CloudEvents attribute table
        CONTRACT_FIELDS.put(CloudEvent.class, "specversion, id, source, type, subject, time, omnihubdedupekey,"
                + " omnihubentityversion, data");
        // Order
        CONTRACT_FIELDS.put(Order.class, "orderId, channel, externalId, orderNumber, createdAt, updatedAt, currency,"
                + " status, paymentStatus, fulfillmentStatus, sourceStatus, cancelReason?, exceptionCode?,"
                + " customer, billingAddress, shippingAddress, lines[], shippingLines[], totals, taxesIncluded,"
                + " payments[], refunds[], fulfillments[], tags[], note, source");
        CONTRACT_FIELDS.put(ChannelRef.class, "connectorId, platform, marketplaceId?");
        CONTRACT_FIELDS.put(Customer.class, "externalId, email, phone, name, masked");
        CONTRACT_FIELDS.put(Address.class, "name, company, line1, line2, city, district, region, postalCode,"
                + " countryCode, phone, masked");
        CONTRACT_FIELDS.put(Order.Line.class, "lineId, sku, title, variantTitle, quantity, quantityFulfilled,"
                + " quantityRefunded, unitPrice, discounts[], taxes[], total");
        CONTRACT_FIELDS.put(Order.Discount.class, "code, amount");
        CONTRACT_FIELDS.put(Order.Tax.class, "name, rate, amount");
        CONTRACT_FIELDS.put(Order.ShippingLine.class, "code, title, price");
        CONTRACT_FIELDS.put(Order.Totals.class, "subtotal, discount, shipping, tax, total, refunded");
        // Product
        CONTRACT_FIELDS.put(Product.class, "productId, externalId, title, description, vendor, productType, status,"
                + " options[], images[], tags[], variants[], source");
        CONTRACT_FIELDS.put(Product.Option.class, "name, values[]");
        CONTRACT_FIELDS.put(Product.Image.class, "url, position");
        CONTRACT_FIELDS.put(Product.Variant.class, "sku, externalId, gtin, title, optionValues, price,"
                + " compareAtPrice, weight, trackInventory");
        CONTRACT_FIELDS.put(Product.Weight.class, "value, unit");
        // Stock
        CONTRACT_FIELDS.put(StockLevel.class, "sku, locationId, onHand, available, reserved, asOf, source");
        // Payment and refund
        CONTRACT_FIELDS.put(Payment.class, "paymentId, provider, providerPaymentId, merchantReference, orderRef?,"
                + " amount, capturedAmount, refundedAmount, fee?, status, method?, createdAt, updatedAt,"
                + " failureCode?, source");
        CONTRACT_FIELDS.put(Refund.class, "refundId, provider, providerRefundId, paymentRef, orderRef?, amount,"
                + " reason, status, lines[], createdAt, source");
        CONTRACT_FIELDS.put(Refund.Line.class, "lineId, quantity, restock");
        // Fulfillment
        CONTRACT_FIELDS.put(Fulfillment.class, "fulfillmentId, orderRef, locationId, status, lines[], carrier,"
                + " trackingNumbers[], trackingUrls[], shippedAt, fulfilledBy, source");
        CONTRACT_FIELDS.put(Fulfillment.Line.class, "lineId, sku, quantity");
        // conventions for data: money, source (incl. source.offset)
        CONTRACT_FIELDS.put(Money.class, "amount, currency");
        CONTRACT_FIELDS.put(SourceRef.class, "platform, connectorId, externalId, externalVersion, updatedAt, offset");
    }

    /** Section 4, enum values per field. Java may have more (v1 is only added to), never fewer. */
    private static final List<EnumCase> CONTRACT_ENUMS = List.of(
            new EnumCase(Order.class, "status", "DRAFT, PENDING_PAYMENT, ON_HOLD, OPEN, PARTIALLY_FULFILLED,"
                    + " FULFILLED, DELIVERED, COMPLETED, CANCELLED"),
            new EnumCase(Order.class, "paymentStatus", "NONE, PENDING, AUTHORIZED, PARTIALLY_PAID, PAID,"
                    + " PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED, EXPIRED"),
            new EnumCase(Order.class, "fulfillmentStatus", "UNFULFILLED, ON_HOLD, IN_PROGRESS, PARTIALLY_FULFILLED,"
                    + " FULFILLED, DELIVERED, RETURNED, CANCELLED"),
            new EnumCase(Product.class, "status", "ACTIVE, DRAFT, ARCHIVED, DELETED"),
            new EnumCase(Payment.class, "provider", "STRIPE, PAYPAL, ADYEN, SQUARE, ALIPAY, WECHATPAY"),
            new EnumCase(Payment.class, "status", "PENDING, REQUIRES_ACTION, AUTHORIZED, CAPTURED,"
                    + " PARTIALLY_REFUNDED, REFUNDED, VOIDED, FAILED, EXPIRED, DISPUTED"),
            new EnumCase(Refund.class, "provider", "STRIPE, PAYPAL, ADYEN, SQUARE, ALIPAY, WECHATPAY"),
            new EnumCase(Refund.class, "status", "PENDING, REQUIRES_ACTION, SUCCEEDED, FAILED, CANCELLED"),
            new EnumCase(Fulfillment.class, "status", "PENDING, IN_PROGRESS, SHIPPED, IN_TRANSIT, DELIVERED,"
                    + " FAILED, CANCELLED, RETURNED"),
            new EnumCase(Fulfillment.class, "fulfilledBy", "MERCHANT, PLATFORM"));

    /** Section 4, the CloudEvent types. */
    private static final List<String> CONTRACT_TYPES = List.of("io.omnihub.order.upserted.v1",
            "io.omnihub.product.upserted.v1", "io.omnihub.product.deleted.v1", "io.omnihub.stock.changed.v1",
            "io.omnihub.payment.updated.v1", "io.omnihub.refund.updated.v1", "io.omnihub.fulfillment.updated.v1");

    /** Section 4 conventions: which fields are money, instants and quantities. */
    private static final Map<Class<?>, String> MONEY_FIELDS = Map.of(
            Order.Line.class, "unitPrice, total",
            Order.Discount.class, "amount",
            Order.Tax.class, "amount",
            Order.ShippingLine.class, "price",
            Order.Totals.class, "subtotal, discount, shipping, tax, total, refunded",
            Product.Variant.class, "price, compareAtPrice",
            Payment.class, "amount, capturedAmount, refundedAmount, fee",
            Refund.class, "amount");
    private static final Map<Class<?>, String> TIME_FIELDS = Map.of(
            CloudEvent.class, "time",
            Order.class, "createdAt, updatedAt",
            StockLevel.class, "asOf",
            Payment.class, "createdAt, updatedAt",
            Refund.class, "createdAt",
            Fulfillment.class, "shippedAt",
            SourceRef.class, "updatedAt");
    private static final Map<Class<?>, String> QUANTITY_FIELDS = Map.of(
            Order.Line.class, "quantity, quantityFulfilled, quantityRefunded",
            StockLevel.class, "onHand, available, reserved",
            Refund.Line.class, "quantity",
            Fulfillment.Line.class, "quantity");

    @Test
    void everyContractFieldIsARecordComponent() {
        List<String> problems = new ArrayList<>();
        CONTRACT_FIELDS.forEach((type, list) -> {
            for (String entry : split(list)) {
                String name = entry.replace("?", "").replace("[]", "");
                Optional<RecordComponent> c = component(type, name);
                if (c.isEmpty()) {
                    problems.add(label(type) + "." + name + " is in the contract but not in the record (renamed or"
                            + " removed?)");
                } else if (entry.contains("[]") && !List.class.isAssignableFrom(c.get().getType())) {
                    problems.add(label(type) + "." + name + " is a list in the contract but "
                            + c.get().getType().getSimpleName() + " in Java");
                }
            }
        });
        assertThat(problems).as("contract section 4 vs io.omnihub.canonical").isEmpty();
    }

    @Test
    void everyContractEnumConstantExists() {
        List<String> problems = new ArrayList<>();
        for (EnumCase e : CONTRACT_ENUMS) {
            Optional<RecordComponent> c = component(e.type(), e.field());
            if (c.isEmpty() || !c.get().getType().isEnum()) {
                problems.add(label(e.type()) + "." + e.field() + " is not an enum component");
                continue;
            }
            List<String> constants = Arrays.stream(c.get().getType().getEnumConstants())
                    .map(k -> ((Enum<?>) k).name()).toList();
            split(e.values()).stream().filter(v -> !constants.contains(v)).forEach(v -> problems.add(
                    label(e.type()) + "." + e.field() + " lacks contract value " + v + " (has " + constants + ")"));
        }
        assertThat(problems).as("contract section 4 enum values vs io.omnihub.canonical").isEmpty();
    }

    @Test
    void eventTypesAreExactlyTheContractTypes() {
        assertThat(Arrays.stream(EventType.values()).map(EventType::type))
                .containsExactlyInAnyOrderElementsOf(CONTRACT_TYPES);
        assertThat(CloudEvent.SPEC_VERSION).isEqualTo("1.0");
    }

    @Test
    void moneyTimeAndQuantityFieldsUseTheConventionTypes() {
        List<String> problems = new ArrayList<>();
        checkTypes(MONEY_FIELDS, Money.class, problems);
        checkTypes(TIME_FIELDS, Instant.class, problems);
        checkTypes(QUANTITY_FIELDS, BigDecimal.class, problems);
        assertThat(problems).as("contract section 4 conventions for data").isEmpty();
    }

    @Test
    void publishedTablesOfTheGeneratorAreConsistent() {
        // generateAll() rejects table entries that name no record component; this runs it outside the
        // file comparison so a stale table is reported on its own.
        assertThat(CanonicalSchemaGenerator.generateAll()).containsKeys("cloudevent.schema.json",
                "order.schema.json", "product.schema.json", "stock.schema.json", "payment.schema.json",
                "refund.schema.json", "fulfillment.schema.json");
    }

    private static void checkTypes(Map<Class<?>, String> table, Class<?> expected, List<String> problems) {
        table.forEach((type, list) -> split(list).forEach(name -> {
            Optional<RecordComponent> c = component(type, name);
            if (c.isEmpty()) {
                problems.add(label(type) + "." + name + " is missing");
            } else if (c.get().getType() != expected) {
                problems.add(label(type) + "." + name + " must be " + expected.getSimpleName() + " but is "
                        + typeName(c.get().getGenericType()));
            }
        }));
    }

    private static Optional<RecordComponent> component(Class<?> type, String name) {
        return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(name)).findFirst();
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }

    private static String label(Class<?> type) {
        return type.getEnclosingClass() == null ? type.getSimpleName()
                : type.getEnclosingClass().getSimpleName() + "." + type.getSimpleName();
    }

    private static String typeName(Type t) {
        return t instanceof ParameterizedType ? t.getTypeName() : ((Class<?>) t).getSimpleName();
    }

    private record EnumCase(Class<?> type, String field, String values) {
    }
}
