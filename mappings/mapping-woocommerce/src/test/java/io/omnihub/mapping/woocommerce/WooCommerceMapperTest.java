package io.omnihub.mapping.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Mapper behaviour beyond the golden cases: stock derivation, aliases, locations, money scale, errors. */
class WooCommerceMapperTest {

    private final WooCommerceMapper mapper = new WooCommerceMapper();

    private static ObjectNode fixture(String name) throws Exception {
        try (InputStream in = WooCommerceMapperTest.class.getClassLoader().getResourceAsStream("golden/" + name + "/input.json")) {
            return (ObjectNode) Json.mapper().readTree(in);
        }
    }

    private static PlatformEvent event(EntityKind kind, ObjectNode payload) {
        Instant t = Instant.parse("2017-03-23T20:01:14Z");
        return new PlatformEvent(null, kind, PlatformEvent.Action.UPSERT, "product.updated", payload.get("id").asText(),
                t.toString(), t, payload, false, Map.of());
    }

    @Test
    void mapperIsDiscoverable() {
        assertThat(ServiceLoader.load(ChannelMapper.class).stream().map(p -> p.get().type())).contains("woocommerce");
    }

    @Test
    void managedStockWithSkuAlsoYieldsAStockLevel() throws Exception {
        // the documented product 794 with stock management switched on (fields as in the docs' update example)
        ObjectNode p = fixture("product-794-simple");
        p.put("sku", "PQ-794").put("manage_stock", true).put("stock_quantity", 7);
        MappingContext ctx = new MappingContext("woo-eu", "WOOCOMMERCE",
                Map.of("defaultCurrency", "EUR", "locations", Map.of("berlin", "default"), "skuAliases", Map.of("PQ-794", "PREMIUM-Q")));
        List<CanonicalRecord> out = mapper.map(event(EntityKind.PRODUCT, p), ctx);
        assertThat(out).extracting(CanonicalRecord::type).containsExactly(EventType.PRODUCT_UPSERTED, EventType.STOCK_CHANGED);
        CanonicalRecord stock = out.get(1);
        assertThat(stock.subject()).isEqualTo("sku:PREMIUM-Q");
        StockLevel level = (StockLevel) stock.data();
        assertThat(level.locationId()).isEqualTo("berlin");
        assertThat(level.available()).isEqualByComparingTo("7");
        assertThat(level.asOf()).isEqualTo(Instant.parse("2017-03-23T20:01:14Z"));
    }

    @Test
    void unmanagedStockYieldsNoStockLevel() throws Exception {
        ObjectNode p = fixture("product-794-simple");
        p.put("sku", "PQ-794");
        assertThat(mapper.map(event(EntityKind.PRODUCT, p), new MappingContext("w", "WOOCOMMERCE", Map.of())))
                .extracting(CanonicalRecord::type).containsExactly(EventType.PRODUCT_UPSERTED);
    }

    @Test
    void zeroDecimalCurrencyIsScaledToItsMinorUnits() throws Exception {
        ObjectNode o = fixture("order-727-processing");
        o.put("currency", "JPY").put("total", "2935.00");
        PlatformEvent e = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated", "727",
                "2017-03-22T19:28:08Z", Instant.parse("2017-03-22T19:28:08Z"), o, false, Map.of());
        Order order = (Order) mapper.map(e, new MappingContext("w", "WOOCOMMERCE", Map.of())).get(0).data();
        assertThat(order.totals().total().amount()).isEqualTo("2935");
        assertThat(order.totals().tax().amount()).isEqualTo("1"); // 1.35 JPY rounds half-even to 1
        assertThat(order.lines().get(0).unitPrice().amount()).isEqualTo("3");
    }

    @Test
    void gmtFieldsAreReadAsUtcAndSiteOffsetIsKept() throws Exception {
        ObjectNode o = fixture("order-727-processing");
        assertThat(WooCommerceMapper.gmt(o, "date_created_gmt")).isEqualTo(Instant.parse("2017-03-22T19:28:02Z"));
        assertThat(WooCommerceMapper.siteOffset(o)).isEqualTo("-03:00");
        o.put("date_modified", "2017-03-22T21:58:08");
        assertThat(WooCommerceMapper.siteOffset(o)).isEqualTo("+02:30");
    }

    @Test
    void badMoneyIsAMappingException() throws Exception {
        ObjectNode o = fixture("order-727-processing");
        o.put("total", "29,35");
        PlatformEvent e = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated", "727",
                "v", Instant.EPOCH, o, false, Map.of());
        assertThatThrownBy(() -> mapper.map(e, new MappingContext("w", "WOOCOMMERCE", Map.of())))
                .isInstanceOf(MappingException.class).hasMessageContaining("29,35");
    }

    @Test
    void unmappedStatusIsFlaggedOnTheOrder() throws Exception {
        ObjectNode o = fixture("order-727-processing");
        o.put("status", "awaiting-pickup");
        PlatformEvent e = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated", "727",
                "v", Instant.EPOCH, o, false, Map.of());
        Order order = (Order) mapper.map(e, new MappingContext("w", "WOOCOMMERCE", Map.of())).get(0).data();
        assertThat(order.status()).isNull();
        assertThat(order.exceptionCode()).isEqualTo("UNMAPPED_STATUS");
        assertThat(order.sourceStatus()).isEqualTo("awaiting-pickup");
        assertThat(order.totals().total().value()).isEqualByComparingTo(new BigDecimal("29.35"));
    }
}
