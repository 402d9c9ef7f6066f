package io.omnihub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sim.ShopifySimulator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polling with Link-header paging, thin stock event completion and check() against the simulator. */
class ShopifyPollingAndFetchTest {

    private ShopifySimulator sim;
    private Connector connector;

    @BeforeEach
    void start() {
        sim = ShopifySimulator.start();
        connector = new ShopifyConnectorProvider().create(TestSupport.config(sim.baseUrl(), "2025-10"), TestSupport.context());
    }

    @AfterEach
    void stop() {
        connector.close();
        sim.close();
    }

    @Test
    void pollingFollowsLinkHeaderPagesWithOnlyLimitAdded() throws Exception {
        ObjectNode template = (ObjectNode) Json.mapper().readTree(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"));
        for (int i = 0; i < 520; i++) {
            ObjectNode o = template.deepCopy();
            o.put("id", 1000 + i);
            o.put("updated_at", Instant.parse("2024-01-01T00:00:00Z").plusSeconds(i).toString());
            sim.addOrder(o);
        }
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        List<PlatformEvent> all = new ArrayList<>();
        String token = null;
        int pages = 0;
        Instant high = null;
        do {
            ChangePoller.Page page = poller.poll(EntityKind.ORDER, Instant.parse("2024-01-01T00:00:10Z"), token);
            all.addAll(page.events());
            token = page.nextPageToken();
            high = page.highWatermark();
            pages++;
        } while (token != null);
        assertThat(pages).isEqualTo(3);
        assertThat(all).hasSize(510).allSatisfy(e -> assertThat(e.kind()).isEqualTo(EntityKind.ORDER));
        assertThat(all.get(0).externalId()).isEqualTo("1010");
        assertThat(high).isEqualTo(Instant.parse("2024-01-01T00:08:39Z"));
        var requests = sim.server().getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).toList();
        assertThat(requests).anySatisfy(u -> assertThat(u).contains("status=any").contains("updated_at_min=2024-01-01T00%3A00%3A10Z")
                .contains("limit=250"));
        assertThat(requests).filteredOn(u -> u.contains("page_info")).hasSize(2)
                .allSatisfy(u -> assertThat(u).doesNotContain("status=").doesNotContain("updated_at_min"));
    }

    @Test
    void emptyPageKeepsTheCursor() {
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        Instant since = Instant.parse("2024-01-01T00:00:00Z");
        ChangePoller.Page page = poller.poll(EntityKind.PRODUCT, since, null);
        assertThat(page.events()).isEmpty();
        assertThat(page.nextPageToken()).isNull();
        assertThat(page.highWatermark()).isEqualTo(since);
    }

    @Test
    void linkHeaderParsingFindsTheNextRelation() {
        String link = "<https://a.myshopify.com/admin/api/2025-10/orders.json?limit=250&page_info=prev1>; rel=\"previous\", "
                + "<https://a.myshopify.com/admin/api/2025-10/orders.json?limit=250&page_info=next2>; rel=\"next\"";
        assertThat(ShopifyChangePoller.nextPageInfo(link)).isEqualTo("next2");
        assertThat(ShopifyChangePoller.nextPageInfo(null)).isNull();
    }

    @Test
    void thinStockEventIsCompletedWithItsSku() {
        sim.addInventoryItem("IPOD2008PINK", 808950810L);
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/inventory-levels-update.json");
        PlatformEvent thin = connector.capability(WebhookReceiver.class).orElseThrow()
                .parse(TestSupport.signed("inventory_levels/update", body, TestSupport.SECRET)).get(0);
        Optional<PlatformEvent> full = connector.capability(EntityFetcher.class).orElseThrow().fetch(thin);
        assertThat(full).hasValueSatisfying(e -> {
            assertThat(e.thin()).isFalse();
            assertThat(e.payload().path("sku").asText()).isEqualTo("IPOD2008PINK");
            assertThat(e.payload().path("available").asInt()).isEqualTo(6);
            assertThat(e.version()).isEqualTo(thin.version());
        });
    }

    @Test
    void thinStockEventOfAVanishedItemIsEmpty() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/inventory-levels-update.json");
        PlatformEvent thin = connector.capability(WebhookReceiver.class).orElseThrow()
                .parse(TestSupport.signed("inventory_levels/update", body, TestSupport.SECRET)).get(0);
        assertThat(connector.capability(EntityFetcher.class).orElseThrow().fetch(thin)).isEmpty();
    }

    @Test
    void checkReportsTheShopNameOrAClearReason() {
        assertThat(connector.check().up()).isTrue();
        assertThat(connector.check().message()).contains("OmniHub Simulator");
        sim.failNext(401, 1);
        var down = connector.check();
        assertThat(down.up()).isFalse();
        assertThat(down.message()).contains("access token").doesNotContain("shpat_test");
    }
}
