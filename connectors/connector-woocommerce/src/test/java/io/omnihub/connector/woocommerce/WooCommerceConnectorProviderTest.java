package io.omnihub.connector.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-field validation and the declared options. */
class WooCommerceConnectorProviderTest {

    private final WooCommerceConnectorProvider provider = new WooCommerceConnectorProvider();

    private List<String> problems(Map<String, Object> spec) {
        return provider.validate(ConnectorConfig.of("w", "woocommerce", spec)).stream().map(ConfigProblem::path).toList();
    }

    @Test
    void credentialsAreSecretOptions() {
        assertThat(provider.descriptor().options()).filteredOn(ConfigOption::secret).extracting(ConfigOption::path)
                .containsExactlyInAnyOrder("connection.consumerKey", "connection.consumerSecret", "webhooks.secrets");
    }

    @Test
    void plainHttpIsRefusedExceptLocalhost() {
        Map<String, Object> spec = WooCommerceFixtures.spec("http://shop.example.com");
        assertThat(problems(spec)).containsExactly("connection.baseUrl");
        assertThat(problems(WooCommerceFixtures.spec("http://localhost:8089"))).isEmpty();
        assertThat(problems(WooCommerceFixtures.spec("https://shop.example.com"))).isEmpty();
    }

    @Test
    void emptyOrMissingWebhookSecretsAreRefusedWhileWebhooksAreOn() {
        Map<String, Object> spec = WooCommerceFixtures.spec("https://shop.example.com");
        spec.put("webhooks", Map.of("secrets", List.of("")));
        assertThat(problems(spec)).containsExactly("webhooks.secrets");
        spec.remove("webhooks");
        assertThat(problems(spec)).containsExactly("webhooks.secrets");
        spec.put("flows", Map.of("webhooks", false));
        assertThat(problems(spec)).isEmpty();
    }

    @Test
    void batchSizeLocationsStatusesAndKeysAreChecked() {
        Map<String, Object> spec = WooCommerceFixtures.spec("https://shop.example.com");
        spec.put("limits", Map.of("batchSize", 250));
        spec.put("mapping", Map.of("locations", Map.of("berlin", "warehouse-7"), "statuses", Map.of("shipped", "SHIPPED"),
                "defaultCurrency", "euro"));
        @SuppressWarnings("unchecked")
        Map<String, Object> connection = (Map<String, Object>) spec.get("connection");
        connection.put("consumerKey", "abc");
        assertThat(problems(spec)).containsExactlyInAnyOrder("limits.batchSize", "mapping.locations.berlin",
                "mapping.statuses.shipped", "mapping.defaultCurrency", "connection.consumerKey");
    }
}
