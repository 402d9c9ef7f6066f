package io.omnihub.connector.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Descriptor content and the cross-field rules of {@link StripeConnectorProvider#validate}. */
class StripeConnectorProviderTest {

    private final StripeConnectorProvider provider = new StripeConnectorProvider();

    private static Map<String, Object> spec() {
        Map<String, Object> spec = new HashMap<>();
        spec.put("connection", new HashMap<>(Map.of("baseUrl", "https://api.stripe.com", "apiKey", "sk_test_1")));
        spec.put("webhooks", new HashMap<>(Map.of("secrets", List.of("whsec_1"))));
        return spec;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> spec, String name) {
        return (Map<String, Object>) spec.computeIfAbsent(name, k -> new HashMap<String, Object>());
    }

    private List<String> problems(Map<String, Object> spec) {
        return provider.validate(ConnectorConfig.of("s", "stripe", spec)).stream().map(ConfigProblem::path).toList();
    }

    @Test
    void descriptorDeclaresTheOptionsTheConnectorReads() {
        assertThat(provider.descriptor().platform()).isEqualTo("STRIPE");
        assertThat(provider.descriptor().flows()).containsExactlyInAnyOrder(Flow.WEBHOOKS_IN, Flow.PAYMENTS_IN);
        assertThat(provider.descriptor().options()).extracting(ConfigOption::path).contains(
                "connection.baseUrl", "connection.apiKey", "connection.apiVersion", "connection.stripeAccount",
                "webhooks.secrets", "webhooks.tolerance", "webhooks.maxFutureSkew", "limits.requestsPerSecond",
                "limits.pageSize", "mapping.orderMetadataKeys", "mapping.orderConnector");
        assertThat(provider.descriptor().options()).filteredOn(ConfigOption::secret).extracting(ConfigOption::path)
                .containsExactlyInAnyOrder("connection.apiKey", "webhooks.secrets");
    }

    @Test
    void minimalConfigIsValid() {
        assertThat(problems(spec())).isEmpty();
    }

    @Test
    void publishableKeyIsRefused() {
        Map<String, Object> spec = spec();
        section(spec, "connection").put("apiKey", "pk_test_1");
        assertThat(problems(spec)).containsExactly("connection.apiKey");
    }

    @Test
    void zeroOrHugeToleranceIsRefused() {
        Map<String, Object> spec = spec();
        section(spec, "webhooks").put("tolerance", "0s");
        assertThat(problems(spec)).contains("webhooks.tolerance");
        section(spec, "webhooks").put("tolerance", "2h");
        assertThat(problems(spec)).contains("webhooks.tolerance");
        section(spec, "webhooks").put("tolerance", "forever");
        assertThat(problems(spec)).contains("webhooks.tolerance");
    }

    @Test
    void futureSkewAboveToleranceIsRefused() {
        Map<String, Object> spec = spec();
        section(spec, "webhooks").put("tolerance", "60s");
        section(spec, "webhooks").put("maxFutureSkew", "120s");
        assertThat(problems(spec)).containsExactly("webhooks.maxFutureSkew");
    }

    @Test
    void limitsOutsideStripesRangesAreRefused() {
        Map<String, Object> spec = spec();
        section(spec, "limits").put("pageSize", 101);
        section(spec, "limits").put("requestsPerSecond", 0);
        assertThat(problems(spec)).containsExactlyInAnyOrder("limits.pageSize", "limits.requestsPerSecond");
    }

    @Test
    void connectAccountMustBeAnAccountId() {
        Map<String, Object> spec = spec();
        section(spec, "connection").put("stripeAccount", "cus_123");
        assertThat(problems(spec)).containsExactly("connection.stripeAccount");
        section(spec, "connection").put("stripeAccount", "acct_123");
        assertThat(problems(spec)).isEmpty();
    }

    @Test
    void disablingEveryFlowIsRefused() {
        Map<String, Object> spec = spec();
        spec.put("flows", Map.of("webhooks", false, "payments", Map.of("enabled", false)));
        assertThat(problems(spec)).containsExactly("flows");
    }
}
