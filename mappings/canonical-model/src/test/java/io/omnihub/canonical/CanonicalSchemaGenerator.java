package io.omnihub.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Generates the published JSON Schemas (draft 2020-12) of the canonical messages from the Java
 * records in {@code io.omnihub.canonical}, by reflection over their record components. Test code:
 * {@link SchemaSyncTest} compares the output with {@code docs/schemas/} and rewrites the files when
 * run with {@code -Domnihub.schemas.write=true}.
 *
 * <p>Files: one data schema per CloudEvent entity ({@link EventType#entity()} + {@code .schema.json},
 * root type {@link EventType#dataType()}) and {@value #ENVELOPE_FILE} for the envelope.
 *
 * <p>Java to JSON Schema mapping (anything else fails loudly, so a new field type cannot slip into the
 * published contract unnoticed):
 * <ul>
 *   <li>{@code String} - {@code string}; {@code Boolean} - {@code boolean}; {@code Integer}/{@code Long} - {@code integer}</li>
 *   <li>{@code BigDecimal} (quantities, rates, weights) - {@code number}; {@code float}/{@code double} are rejected (contract section 4)</li>
 *   <li>{@code Instant} - {@code string} with {@code format: date-time} (UTC ISO-8601)</li>
 *   <li>{@link Money} - {@code $defs/Money}: {@code amount} decimal string, {@code currency} ISO-4217, both required</li>
 *   <li>{@code List<T>} - {@code array} of T; {@code Map<String, T>} - {@code object} with {@code additionalProperties} T</li>
 *   <li>nested records and enums - entries in {@code $defs} (enums as {@code enum} string lists of the constant names)</li>
 *   <li>{@code JsonNode} - any JSON value (only the envelope's {@code data}, constrained in {@link #CONSTRAINTS})</li>
 * </ul>
 * Property order follows the record component order; {@code $defs} are sorted by name. A nested type's
 * {@code $defs} name is its enclosing type's name plus its own ({@code Order.Line} - {@code OrderLine}),
 * unless its own name already starts with the enclosing name ({@code Order.OrderStatus} - {@code OrderStatus}).
 * Objects stay open (no {@code additionalProperties: false}): v1 is only ever added to, so consumers must
 * tolerate fields they do not know.
 */
final class CanonicalSchemaGenerator {

    static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";
    static final String ID_BASE = "https://omnihub.io/schemas/v1/";
    static final String ENVELOPE_FILE = "cloudevent.schema.json";

    static final String MONEY_AMOUNT_PATTERN = "^-?[0-9]+(\\.[0-9]+)?$";
    static final String CURRENCY_PATTERN = "^[A-Z]{3}$";
    static final String EVENT_SOURCE_PATTERN = "^omnihub:connector:[a-z0-9-]{1,63}$";

    // ------------------------------------------------------------------------------------------------
    // REQUIRED FIELDS - the one table that decides "required" in every generated schema.
    //
    // Rule: a field is required only when BOTH hold
    //   (a) the contract (omnihub-v1.md section 4) does not mark it optional with "?", and
    //   (b) it is an identity field: without it a consumer cannot tell which entity (or which part of
    //       it) the message is about, or where it came from.
    // Everything else is optional: producers omit values they do not know (NON_NULL, never JSON null)
    // and consumers must tolerate their absence. Adding a name here is a breaking change for producers
    // (a v1 message that was valid may no longer be), so keep it conservative.
    //
    // | type               | required                                  | why                                                      |
    // |--------------------|-------------------------------------------|----------------------------------------------------------|
    // | CloudEvent         | specversion, id, source, type, subject,   | CloudEvents requires the first four; the contract        |
    // |                    | time, omnihubdedupekey,                   | defines the rest on every message (CanonicalRecord       |
    // |                    | omnihubentityversion, data                | rejects null for each); datacontenttype stays optional   |
    // | Order              | orderId, externalId, status, source       | canonical and platform id, lifecycle, provenance         |
    // | Product            | productId, externalId, status, source     | same; status DELETED also marks product.deleted          |
    // | StockLevel         | sku, locationId, source                   | a level is keyed by SKU (join key) and location          |
    // | Payment            | paymentId, provider, status, source       | id, the provider that scopes providerPaymentId, state    |
    // | Refund             | refundId, provider, status, source        | as Payment                                               |
    // | Fulfillment        | fulfillmentId, status, source             | orderRef not required: embedded in an order it is implied|
    // | Money              | amount, currency                          | an amount without currency is meaningless                |
    // | SourceRef          | platform, connectorId                     | always known to the hub; externalId/version may not be   |
    // |                    |                                           | (e.g. back-office stock)                                 |
    // | ChannelRef         | connectorId, platform                     | marketplaceId is "?" in the contract                     |
    // | Order.Line         | lineId                                    | refunds and fulfillments refer to lines by it            |
    // | Refund.Line        | lineId                                    | the refunded order line                                  |
    // | Product.Variant    | externalId                                | the platform's variant id (sku may be empty on platforms)|
    // | all other records  | (none)                                    | Fulfillment.Line may come from a WMS by sku only         |
    // ------------------------------------------------------------------------------------------------
    static final Map<Class<?>, List<String>> REQUIRED = Map.ofEntries(
            Map.entry(CloudEvent.class, List.of("specversion", "id", "source", "type", "subject", "time",
                    "omnihubdedupekey", "omnihubentityversion", "data")),
            Map.entry(Order.class, List.of("orderId", "externalId", "status", "source")),
            Map.entry(Product.class, List.of("productId", "externalId", "status", "source")),
            Map.entry(StockLevel.class, List.of("sku", "locationId", "source")),
            Map.entry(Payment.class, List.of("paymentId", "provider", "status", "source")),
            Map.entry(Refund.class, List.of("refundId", "provider", "status", "source")),
            Map.entry(Fulfillment.class, List.of("fulfillmentId", "status", "source")),
            Map.entry(Money.class, List.of("amount", "currency")),
            Map.entry(SourceRef.class, List.of("platform", "connectorId")),
            Map.entry(ChannelRef.class, List.of("connectorId", "platform")),
            Map.entry(Order.Line.class, List.of("lineId")),
            Map.entry(Refund.Line.class, List.of("lineId")),
            Map.entry(Product.Variant.class, List.of("externalId")));

    /** Type descriptions (from the contract and the records' Javadoc). */
    static final Map<Class<?>, String> TYPE_DESCRIPTIONS = Map.ofEntries(
            Map.entry(CloudEvent.class, "A canonical message: a CloudEvents 1.0 event in JSON structured mode"
                    + " (application/cloudevents+json), on the broker and on every destination."),
            Map.entry(Order.class, "Canonical order."),
            Map.entry(Product.class, "Canonical product. The SKU is the join key across channels."),
            Map.entry(StockLevel.class, "Canonical stock level of one SKU at one location."),
            Map.entry(Payment.class, "Canonical payment."),
            Map.entry(Refund.class, "Canonical refund."),
            Map.entry(Fulfillment.class, "Canonical fulfillment (shipment)."),
            Map.entry(Money.class, "An amount of money: amount is a decimal string scaled to the currency's minor"
                    + " units (\"19.99\", \"1000\" for JPY, \"1.500\" for KWD), currency is ISO-4217 upper case."
                    + " Never a binary floating point number."),
            Map.entry(SourceRef.class, "Where an entity came from: the platform, the connector instance, the"
                    + " platform's id and version, and when the platform last changed it; offset keeps the"
                    + " source's UTC offset when known."),
            Map.entry(ChannelRef.class, "The channel an order was sold on: connector instance, platform, and"
                    + " marketplace/site when any."),
            Map.entry(Customer.class, "The buyer as the channel knows them. Personal data: may be masked or"
                    + " hashed per destination policy; masked is true when it was."),
            Map.entry(Address.class, "A postal address. Personal data: may be masked or hashed per destination"
                    + " policy; masked is true when it was."),
            Map.entry(Order.OrderStatus.class, "Order lifecycle."),
            Map.entry(Order.PaymentStatus.class, "Order-level payment aggregate."),
            Map.entry(Order.FulfillmentStatus.class, "Order-level fulfillment aggregate."),
            Map.entry(Order.Line.class, "One order line."),
            Map.entry(Order.Discount.class, "A discount allocated to a line."),
            Map.entry(Order.Tax.class, "A tax on a line; rate is a decimal fraction such as 0.2."),
            Map.entry(Order.ShippingLine.class, "A shipping charge."),
            Map.entry(Order.Totals.class, "Order totals."),
            Map.entry(Product.ProductStatus.class, "Product lifecycle."),
            Map.entry(Product.Option.class, "A product option such as Size with its values."),
            Map.entry(Product.Image.class, "A product image."),
            Map.entry(Product.Variant.class, "A sellable variant; the SKU is the join key across channels."),
            Map.entry(Product.Weight.class, "A weight with its unit (g, kg, lb, oz)."),
            Map.entry(Payment.Provider.class, "Payment providers. Values may be added within v1."),
            Map.entry(Payment.PaymentTxnStatus.class, "Payment transaction status."),
            Map.entry(Refund.RefundStatus.class, "Refund status."),
            Map.entry(Refund.Line.class, "A refunded line; restock tells whether the goods go back to stock."),
            Map.entry(Fulfillment.FulfillmentState.class, "Shipment state."),
            Map.entry(Fulfillment.FulfilledBy.class, "Who ships: the merchant or the platform (FBA, FBT)."),
            Map.entry(Fulfillment.Line.class, "A shipped line."));

    private static final String ORDER_ID = "{connectorId}:{externalId}";
    private static final String SOURCE = "Where the entity came from: platform, connector instance, the platform's"
            + " id and version, and when the platform last changed it.";
    private static final String PERSONAL = " Personal data: may be masked or hashed per destination policy"
            + " (\"masked\": true on the object).";

    /** Field descriptions: the top-level fields of each message, where the contract gives them meaning. */
    static final Map<Class<?>, Map<String, String>> FIELD_DESCRIPTIONS = Map.ofEntries(
            Map.entry(CloudEvent.class, fields(
                    "specversion", "CloudEvents specification version: always 1.0.",
                    "id", "Unique event id (UUID).",
                    "source", "omnihub:connector:{connectorId} - the connector instance that produced the event.",
                    "type", "The canonical event type; selects the schema of data.",
                    "subject", "Canonical key of the entity, e.g. shopify-eu:order:450789469 or sku:TSHIRT-RED-M.",
                    "time", "When the platform says the change happened (UTC, ISO-8601).",
                    "datacontenttype", "Media type of data (application/json) when present.",
                    "omnihubdedupekey", "{connectorId}:{platform event or entity id}:{version}; identical for"
                            + " redeliveries of the same change.",
                    "omnihubentityversion", "The source's version of the entity (updated_at, version number).",
                    "data", "The canonical entity; its schema depends on type (see the type-specific files).")),
            Map.entry(Order.class, fields(
                    "orderId", "Canonical order id: " + ORDER_ID + ".",
                    "channel", "The channel the order was sold on.",
                    "externalId", "The platform's id of the order.",
                    "createdAt", "When the order was created on the platform (UTC).",
                    "updatedAt", "When the platform last changed the order (UTC).",
                    "currency", "Currency of the order, ISO-4217 upper case.",
                    "status", "Order lifecycle status, mapped from the platform's status.",
                    "paymentStatus", "Order-level payment aggregate.",
                    "fulfillmentStatus", "Order-level fulfillment aggregate.",
                    "sourceStatus", "The platform's own status value, as received.",
                    "cancelReason", "Why the order was cancelled, when it was. Optional.",
                    "customer", "The buyer." + PERSONAL,
                    "billingAddress", "Billing address." + PERSONAL,
                    "shippingAddress", "Shipping address." + PERSONAL,
                    "lines", "Order lines.",
                    "shippingLines", "Shipping charges.",
                    "totals", "Order totals.",
                    "taxesIncluded", "Whether prices include taxes.",
                    "payments", "Payments of the order (same shape as payment.schema.json).",
                    "refunds", "Refunds of the order (same shape as refund.schema.json).",
                    "fulfillments", "Fulfillments of the order (same shape as fulfillment.schema.json).",
                    "source", SOURCE)),
            Map.entry(Product.class, fields(
                    "externalId", "The platform's id of the product.",
                    "status", "Product lifecycle.",
                    "options", "Options such as Size, with their values.",
                    "variants", "Sellable variants; the SKU is the join key across channels.",
                    "source", SOURCE)),
            Map.entry(StockLevel.class, fields(
                    "sku", "The SKU: the join key across channels.",
                    "locationId", "The hub's location id.",
                    "onHand", "Quantity on hand (a JSON number).",
                    "available", "Quantity available to sell (a JSON number).",
                    "reserved", "Quantity reserved (a JSON number).",
                    "asOf", "When the level was true (UTC).",
                    "source", SOURCE)),
            Map.entry(Payment.class, fields(
                    "provider", "The payment provider; values may be added within v1.",
                    "providerPaymentId", "The provider's id of the payment.",
                    "orderRef", "Canonical id (" + ORDER_ID + ") of the order the payment belongs to. Optional.",
                    "fee", "The provider's fee. Optional.",
                    "status", "Payment transaction status.",
                    "method", "Payment method. Optional.",
                    "createdAt", "When the payment was created (UTC).",
                    "updatedAt", "When the provider last changed the payment (UTC).",
                    "failureCode", "The provider's failure code. Optional.",
                    "source", SOURCE)),
            Map.entry(Refund.class, fields(
                    "provider", "The payment provider; values may be added within v1.",
                    "providerRefundId", "The provider's id of the refund.",
                    "paymentRef", "The payment this refund belongs to.",
                    "orderRef", "Canonical id (" + ORDER_ID + ") of the order the refund belongs to. Optional.",
                    "status", "Refund status.",
                    "lines", "Refunded lines; restock tells whether the goods go back to stock.",
                    "createdAt", "When the refund was created (UTC).",
                    "source", SOURCE)),
            Map.entry(Fulfillment.class, fields(
                    "orderRef", "Canonical id (" + ORDER_ID + ") of the fulfilled order.",
                    "locationId", "The hub's location id the goods ship from.",
                    "status", "Shipment state.",
                    "lines", "Shipped lines.",
                    "shippedAt", "When the goods shipped (UTC).",
                    "fulfilledBy", "Who ships: the merchant or the platform (FBA, FBT).",
                    "source", SOURCE)),
            Map.entry(Money.class, fields(
                    "amount", "Decimal string scaled to the currency's minor units, e.g. \"19.99\".",
                    "currency", "ISO-4217 currency code, upper case.")),
            Map.entry(SourceRef.class, fields(
                    "updatedAt", "When the platform last changed the entity (UTC).",
                    "offset", "The source's UTC offset (e.g. -05:00) when known.")));

    /** Extra keywords for single fields, merged into the schema derived from the Java type. */
    static final Map<Class<?>, Map<String, Consumer<ObjectNode>>> CONSTRAINTS = Map.of(
            Money.class, Map.of(
                    "amount", s -> s.put("pattern", MONEY_AMOUNT_PATTERN),
                    "currency", s -> s.put("pattern", CURRENCY_PATTERN)),
            CloudEvent.class, Map.of(
                    "specversion", s -> s.put("const", CloudEvent.SPEC_VERSION),
                    "id", s -> s.put("minLength", 1),
                    "source", s -> s.put("pattern", EVENT_SOURCE_PATTERN),
                    "type", s -> {
                        ArrayNode types = s.putArray("enum");
                        Arrays.stream(EventType.values()).forEach(t -> types.add(t.type()));
                    },
                    "subject", s -> s.put("minLength", 1),
                    "omnihubdedupekey", s -> s.put("minLength", 1),
                    "omnihubentityversion", s -> s.put("minLength", 1),
                    "data", s -> s.put("type", "object")));

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectWriter WRITER = new ObjectMapper().writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n")));

    private CanonicalSchemaGenerator() {
    }

    /** Every published schema: file name to schema, envelope first, then the data schemas in EventType order. */
    static Map<String, ObjectNode> generateAll() {
        Set<String> used = new HashSet<>();
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        out.put(ENVELOPE_FILE, new Builder(CloudEvent.class, used).root(ENVELOPE_FILE, envelopeNote()));
        Map<String, Class<?>> dataTypes = dataSchemaFiles();
        dataTypes.forEach((file, type) -> out.put(file, new Builder(type, used).root(file, dataNote(type))));
        checkTables(used);
        return out;
    }

    /** One schema document for any record, outside the published set (for tests of the mapping rules). */
    static ObjectNode schemaFor(Class<?> root, String file) {
        return new Builder(root, new HashSet<>()).root(file, "");
    }

    /** Data schema file name to root record, one per entity of {@link EventType}. */
    static Map<String, Class<?>> dataSchemaFiles() {
        Map<String, Class<?>> files = new LinkedHashMap<>();
        for (EventType t : EventType.values()) {
            Class<?> previous = files.putIfAbsent(t.entity() + ".schema.json", t.dataType());
            if (previous != null && previous != t.dataType()) {
                throw new IllegalStateException("entity " + t.entity() + " has two data types");
            }
        }
        return files;
    }

    /** The file text: two-space indent, LF line ends, trailing newline. */
    static String render(JsonNode schema) {
        try {
            return WRITER.writeValueAsString(schema) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dataNote(Class<?> type) {
        String types = Arrays.stream(EventType.values()).filter(t -> t.dataType() == type)
                .map(EventType::type).collect(Collectors.joining(" and "));
        return " The data of CloudEvents of type " + types + ".";
    }

    private static String envelopeNote() {
        String map = dataSchemaFiles().entrySet().stream()
                .map(e -> Arrays.stream(EventType.values()).filter(t -> t.dataType() == e.getValue())
                        .map(EventType::type).collect(Collectors.joining(", ")) + " -> " + e.getKey())
                .collect(Collectors.joining("; "));
        return " The schema of data depends on type: " + map + ".";
    }

    /** Every table entry must name a record component of a type that is actually published. */
    private static void checkTables(Set<String> used) {
        List<String> problems = new ArrayList<>();
        checkTable(REQUIRED, used, problems);
        checkTable(keys(FIELD_DESCRIPTIONS), used, problems);
        checkTable(keys(CONSTRAINTS), used, problems);
        TYPE_DESCRIPTIONS.keySet().stream().filter(t -> !used.contains(t.getName()))
                .forEach(t -> problems.add(t.getName() + " has a description but is in no published schema"));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("CanonicalSchemaGenerator tables are stale: " + problems);
        }
    }

    private static void checkTable(Map<Class<?>, ? extends Collection<String>> table, Set<String> used,
                                   List<String> problems) {
        table.forEach((type, names) -> {
            if (!used.contains(type.getName())) {
                problems.add(type.getName() + " is in a table but in no published schema");
                return;
            }
            Set<String> components = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toSet());
            names.stream().filter(n -> !components.contains(n))
                    .forEach(n -> problems.add(type.getSimpleName() + "." + n + " is not a record component"));
        });
    }

    private static <V> Map<Class<?>, Set<String>> keys(Map<Class<?>, Map<String, V>> table) {
        Map<Class<?>, Set<String>> out = new LinkedHashMap<>();
        table.forEach((k, v) -> out.put(k, v.keySet()));
        return out;
    }

    private static Map<String, String> fields(String... nameThenDescription) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenDescription.length; i += 2) {
            m.put(nameThenDescription[i], nameThenDescription[i + 1]);
        }
        return m;
    }

    /** Builds one schema document; collects nested types into its $defs. */
    private static final class Builder {
        private final Class<?> root;
        private final Set<String> used;
        private final Map<String, ObjectNode> defs = new TreeMap<>();
        private final Map<String, Class<?>> defOwners = new LinkedHashMap<>();

        Builder(Class<?> root, Set<String> used) {
            this.root = root;
            this.used = used;
        }

        ObjectNode root(String file, String note) {
            ObjectNode doc = NODES.objectNode();
            doc.put("$schema", DIALECT);
            doc.put("$id", ID_BASE + file);
            doc.put("title", root.getSimpleName());
            ObjectNode body = recordSchema(root);
            doc.put("description", body.remove("description").asText() + note);
            doc.setAll(body);
            if (!defs.isEmpty()) {
                ObjectNode d = doc.putObject("$defs");
                defs.forEach(d::set);
            }
            return doc;
        }

        private ObjectNode recordSchema(Class<?> type) {
            if (!type.isRecord()) {
                throw new IllegalStateException(type.getName() + " is not a record");
            }
            used.add(type.getName());
            ObjectNode s = NODES.objectNode();
            s.put("description", TYPE_DESCRIPTIONS.getOrDefault(type, ""));
            s.put("type", "object");
            ObjectNode props = s.putObject("properties");
            Map<String, String> descriptions = FIELD_DESCRIPTIONS.getOrDefault(type, Map.of());
            Map<String, Consumer<ObjectNode>> constraints = CONSTRAINTS.getOrDefault(type, Map.of());
            for (RecordComponent c : type.getRecordComponents()) {
                ObjectNode p = NODES.objectNode();
                if (descriptions.containsKey(c.getName())) {
                    p.put("description", descriptions.get(c.getName()));
                }
                p.setAll(typeSchema(c.getGenericType(), type.getSimpleName() + "." + c.getName()));
                if (constraints.containsKey(c.getName())) {
                    constraints.get(c.getName()).accept(p);
                }
                props.set(c.getName(), p);
            }
            List<String> required = REQUIRED.getOrDefault(type, List.of());
            if (!required.isEmpty()) {
                ArrayNode r = s.putArray("required");
                required.forEach(r::add);
            }
            if (s.get("description").asText().isEmpty()) {
                s.remove("description");
            }
            return s;
        }

        private ObjectNode typeSchema(Type t, String where) {
            ObjectNode s = NODES.objectNode();
            if (t instanceof Class<?> c) {
                if (c == String.class) {
                    return s.put("type", "string");
                }
                if (c == Boolean.class || c == boolean.class) {
                    return s.put("type", "boolean");
                }
                if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
                    return s.put("type", "integer");
                }
                if (c == BigDecimal.class) {
                    return s.put("type", "number");
                }
                if (c == Instant.class) {
                    return s.put("type", "string").put("format", "date-time");
                }
                if (JsonNode.class.isAssignableFrom(c)) {
                    return s;
                }
                if (c == Double.class || c == double.class || c == Float.class || c == float.class) {
                    throw new IllegalStateException(where + ": binary floating point is not allowed in the"
                            + " canonical model (contract section 4); use Money or BigDecimal");
                }
                if (c == root) {
                    return s.put("$ref", "#");
                }
                if (c.isEnum() || c.isRecord()) {
                    return s.put("$ref", "#/$defs/" + define(c));
                }
            } else if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                Type[] args = p.getActualTypeArguments();
                if (List.class.isAssignableFrom(raw)) {
                    s.put("type", "array");
                    s.set("items", typeSchema(args[0], where + "[]"));
                    return s;
                }
                if (Map.class.isAssignableFrom(raw) && args[0] == String.class) {
                    s.put("type", "object");
                    s.set("additionalProperties", typeSchema(args[1], where + "{}"));
                    return s;
                }
            }
            throw new IllegalStateException(where + ": no JSON Schema mapping for " + t.getTypeName()
                    + "; add one to CanonicalSchemaGenerator (and the conventions in docs/schemas/README.md)");
        }

        private String define(Class<?> c) {
            String name = defName(c);
            Class<?> owner = defOwners.putIfAbsent(name, c);
            if (owner != null) {
                if (owner != c) {
                    throw new IllegalStateException("$defs name " + name + " used by " + owner.getName()
                            + " and " + c.getName());
                }
                return name;
            }
            defs.put(name, NODES.objectNode()); // placeholder: stops recursion on cyclic types
            defs.put(name, c.isEnum() ? enumSchema(c) : recordSchema(c));
            return name;
        }

        private ObjectNode enumSchema(Class<?> c) {
            used.add(c.getName());
            ObjectNode s = NODES.objectNode();
            if (TYPE_DESCRIPTIONS.containsKey(c)) {
                s.put("description", TYPE_DESCRIPTIONS.get(c));
            }
            s.put("type", "string");
            ArrayNode values = s.putArray("enum");
            for (Object constant : c.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return s;
        }
    }

    /** {@code Order.Line} - {@code OrderLine}; {@code Order.OrderStatus} - {@code OrderStatus}. */
    static String defName(Class<?> c) {
        Class<?> outer = c.getEnclosingClass();
        if (outer == null) {
            return c.getSimpleName();
        }
        String outerName = defName(outer);
        return c.getSimpleName().startsWith(outerName) ? c.getSimpleName() : outerName + c.getSimpleName();
    }
}
