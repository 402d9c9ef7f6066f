package io.omnihub.mapping.tiktokshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.canonical.Order;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Mapper behaviour outside the golden cases. */
class TiktokShopMapperTest {

    private static final MappingContext CTX = new MappingContext("tt", "TIKTOK_SHOP", Map.of());

    @Test
    void mapperIsDiscoverable() {
        assertThat(ServiceLoader.load(ChannelMapper.class).stream().map(p -> p.get().type())).contains("tiktokshop");
    }

    @Test
    void thinEventWithoutPayloadIsAMappingError() {
        PlatformEvent thin = new PlatformEvent("n", EntityKind.ORDER, PlatformEvent.Action.UPSERT, "ORDER_STATUS_CHANGE",
                "1", "1", Instant.EPOCH, null, true, Map.of());
        assertThatThrownBy(() -> new TiktokShopMapper().map(thin, CTX)).isInstanceOf(MappingException.class)
                .hasMessageContaining("fetched");
    }

    @Test
    void cancelledPaidOrderIsRefundedWithItsReasonAndZeroDecimalCurrencyKeepsNoDecimals() {
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("id", "42");
        o.put("status", "CANCELLED");
        o.put("paid_time", 1619611563);
        o.put("update_time", 1619621355);
        o.put("cancel_reason", "Pricing error");
        o.putObject("payment").put("currency", "JPY").put("total_amount", "1500");
        PlatformEvent e = new PlatformEvent(null, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "orders/search", "42",
                "1619621355", Instant.ofEpochSecond(1619621355L), o, false, Map.of());
        Order order = (Order) new TiktokShopMapper().map(e, CTX).get(0).data();
        assertThat(order.paymentStatus()).isEqualTo(Order.PaymentStatus.REFUNDED);
        assertThat(order.cancelReason()).isEqualTo("Pricing error");
        assertThat(order.totals().total().amount()).isEqualTo("1500");
        assertThat(order.updatedAt()).isEqualTo(Instant.parse("2021-04-28T14:49:15Z"));
    }
}
