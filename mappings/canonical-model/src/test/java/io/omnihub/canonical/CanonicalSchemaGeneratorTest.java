package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping rules of {@link CanonicalSchemaGenerator}. The file comparison in {@link SchemaSyncTest}
 * cannot catch a broken generator once someone has regenerated the files, so the conventions of the
 * contract are pinned here on the generated documents themselves.
 */
class CanonicalSchemaGeneratorTest {

    private static final Map<String, ObjectNode> SCHEMAS = CanonicalSchemaGenerator.generateAll();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyDocumentIsDraft2020WithAnIdAndResolvableRefs() {
        SCHEMAS.forEach((file, schema) -> {
            assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            assertThat(schema.get("$id").asText()).isEqualTo("https://omnihub.io/schemas/v1/" + file);
            assertThat(schema.get("type").asText()).isEqualTo("object");
            List<String> refs = new ArrayList<>();
            collectRefs(schema, refs);
            for (String ref : refs) {
                assertThat(ref.equals("#") || !schema.at(ref.substring(1)).isMissingNode())
                        .as(file + " " + ref).isTrue();
            }
        });
    }

    @Test
    void moneyIsADecimalStringAndAnUpperCaseCurrencyBothRequired() {
        JsonNode money = SCHEMAS.get("order.schema.json").at("/$defs/Money");
        assertThat(money.at("/properties/amount/type").asText()).isEqualTo("string");
        assertThat(money.at("/properties/amount/pattern").asText()).isEqualTo("^-?[0-9]+(\\.[0-9]+)?$");
        assertThat(money.at("/properties/currency/type").asText()).isEqualTo("string");
        assertThat(money.at("/properties/currency/pattern").asText()).isEqualTo("^[A-Z]{3}$");
        assertThat(texts(money.get("required"))).containsExactly("amount", "currency");
        assertThat(SCHEMAS.get("order.schema.json").at("/$defs/OrderLine/properties/unitPrice/$ref").asText())
                .isEqualTo("#/$defs/Money");
    }

    @Test
    void timesQuantitiesListsMapsAndEnums() {
        JsonNode order = SCHEMAS.get("order.schema.json");
        assertThat(order.at("/properties/createdAt/type").asText()).isEqualTo("string");
        assertThat(order.at("/properties/createdAt/format").asText()).isEqualTo("date-time");
        assertThat(order.at("/$defs/OrderLine/properties/quantity/type").asText()).isEqualTo("number");
        assertThat(order.at("/properties/lines/type").asText()).isEqualTo("array");
        assertThat(order.at("/properties/lines/items/$ref").asText()).isEqualTo("#/$defs/OrderLine");
        assertThat(order.at("/properties/tags/items/type").asText()).isEqualTo("string");
        assertThat(order.at("/$defs/OrderStatus/type").asText()).isEqualTo("string");
        assertThat(texts(order.at("/$defs/OrderStatus/enum"))).containsExactlyElementsOf(
                Arrays.stream(Order.OrderStatus.values()).map(Enum::name).toList());
        // Order.Line, Refund.Line and Fulfillment.Line do not collide
        assertThat(order.get("$defs").has("OrderLine")).isTrue();
        assertThat(order.get("$defs").has("RefundLine")).isTrue();
        assertThat(order.get("$defs").has("FulfillmentLine")).isTrue();

        JsonNode optionValues = SCHEMAS.get("product.schema.json").at("/$defs/ProductVariant/properties/optionValues");
        assertThat(optionValues.get("type").asText()).isEqualTo("object");
        assertThat(optionValues.at("/additionalProperties/type").asText()).isEqualTo("string");
        assertThat(SCHEMAS.get("stock.schema.json").at("/properties/onHand/type").asText()).isEqualTo("number");
    }

    @Test
    void requiredFieldsComeFromTheTable() {
        assertThat(texts(SCHEMAS.get("order.schema.json").get("required")))
                .containsExactly("orderId", "externalId", "status", "source");
        CanonicalSchemaGenerator.dataSchemaFiles().forEach((file, type) -> assertThat(
                texts(SCHEMAS.get(file).get("required"))).as(file)
                .containsExactlyElementsOf(CanonicalSchemaGenerator.REQUIRED.get(type))
                .contains("source"));
        assertThat(SCHEMAS.get("order.schema.json").at("/$defs/Customer").has("required")).isFalse();
    }

    @Test
    void envelopeFollowsTheContractAttributeTable() {
        JsonNode ce = SCHEMAS.get("cloudevent.schema.json");
        assertThat(ce.at("/properties/specversion/const").asText()).isEqualTo("1.0");
        assertThat(ce.at("/properties/source/pattern").asText()).isEqualTo("^omnihub:connector:[a-z0-9-]{1,63}$");
        assertThat(texts(ce.at("/properties/type/enum"))).containsExactlyElementsOf(
                Arrays.stream(EventType.values()).map(EventType::type).toList()).hasSize(7);
        assertThat(ce.at("/properties/time/format").asText()).isEqualTo("date-time");
        assertThat(ce.at("/properties/data/type").asText()).isEqualTo("object");
        assertThat(iterable(ce.get("properties").fieldNames())).containsExactly("specversion", "id", "source",
                "type", "subject", "time", "datacontenttype", "omnihubdedupekey", "omnihubentityversion", "data");
        assertThat(texts(ce.get("required"))).doesNotContain("datacontenttype")
                .contains("specversion", "id", "source", "type");
    }

    @Test
    void topLevelFieldsWhereTheContractGivesMeaningAreDescribed() {
        JsonNode order = SCHEMAS.get("order.schema.json");
        assertThat(order.at("/properties/orderId/description").asText()).contains("{connectorId}:{externalId}");
        assertThat(order.at("/description").asText()).contains("io.omnihub.order.upserted.v1");
        assertThat(SCHEMAS.get("product.schema.json").at("/description").asText())
                .contains("io.omnihub.product.upserted.v1").contains("io.omnihub.product.deleted.v1");
        SCHEMAS.values().forEach(s -> assertThat(s.at("/properties/source/description").asText()).isNotEmpty());
    }

    @Test
    void renderedTextIsStable() throws Exception {
        String text = CanonicalSchemaGenerator.render(SCHEMAS.get("stock.schema.json"));
        assertThat(text).startsWith("{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n")
                .endsWith("}\n").doesNotContain("\r");
        assertThat(MAPPER.readTree(text)).isEqualTo(SCHEMAS.get("stock.schema.json"));
    }

    record WithDouble(String id, Double price) {
    }

    record WithLocalDate(String id, LocalDate day) {
    }

    @Test
    void typesOutsideTheConventionsAreRejected() {
        assertThatThrownBy(() -> CanonicalSchemaGenerator.schemaFor(WithDouble.class, "x.schema.json"))
                .hasMessageContaining("WithDouble.price").hasMessageContaining("binary floating point");
        assertThatThrownBy(() -> CanonicalSchemaGenerator.schemaFor(WithLocalDate.class, "x.schema.json"))
                .hasMessageContaining("WithLocalDate.day").hasMessageContaining("no JSON Schema mapping");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    refs.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
