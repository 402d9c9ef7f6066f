package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What Jackson writes for the canonical records follows the contract's conventions (money as decimal
 * strings, times as UTC ISO-8601 strings, quantities as numbers, nulls omitted), reads back to the same
 * value, and conforms to the published schemas.
 */
class OrderJsonRoundTripTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final Pattern ISO_UTC = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z$");
    private static final Pattern AMOUNT = Pattern.compile(CanonicalSchemaGenerator.MONEY_AMOUNT_PATTERN);
    /** The only places where the sample order may contain JSON numbers. */
    private static final Set<String> NUMERIC_FIELDS = Set.of("quantity", "quantityFulfilled", "quantityRefunded", "rate");

    private static final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> SCHEMAS =
            CanonicalSchemaGenerator.generateAll();

    @Test
    void orderRoundTripsWithMoneyAsStringsAndTimesAsUtcIsoStrings() throws Exception {
        Order order = sampleOrder();

        String text = MAPPER.writeValueAsString(order);
        JsonNode json = MAPPER.readTree(text);

        // money: decimal strings scaled to the currency, never numbers
        assertThat(json.at("/lines/0/unitPrice/amount").isTextual()).isTrue();
        assertThat(json.at("/lines/0/unitPrice/amount").asText()).isEqualTo("19.99");
        assertThat(json.at("/lines/0/unitPrice/currency").asText()).isEqualTo("EUR");
        assertThat(json.at("/totals/total/amount").asText()).isEqualTo("57.97");
        assertThat(json.at("/shippingLines/0/price/amount").asText()).isEqualTo("0.00");
        assertThat(json.at("/payments/0/fee/amount").asText()).isEqualTo("1.12");
        List<String> moneyProblems = new ArrayList<>();
        walk(json, "", (path, node) -> {
            if (node.isObject() && node.has("amount") && node.has("currency")
                    && !(node.get("amount").isTextual() && AMOUNT.matcher(node.get("amount").asText()).matches())) {
                moneyProblems.add(path + " = " + node);
            }
            if (node.isNumber() && !NUMERIC_FIELDS.contains(path.substring(path.lastIndexOf('/') + 1))) {
                moneyProblems.add(path + " is a JSON number: " + node);
            }
        });
        assertThat(moneyProblems).as("money written as numbers").isEmpty();

        // quantities: JSON numbers
        assertThat(json.at("/lines/0/quantity").isNumber()).isTrue();
        assertThat(json.at("/lines/0/quantity").asInt()).isEqualTo(3);
        assertThat(json.at("/lines/0/taxes/0/rate").isNumber()).isTrue();

        // times: ISO-8601 strings in UTC, the source's offset normalised away (kept in source.offset)
        assertThat(json.at("/createdAt").asText()).isEqualTo("2024-03-01T10:15:30Z");
        assertThat(json.at("/source/updatedAt").asText()).isEqualTo("2024-03-01T10:20:00.123Z");
        assertThat(json.at("/source/offset").asText()).isEqualTo("+01:00");
        for (String pointer : List.of("/createdAt", "/updatedAt", "/source/updatedAt", "/payments/0/createdAt",
                "/payments/0/updatedAt", "/refunds/0/createdAt", "/fulfillments/0/shippedAt")) {
            assertThat(json.at(pointer).isTextual()).as(pointer).isTrue();
            assertThat(json.at(pointer).asText()).as(pointer).matches(ISO_UTC);
        }

        // enums by name; nulls omitted rather than written as null
        assertThat(json.at("/status").asText()).isEqualTo("OPEN");
        assertThat(json.has("cancelReason")).isFalse();
        assertThat(json.get("channel").has("marketplaceId")).isFalse();
        assertThat(text).doesNotContain("null");

        // round trip
        assertThat(MAPPER.readValue(text, Order.class)).isEqualTo(order);

        // and what Jackson wrote is what the published schema describes (no undeclared properties either)
        assertThat(validator("order.schema.json").validate(json)).isEmpty();
    }

    @Test
    void envelopeWithOrderDataConformsToTheEnvelopeSchema() throws Exception {
        Order order = sampleOrder();
        CloudEvent event = new CloudEvent(CloudEvent.SPEC_VERSION, "0b6f5bd4-8d5c-4a0e-9d55-2f1f3c1a7e01",
                "omnihub:connector:shopify-eu", EventType.ORDER_UPSERTED.type(), "shopify-eu:order:450789469",
                order.updatedAt(), "application/json", "shopify-eu:450789469:2024-03-01T10:20:00.123Z",
                "2024-03-01T10:20:00.123Z", MAPPER.valueToTree(order));

        JsonNode json = MAPPER.readTree(MAPPER.writeValueAsString(event));

        assertThat(json.get("time").asText()).isEqualTo("2024-03-01T10:20:00.123Z");
        assertThat(validator("cloudevent.schema.json").validate(json)).isEmpty();
        assertThat(validator("order.schema.json").validate(json.get("data"))).isEmpty();
        assertThat(MAPPER.treeToValue(json, CloudEvent.class).id()).isEqualTo(event.id());

        JsonNode badSource = ((com.fasterxml.jackson.databind.node.ObjectNode) json.deepCopy())
                .put("source", "shopify-eu").put("type", "io.omnihub.order.created.v1");
        assertThat(validator("cloudevent.schema.json").validate(badSource)).hasSize(2);
    }

    @Test
    void productAndStockSamplesConformToTheirSchemas() throws Exception {
        SourceRef src = new SourceRef("shopify", "shopify-eu", "632910392", "2024-03-01T10:20:00Z",
                Instant.parse("2024-03-01T10:20:00Z"), null);
        Product product = new Product("shopify-eu:632910392", "632910392", "T-shirt", "<p>Cotton</p>", "Acme",
                "Shirts", Product.ProductStatus.ACTIVE,
                List.of(new Product.Option("Size", List.of("S", "M"))),
                List.of(new Product.Image("https://cdn.example.com/t.png", 1)), List.of("summer"),
                List.of(new Product.Variant("TSHIRT-RED-M", "808950810", "4006381333931", "Red / M",
                        Map.of("Color", "Red", "Size", "M"), Money.of("19.99", "EUR"), Money.of("24.99", "EUR"),
                        new Product.Weight(new BigDecimal("0.25"), "kg"), true)),
                src);
        StockLevel stock = new StockLevel("TSHIRT-RED-M", "berlin-wh", new BigDecimal("10"), new BigDecimal("7"),
                new BigDecimal("3"), Instant.parse("2024-03-01T10:20:00Z"), src);

        JsonNode p = MAPPER.readTree(MAPPER.writeValueAsString(product));
        JsonNode s = MAPPER.readTree(MAPPER.writeValueAsString(stock));

        assertThat(validator("product.schema.json").validate(p)).isEmpty();
        assertThat(validator("stock.schema.json").validate(s)).isEmpty();
        assertThat(p.at("/variants/0/price/amount").isTextual()).isTrue();
        assertThat(s.get("onHand").isNumber()).isTrue();
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(product), Product.class)).isEqualTo(product);
        assertThat(MAPPER.readValue(MAPPER.writeValueAsString(stock), StockLevel.class)).isEqualTo(stock);

        // a stock level without its identity fails the schema
        JsonNode noSku = ((com.fasterxml.jackson.databind.node.ObjectNode) s.deepCopy()).without("sku");
        assertThat(validator("stock.schema.json").validate(noSku)).containsExactly("/: required property sku is missing");
    }

    static Order sampleOrder() {
        Instant created = OffsetDateTime.parse("2024-03-01T11:15:30+01:00").toInstant();
        Instant updated = Instant.parse("2024-03-01T10:20:00.123Z");
        SourceRef shopify = new SourceRef("shopify", "shopify-eu", "450789469", "2024-03-01T11:20:00.123+01:00",
                updated, "+01:00");
        SourceRef stripe = new SourceRef("stripe", "stripe-eu", "pi_3MtwBwLkdIwHu7ix28a3tqPa", null, updated, null);
        Order.Line line = new Order.Line("466157049", "TSHIRT-RED-M", "T-shirt", "Red / M", new BigDecimal("3"),
                new BigDecimal("1"), BigDecimal.ZERO, Money.of("19.99", "eur"),
                List.of(new Order.Discount("SPRING", Money.of("2.00", "EUR"))),
                List.of(new Order.Tax("VAT", new BigDecimal("0.20"), Money.of("9.66", "EUR"))),
                Money.of("57.97", "EUR"));
        Payment payment = new Payment("stripe-eu:pi_3MtwBwLkdIwHu7ix28a3tqPa", Payment.Provider.STRIPE,
                "pi_3MtwBwLkdIwHu7ix28a3tqPa", "#1001", "shopify-eu:450789469", Money.ofMinor(5797, "EUR"),
                Money.ofMinor(5797, "EUR"), Money.ofMinor(1999, "EUR"), Money.ofMinor(112, "EUR"),
                Payment.PaymentTxnStatus.PARTIALLY_REFUNDED, "card", created, updated, null, stripe);
        Refund refund = new Refund("stripe-eu:re_1", Payment.Provider.STRIPE, "re_1", payment.paymentId(),
                "shopify-eu:450789469", Money.of("19.99", "EUR"), "requested_by_customer",
                Refund.RefundStatus.SUCCEEDED, List.of(new Refund.Line("466157049", BigDecimal.ONE, true)),
                updated, stripe);
        Fulfillment fulfillment = new Fulfillment("shopify-eu:255858046", "shopify-eu:450789469", "berlin-wh",
                Fulfillment.FulfillmentState.SHIPPED,
                List.of(new Fulfillment.Line("466157049", "TSHIRT-RED-M", BigDecimal.ONE)), "DHL",
                List.of("00340434161094042557"), List.of("https://www.dhl.de/track?n=00340434161094042557"),
                updated, Fulfillment.FulfilledBy.MERCHANT, shopify);
        Address address = new Address("A. Buyer", null, "Hauptstr. 1", null, "Berlin", null, "BE", "10115", "DE",
                "+49 30 1234567", false);
        return new Order("shopify-eu:450789469", new ChannelRef("shopify-eu", "shopify", null), "450789469", "#1001",
                created, updated, "EUR", Order.OrderStatus.OPEN, Order.PaymentStatus.PARTIALLY_REFUNDED,
                Order.FulfillmentStatus.PARTIALLY_FULFILLED, "open", null, null,
                new Customer("207119551", "buyer@example.com", null, "A. Buyer", false), address, address,
                List.of(line), List.of(new Order.ShippingLine("standard", "Standard", Money.zero("EUR"))),
                new Order.Totals(Money.of("59.97", "EUR"), Money.of("2.00", "EUR"), Money.zero("EUR"),
                        Money.of("9.66", "EUR"), Money.of("57.97", "EUR"), Money.of("19.99", "EUR")),
                true, List.of(payment), List.of(refund), List.of(fulfillment), List.of("vip"), "Leave at the door",
                shopify);
    }

    private static SchemaSubsetValidator validator(String file) {
        return new SchemaSubsetValidator(SCHEMAS.get(file), true);
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor visitor) {
        visitor.visit(path, node);
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                walk(f.getValue(), path + "/" + f.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }
}
