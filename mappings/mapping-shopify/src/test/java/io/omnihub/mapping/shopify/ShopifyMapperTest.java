package io.omnihub.mapping.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.canonical.Order;
import io.omnihub.canonical.Product;
import io.omnihub.canonical.StockLevel;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import io.omnihub.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Mapper behaviour beyond the golden cases: discovery, thin events, aliases, currencies and missing fields. */
class ShopifyMapperTest {

    private final ShopifyMapper mapper = new ShopifyMapper();
    private final MappingContext ctx = new MappingContext("shop-eu", "SHOPIFY",
            Map.of("skuAliases", Map.of("IPOD2008GREEN", "HUB-GREEN"), "defaultCurrency", "EUR",
                    "locations", Map.of("berlin", "905684977")));

    private static ObjectNode fixture(String name) throws Exception {
        return (ObjectNode) Json.mapper().readTree(Fixtures.bytes("fixtures/shopify/webhooks/" + name));
    }

    private static PlatformEvent event(EntityKind kind, JsonNode payload, boolean thin) {
        return new PlatformEvent("evt-1", kind, PlatformEvent.Action.UPSERT, "t", "1", "v1",
                Instant.parse("2024-01-01T00:00:00Z"), payload, thin, Map.of());
    }

    @Test
    void mapperIsDiscoverable() {
        assertThat(ServiceLoader.load(ChannelMapper.class).stream().map(p -> p.get().type())).contains("shopify");
    }

    @Test
    void thinEventsAreRefused() throws Exception {
        assertThatThrownBy(() -> mapper.map(event(EntityKind.STOCK, fixture("inventory-levels-update.json"), true), ctx))
                .isInstanceOf(MappingException.class).hasMessageContaining("thin");
    }

    @Test
    void stockWithoutSkuIsAMappingError() throws Exception {
        assertThatThrownBy(() -> mapper.map(event(EntityKind.STOCK, fixture("inventory-levels-update.json"), false), ctx))
                .isInstanceOf(MappingException.class).hasMessageContaining("no sku");
    }

    @Test
    void stockUsesNumericLocationMapAndSkuAlias() throws Exception {
        ObjectNode level = fixture("inventory-levels-update.json").put("sku", "IPOD2008GREEN");
        CanonicalRecord r = mapper.map(event(EntityKind.STOCK, level, false), ctx).get(0);
        StockLevel s = (StockLevel) r.data();
        assertThat(r.subject()).isEqualTo("sku:HUB-GREEN");
        assertThat(s.locationId()).isEqualTo("berlin");
        assertThat(s.available()).isEqualByComparingTo("6");
        assertThat(s.onHand()).isNull();
    }

    @Test
    void orderLinesUseSkuAliases() throws Exception {
        Order o = (Order) mapper.map(event(EntityKind.ORDER, fixture("orders-create.json"), false), ctx).get(0).data();
        assertThat(o.lines()).extracting(Order.Line::sku).containsExactly("HUB-GREEN", "IPOD2008RED", "IPOD2008BLACK");
        assertThat(o.orderId()).isEqualTo("shop-eu:450789469");
    }

    @Test
    void zeroDecimalCurrencyIsScaledEvenWhenSentWithDecimals() throws Exception {
        ObjectNode order = fixture("orders-create.json").put("currency", "jpy").put("total_price", "19900.00");
        Order o = (Order) mapper.map(event(EntityKind.ORDER, order, false), ctx).get(0).data();
        assertThat(o.currency()).isEqualTo("JPY");
        assertThat(o.totals().total().amount()).isEqualTo("19900");
        assertThat(o.lines().get(0).unitPrice().amount()).isEqualTo("199");
    }

    @Test
    void orderWithoutIdIsAMappingError() throws Exception {
        ObjectNode order = fixture("orders-create.json");
        order.remove("id");
        assertThatThrownBy(() -> mapper.map(event(EntityKind.ORDER, order, false), ctx))
                .isInstanceOf(MappingException.class).hasMessageContaining("'id'");
    }

    @Test
    void productPricesUseTheDefaultCurrency() throws Exception {
        Product p = (Product) mapper.map(event(EntityKind.PRODUCT, fixture("products-create.json"), false), ctx).get(0).data();
        assertThat(p.variants()).allSatisfy(v -> assertThat(v.price().currency()).isEqualTo("EUR"));
        assertThat(p.variants().get(2).sku()).isEqualTo("HUB-GREEN");
    }

    @Test
    void productStatusFollowsStatusThenPublication() throws Exception {
        ObjectNode p = fixture("products-create.json");
        assertThat(ShopifyMapper.productStatus(p.put("status", "archived"))).isEqualTo(Product.ProductStatus.ARCHIVED);
        assertThat(ShopifyMapper.productStatus(p.put("status", "draft"))).isEqualTo(Product.ProductStatus.DRAFT);
        p.remove("status");
        assertThat(ShopifyMapper.productStatus(p)).isEqualTo(Product.ProductStatus.ACTIVE);
        p.putNull("published_at");
        assertThat(ShopifyMapper.productStatus(p)).isEqualTo(Product.ProductStatus.DRAFT);
    }

    @Test
    void tagsAreSplitAndTrimmed() {
        assertThat(ShopifyMapper.tags("Emotive, Flash Memory,,MP3 ")).isEqualTo(List.of("Emotive", "Flash Memory", "MP3"));
        assertThat(ShopifyMapper.tags("")).isEmpty();
    }

    @Test
    void dedupeBaseFallsBackToTheEntityId() throws Exception {
        PlatformEvent polled = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "orders/poll", "450789469",
                "2008-01-10T11:00:00-05:00", Instant.parse("2008-01-10T16:00:00Z"), fixture("orders-create.json"), false, Map.of());
        assertThat(mapper.map(polled, ctx).get(0).dedupeBase()).isEqualTo("450789469");
    }
}
