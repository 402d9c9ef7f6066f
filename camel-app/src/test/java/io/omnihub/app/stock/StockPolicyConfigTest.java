package io.omnihub.app.stock;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.app.config.ConfigLoader;
import io.omnihub.app.config.ConfigSnapshot;
import io.omnihub.app.config.Placeholders;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kind: StockPolicy} files are validated like every config file: each problem with file and field path. */
class StockPolicyConfigTest {

    @TempDir
    Path dir;

    final ConfigLoader loader = new ConfigLoader(Map.of(), new Placeholders(n -> Optional.empty()));

    static final String GOOD = """
            apiVersion: omnihub.io/v1
            kind: StockPolicy
            metadata:
              id: stock-policy
            spec:
              safetyStock:
                - skus: "TSHIRT-*"
                  quantity: 2
              rules:
                - channels: [shopify-eu]
                  skus: "TSHIRT-*"
                  percentage: 75
                  buffer: 3
                  min: 1
                  max: 60
                  quota: { share: 50, whenAtOrBelow: 10 }
                  pause: { below: 2, resumeAt: 5 }
                  locations: [WH-1, WH-2]
                  includeIncoming: false
                - skus: [MUG, "POSTER-*"]
                  percentage: 33.5
            """;

    @Test
    void aValidPolicyLoads() throws IOException {
        Files.writeString(dir.resolve("stock-policy.yaml"), GOOD);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.stockPolicies()).hasSize(1);
        StockPolicy p = s.stockPolicies().get(0);
        assertThat(p.rules()).hasSize(2);
        StockPolicy.Rule r = p.rules().get(0);
        assertThat(r.channels()).containsExactly("shopify-eu");
        assertThat(r.percentage()).isEqualByComparingTo("75");
        assertThat(r.quota()).isEqualTo(new StockPolicy.Quota(new BigDecimal("50"), 10));
        assertThat(r.pause()).isEqualTo(new StockPolicy.Pause(2, 5));
        assertThat(r.locations()).isEqualTo(Set.of("WH-1", "WH-2"));
        assertThat(p.rules().get(1).channels()).as("no channels: every channel").isNull();
        assertThat(p.ruleFor("amazon", "POSTER-1").percentage()).isEqualByComparingTo("33.5");
        assertThat(p.safetyStockFor("TSHIRT-1")).isEqualTo(2);
    }

    @Test
    void everyProblemIsReportedWithItsFieldPath() throws IOException {
        Files.writeString(dir.resolve("bad-policy.yaml"), """
                apiVersion: omnihub.io/v1
                kind: StockPolicy
                metadata:
                  id: bad-policy
                spec:
                  safetyStock:
                    - skus: "A-*"
                      quantity: -1
                  rules:
                    - skus: "A-*"
                      percentage: 120
                      buffer: 1.5
                      min: 10
                      max: 5
                      quota: { share: 50 }
                      pause: { below: 5, resumeAt: 3 }
                      includeIncoming: "yes"
                      colour: red
                    - percentage: 50
                      skus: []
                """);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.stockPolicies()).isEmpty();
        assertThat(s.problems().get(dir.getFileName() + "/bad-policy.yaml")).extracting(Object::toString).containsExactlyInAnyOrder(
                dir.getFileName() + "/bad-policy.yaml: spec.safetyStock[0].quantity: must be a whole number of at least 0",
                dir.getFileName() + "/bad-policy.yaml: spec.safetyStock[0].quantity: required: whole units kept back",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].colour: unknown field; allowed: buffer, channels, description, "
                        + "includeIncoming, locations, max, min, pause, percentage, quota, skus",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].percentage: must be a number from 0 to 100 (fractions allowed)",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].buffer: must be a whole number of at least 0",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].min: must not be greater than max (5)",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].quota.whenAtOrBelow: required: the ATP at or below which stock is scarce",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].pause.resumeAt: must be at least below (5)",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[0].includeIncoming: must be true or false",
                dir.getFileName() + "/bad-policy.yaml: spec.rules[1].skus: must name at least one SKU or glob");
    }

    @Test
    void onlyOnePolicyFileIsAllowed() throws IOException {
        Files.writeString(dir.resolve("a-policy.yaml"), GOOD);
        Files.writeString(dir.resolve("b-policy.yaml"), GOOD.replace("id: stock-policy", "id: other"));
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.stockPolicies()).hasSize(1);
        assertThat(s.problems().get(dir.getFileName() + "/b-policy.yaml").get(0).toString())
                .contains("kind: only one StockPolicy file is allowed");
    }
}
