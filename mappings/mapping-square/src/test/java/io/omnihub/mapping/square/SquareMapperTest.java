package io.omnihub.mapping.square;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Mapper behaviour beyond the golden cases: thin events, SKU attributes, minor units, fulfilment refinement. */
class SquareMapperTest {

    private final SquareMapper mapper = new SquareMapper();
    private final MappingContext ctx = new MappingContext("sq", "SQUARE", Map.of("skuAliases", Map.of("SQ-TEA", "TEA")));

    private static PlatformEvent event(EntityKind kind, String json, Map<String, String> attrs) throws Exception {
        JsonNode payload = Json.mapper().readTree(json);
        return new PlatformEvent("evt", kind, PlatformEvent.Action.UPSERT, "t", "id1", "5", Instant.EPOCH, payload, false, attrs);
    }

    @Test
    void thinEventsAreNotMapped() {
        PlatformEvent thin = new PlatformEvent("evt", EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated", "o1",
                "2", Instant.EPOCH, null, true, Map.of());
        assertThatThrownBy(() -> mapper.map(thin, ctx)).isInstanceOf(MappingException.class).hasMessageContaining("thin");
    }

    @Test
    void lineSkusComeFromResolvedAttributesThroughAliases() throws Exception {
        PlatformEvent e = event(EntityKind.ORDER, "{\"id\":\"o1\",\"location_id\":\"L1\",\"state\":\"OPEN\",\"version\":5,"
                + "\"line_items\":[{\"uid\":\"u1\",\"quantity\":\"1.5\",\"catalog_object_id\":\"VAR1\",\"name\":\"Tea\","
                + "\"base_price_money\":{\"amount\":1000,\"currency\":\"JPY\"}}],"
                + "\"fulfillments\":[{\"uid\":\"f1\",\"state\":\"COMPLETED\"},{\"uid\":\"f2\",\"state\":\"FAILED\"}],"
                + "\"total_money\":{\"amount\":1500,\"currency\":\"JPY\"}}", Map.of("sku:VAR1", "SQ-TEA"));
        Order o = (Order) mapper.map(e, ctx).get(0).data();
        assertThat(o.lines().get(0).sku()).isEqualTo("TEA");
        assertThat(o.lines().get(0).quantity()).isEqualByComparingTo("1.5");
        assertThat(o.lines().get(0).unitPrice()).isEqualTo(new Money("1000", "JPY"));
        assertThat(o.totals().subtotal()).isEqualTo(new Money("1500", "JPY"));
        assertThat(o.status()).isEqualTo(Order.OrderStatus.FULFILLED);
        assertThat(o.fulfillmentStatus()).isEqualTo(Order.FulfillmentStatus.FULFILLED);
        assertThat(o.exceptionCode()).isEqualTo("FULFILLMENT_FAILED");
        assertThat(o.channel().marketplaceId()).isEqualTo("L1");
    }

    @Test
    void threeDecimalCurrenciesAreScaledFromMinorUnits() throws Exception {
        PlatformEvent e = event(EntityKind.PAYMENT, "{\"id\":\"p1\",\"status\":\"COMPLETED\",\"created_at\":\"2024-01-01T00:00:00Z\","
                + "\"updated_at\":\"2024-01-01T00:00:01Z\",\"total_money\":{\"amount\":1500,\"currency\":\"KWD\"},"
                + "\"refunded_money\":{\"amount\":500,\"currency\":\"KWD\"}}", Map.of());
        io.omnihub.canonical.Payment p = (io.omnihub.canonical.Payment) mapper.map(e, ctx).get(0).data();
        assertThat(p.amount()).isEqualTo(new Money("1.500", "KWD"));
        assertThat(p.status()).isEqualTo(io.omnihub.canonical.Payment.PaymentTxnStatus.PARTIALLY_REFUNDED);
    }

    @Test
    void stockCountsGroupInStockAndReservedPerVariationAndLocation() throws Exception {
        PlatformEvent e = event(EntityKind.STOCK, "{\"inventory_counts\":["
                + "{\"catalog_object_id\":\"VAR1\",\"location_id\":\"L1\",\"state\":\"IN_STOCK\",\"quantity\":\"7.5\",\"calculated_at\":\"2024-01-01T00:00:00Z\"},"
                + "{\"catalog_object_id\":\"VAR1\",\"location_id\":\"L1\",\"state\":\"RESERVED_FOR_SALE\",\"quantity\":\"2\",\"calculated_at\":\"2024-01-01T00:00:02Z\"},"
                + "{\"catalog_object_id\":\"VAR2\",\"location_id\":\"L1\",\"state\":\"IN_STOCK\",\"quantity\":\"1\"}]}",
                Map.of("sku:VAR1", "SQ-TEA"));
        List<CanonicalRecord> records = mapper.map(e, ctx);
        assertThat(records).hasSize(1); // VAR2 has no resolved SKU
        StockLevel s = (StockLevel) records.get(0).data();
        assertThat(records.get(0).subject()).isEqualTo("sku:TEA");
        assertThat(s.available()).isEqualByComparingTo(new BigDecimal("7.5"));
        assertThat(s.reserved()).isEqualByComparingTo("2");
        assertThat(s.onHand()).isEqualByComparingTo("9.5");
        assertThat(s.asOf()).isEqualTo(Instant.parse("2024-01-01T00:00:02Z"));
    }

    @Test
    void deletedCatalogItemsAreProductDeletions() throws Exception {
        PlatformEvent e = event(EntityKind.PRODUCT, "{\"type\":\"ITEM\",\"id\":\"I1\",\"is_deleted\":true,\"version\":9,"
                + "\"updated_at\":\"2024-01-01T00:00:00Z\",\"item_data\":{\"name\":\"Tea\"}}", Map.of());
        CanonicalRecord r = mapper.map(e, ctx).get(0);
        assertThat(r.type()).isEqualTo(io.omnihub.canonical.EventType.PRODUCT_DELETED);
        assertThat(r.entityVersion()).isEqualTo("9");
    }
}
