package io.omnihub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Declared options and the cross-field checks of {@link ShopifyConnectorProvider#validate}. */
class ShopifyConfigTest {

    private final ShopifyConnectorProvider provider = new ShopifyConnectorProvider();

    @Test
    void everyOptionTheBriefNamesIsDeclared() {
        assertThat(provider.descriptor().options()).extracting(ConfigOption::path).contains("connection.baseUrl",
                "connection.accessToken", "connection.apiVersion", "connection.defaultLocationId", "webhooks.secrets",
                "flows.webhooks", "flows.orders", "flows.products", "flows.stock", "limits.graphqlRestoreRate",
                "mapping.locations", "mapping.skuAliases", "mapping.defaultCurrency");
        assertThat(provider.descriptor().options()).filteredOn(ConfigOption::secret).extracting(ConfigOption::path)
                .containsExactlyInAnyOrder("connection.accessToken", "webhooks.secrets");
        assertThat(provider.descriptor().flows()).containsExactlyInAnyOrder(Flow.WEBHOOKS_IN, Flow.ORDERS_IN, Flow.PRODUCTS_IN, Flow.STOCK_OUT);
    }

    @Test
    void badValuesAreAllReportedWithTheirPaths() {
        Map<String, Object> spec = TestSupport.spec("https://acme.myshopify.com", "2025-13");
        spec.put("webhooks", Map.of("secrets", List.of()));
        spec.put("mapping", Map.of("locations", Map.of("wh-1", "Main Street"), "defaultCurrency", "dollars"));
        spec.put("limits", Map.of("graphqlRestoreRate", 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> connection = (Map<String, Object>) spec.get("connection");
        connection.put("defaultLocationId", "gid://shopify/Product/1");
        List<ConfigProblem> problems = provider.validate(ConnectorConfig.of("x", "shopify", spec));
        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder("connection.apiVersion", "webhooks.secrets",
                "mapping.locations.wh-1", "mapping.defaultCurrency", "limits.graphqlRestoreRate", "connection.defaultLocationId");
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @Test
    void secretsAreOptionalWhenWebhooksAreOff() {
        Map<String, Object> spec = TestSupport.spec("https://acme.myshopify.com", "2026-04");
        spec.put("webhooks", Map.of());
        spec.put("flows", Map.of("webhooks", false));
        assertThat(provider.validate(ConnectorConfig.of("x", "shopify", spec))).isEmpty();
    }

    @Test
    void flowsDecideTheCapabilities() {
        Map<String, Object> spec = TestSupport.spec("https://acme.myshopify.com", "2025-10");
        spec.put("flows", Map.of("webhooks", Map.of("enabled", false), "stock", false));
        var c = provider.create(ConnectorConfig.of("x", "shopify", spec), TestSupport.context());
        assertThat(c.capability(WebhookReceiver.class)).isEmpty();
        assertThat(c.capability(StockSink.class)).isEmpty();
        assertThat(c.capability(ChangePoller.class)).isEmpty();
        assertThat(c.id()).isEqualTo("x");
    }

    @Test
    void settingsNormaliseLocationsAndHideTheToken() {
        ShopifySettings s = ShopifySettings.from(TestSupport.config("https://acme.myshopify.com/", "2026-01"));
        assertThat(s.baseUrl()).isEqualTo("https://acme.myshopify.com");
        assertThat(s.locationGids()).containsEntry("wh-1", "gid://shopify/Location/905684977")
                .containsEntry("wh-2", "gid://shopify/Location/487838322");
        assertThat(s.apiVersionAtLeast("2026-01")).isTrue();
        assertThat(s.apiVersionAtLeast("2026-04")).isFalse();
        assertThat(s.toString()).doesNotContain("shpat_test");
    }
}
