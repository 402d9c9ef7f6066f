package io.omnihub.connector.square;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-field validation of Square connector files and the declared options. */
class SquareConnectorProviderTest {

    private final SquareConnectorProvider provider = new SquareConnectorProvider();

    private static List<String> paths(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::path).toList();
    }

    @Test
    void credentialsAreAnAccessTokenOrTheCompleteOauthTriple() {
        Map<String, Object> none = new HashMap<>();
        none.put("accessToken", null);
        assertThat(paths(provider.validate(SquareTestSupport.config("https://connect.squareup.com", none))))
                .containsExactly("connection.accessToken");
        Map<String, Object> partial = new HashMap<>();
        partial.put("clientId", "sq0idp-app");
        assertThat(paths(provider.validate(SquareTestSupport.config("https://connect.squareup.com", partial))))
                .containsExactlyInAnyOrder("connection.clientSecret", "connection.refreshToken");
    }

    @Test
    void webhooksNeedAKeyAndAnAbsoluteNotificationUrl() {
        Map<String, Object> spec = SquareTestSupport.spec("https://connect.squareup.com");
        spec.put("webhooks", Map.of("secrets", List.of(), "notificationUrl", "/relative"));
        assertThat(paths(provider.validate(ConnectorConfig.of("s", "square", spec))))
                .containsExactlyInAnyOrder("webhooks.secrets", "webhooks.notificationUrl");
        spec.put("flows", Map.of("webhooks", false));
        spec.put("webhooks", Map.of());
        assertThat(provider.validate(ConnectorConfig.of("s", "square", spec))).isEmpty();
    }

    @Test
    void squareVersionMustBeADate() {
        Map<String, Object> v = new HashMap<>();
        v.put("squareVersion", "latest");
        assertThat(paths(provider.validate(SquareTestSupport.config("https://connect.squareup.com", v))))
                .containsExactly("connection.squareVersion");
    }

    @Test
    void everyOptionTheConnectorReadsIsDeclaredWithSecretsMarked() {
        List<String> declared = provider.descriptor().options().stream().map(ConfigOption::path).toList();
        assertThat(declared).contains("connection.baseUrl", "connection.accessToken", "connection.clientId",
                "connection.clientSecret", "connection.refreshToken", "connection.squareVersion", "connection.locationIds",
                "webhooks.secrets", "webhooks.notificationUrl", "webhooks.catalogLookback", "limits.requestsPerSecond",
                "limits.burst", "mapping.locations", "mapping.skuAliases", "mapping.defaultCurrency");
        assertThat(provider.descriptor().options()).filteredOn(ConfigOption::secret).extracting(ConfigOption::path)
                .containsExactlyInAnyOrder("connection.accessToken", "connection.clientSecret", "connection.refreshToken",
                        "webhooks.secrets");
    }
}
