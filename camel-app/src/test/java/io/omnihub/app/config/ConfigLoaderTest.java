package io.omnihub.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.connector.api.ConnectorProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config folder validation: every problem at once, with file and field path; secrets only by reference. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    ConfigLoader loader;

    static final Map<String, String> ENV = Map.of(
            "SHOP_TOKEN", "shpat_secret_value_123",
            "SHOP_HOOK", "hook-secret-1",
            "SHOP_HOOK_OLD", "hook-secret-0",
            "ERP_TOKEN", "erp-secret-token");

    @BeforeEach
    void setUp() {
        Map<String, ConnectorProvider> providers = new TreeMap<>();
        ServiceLoader.load(ConnectorProvider.class).forEach(p -> providers.put(p.type(), p));
        loader = new ConfigLoader(providers, new Placeholders(n -> Optional.ofNullable(ENV.get(n))));
    }

    void write(String name, String yaml) throws IOException {
        Files.writeString(dir.resolve(name), yaml);
    }

    static final String GOOD_SHOP = """
            apiVersion: omnihub.io/v1
            kind: Connector
            metadata:
              id: shopify-eu
            spec:
              type: shopify
              enabled: true
              connection:
                baseUrl: https://acme-eu.myshopify.com
                accessToken: ${SHOP_TOKEN}
              webhooks:
                secrets: [${SHOP_HOOK}, ${SHOP_HOOK_OLD}]
              flows:
                orders: { enabled: true, interval: 5m }
                stock: true
              mapping:
                locations: { WH-1: "655441491" }
            """;

    static final String GOOD_ERP = """
            apiVersion: omnihub.io/v1
            kind: Destination
            metadata:
              id: erp
            spec:
              type: http
              subscribe: [order, product, stock, payment, refund, fulfillment]
              http:
                url: http://erp.internal/omnihub/events
                headers: { Authorization: "Bearer ${ERP_TOKEN}" }
            """;

    @Test
    void validFilesAsTheContractWritesThemLoadWithSecretsResolved() throws IOException {
        write("shopify-eu.yaml", GOOD_SHOP);
        write("erp.yaml", GOOD_ERP);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.connectors()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("shopify-eu");
            assertThat(c.config().strings("webhooks.secrets")).containsExactly("hook-secret-1", "hook-secret-0");
            assertThat(c.config().require("connection.accessToken")).isEqualTo("shpat_secret_value_123");
            assertThat(c.config().toString()).doesNotContain("shpat_secret_value_123");
        });
        assertThat(s.destinations()).singleElement().satisfies(d -> {
            assertThat(d.destination().headers()).containsEntry("Authorization", "Bearer erp-secret-token");
            assertThat(d.destination().subscribe()).hasSize(6);
            assertThat(d.destination().toString()).doesNotContain("erp-secret-token");
        });
    }

    @Test
    void aBrokenFileGetsEveryProblemWithFileAndFieldAndStopsNothingElse() throws IOException {
        write("good.yaml", GOOD_SHOP);
        write("shopify-us.yaml", """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: shopify-us
                spec:
                  type: shopify
                  connection:
                    baseUrl: acme-us.myshopify.com
                    accessToken: shpat_literal_token_in_file
                    baseURL: https://typo.example
                  webhooks:
                    secrets: [${SHOP_HOOK}]
                  flows:
                    teleport: true
                """);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.connectors()).extracting(ConnectorDefinition::id).containsExactly("shopify-eu");
        List<String> problems = s.problems().get(dir.getFileName() + "/shopify-us.yaml").stream().map(Object::toString).toList();
        String f = dir.getFileName() + "/shopify-us.yaml: ";
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.connection.baseUrl: must be an absolute URL"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.connection.accessToken: is a secret"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.connection.baseURL: unknown option") && p.contains("connection.baseUrl"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.flows.teleport: unknown flow"));
        // secrets never echoed
        assertThat(problems).noneMatch(p -> p.contains("shpat_literal_token_in_file") || p.contains("hook-secret-1"));
    }

    @Test
    void badAlertSettingsNameTheFileAndFieldAndTheGoodFileStillLoads() throws IOException {
        write("good.yaml", GOOD_SHOP);
        write("alerts-bad.yaml", GOOD_SHOP.replace("id: shopify-eu", "id: shopify-alerts") + """
                  alerts:
                    ordersQuietAfter: soon
                    usualHours: "9-17"
                    zone: Mars/Olympus
                    credentialsExpireAt: next-year
                    enabled: sometimes
                    pager: true
                """);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.connectors()).extracting(ConnectorDefinition::id).containsExactly("shopify-eu");
        String f = dir.getFileName() + "/alerts-bad.yaml: ";
        List<String> problems = s.problems().get(dir.getFileName() + "/alerts-bad.yaml").stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.ordersQuietAfter: "));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.usualHours: must be HH:MM-HH:MM"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.zone: unknown time zone 'Mars/Olympus'"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.credentialsExpireAt: must be a date"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.enabled: must be true or false"));
        assertThat(problems).anyMatch(p -> p.startsWith(f + "spec.alerts.pager: unknown option; known options: credentialsExpireAt"));
    }

    @Test
    void unknownTypeListsTheAvailableTypes() throws IOException {
        write("x.yaml", GOOD_SHOP.replace("type: shopify", "type: shopfy"));
        var problems = loader.load(dir).problems().values().iterator().next();
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("spec.type");
            assertThat(p.message()).contains("unknown connector type 'shopfy'").contains("available types:")
                    .contains("shopify").contains("square").contains("stripe").contains("woocommerce").contains("tiktokshop");
        });
    }

    @Test
    void unknownKindApiVersionAndBadIdAreReportedTogether() throws IOException {
        write("x.yaml", """
                apiVersion: omnihub.io/v2
                kind: Connecter
                metadata:
                  id: Shop_EU
                spec: {}
                """);
        var problems = loader.load(dir).problems().values().iterator().next().stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.contains("apiVersion: unsupported 'omnihub.io/v2'"));
        assertThat(problems).anyMatch(p -> p.contains("kind: unknown kind 'Connecter'; available kinds: Connector, Destination"));
        assertThat(problems).anyMatch(p -> p.contains("metadata.id: must be 1-63 characters"));
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        write("bad.yaml", "apiVersion: omnihub.io/v1\nkind: Connector\nmetadata:\n  id: [unclosed\n");
        var p = loader.load(dir).problems().values().iterator().next().get(0);
        assertThat(p.toString()).contains("bad.yaml").contains("invalid YAML").contains("line 4").doesNotContain("\n");
    }

    @Test
    void missingEnvironmentVariableIsNamedNotGuessed() throws IOException {
        write("x.yaml", GOOD_SHOP.replace("${SHOP_TOKEN}", "${SHOP_TOKEN_MISSING}"));
        var problems = loader.load(dir).problems().values().iterator().next().stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.contains("spec.connection.accessToken: environment variable SHOP_TOKEN_MISSING is not set"));
    }

    @Test
    void duplicateIdsAreRefusedInTheSecondFile() throws IOException {
        write("a.yaml", GOOD_SHOP);
        write("b.yaml", GOOD_SHOP);
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.connectors()).hasSize(1);
        assertThat(s.problems().get(dir.getFileName() + "/b.yaml").get(0).message()).contains("already used");
    }

    @Test
    void destinationProblemsAreAllListed() throws IOException {
        write("erp.yaml", """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: erp
                spec:
                  type: kafka
                  subscribe: [order, invoices]
                  http:
                    headers: { Authorization: "Bearer abc123" }
                    timeout: soon
                  delivery:
                    maxAttempts: 0
                """);
        var problems = loader.load(dir).problems().values().iterator().next().stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.contains("spec.type: unknown destination type 'kafka'; available types: http"));
        assertThat(problems).anyMatch(p -> p.contains("spec.subscribe[1]: unknown entity 'invoices'"));
        assertThat(problems).anyMatch(p -> p.contains("spec.http.url: required"));
        assertThat(problems).anyMatch(p -> p.contains("spec.http.headers.Authorization: looks like a credential"));
        assertThat(problems).anyMatch(p -> p.contains("spec.http.timeout: must be a duration"));
        assertThat(problems).anyMatch(p -> p.contains("spec.delivery.maxAttempts: must be a whole number from 1 to 100"));
        assertThat(problems).noneMatch(p -> p.contains("abc123"));
    }

    @Test
    void disabledConnectorIsValidButNotEnabled() throws IOException {
        write("x.yaml", GOOD_SHOP.replace("enabled: true", "enabled: false"));
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.connectors()).singleElement().satisfies(c -> assertThat(c.enabled()).isFalse());
    }

    @Test
    void secretsFromFilesAreRead() throws IOException {
        Path secret = dir.resolveSibling(dir.getFileName() + "-token.txt");
        Files.writeString(secret, "from-file-token\n");
        write("x.yaml", GOOD_SHOP.replace("${SHOP_TOKEN}", "${file:" + secret + "}"));
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.connectors().get(0).config().require("connection.accessToken")).isEqualTo("from-file-token");
    }

    @Test
    void aSecretWithALiteralDefaultIsRefused() throws IOException {
        write("x.yaml", GOOD_SHOP.replace("${SHOP_TOKEN}", "${SHOP_TOKEN:shpat_default_literal}"));
        var problems = loader.load(dir).problems().values().iterator().next().stream().map(Object::toString).toList();
        assertThat(problems).anyMatch(p -> p.contains("spec.connection.accessToken: is a secret"));
        assertThat(problems).noneMatch(p -> p.contains("shpat_default_literal"));
    }

    @Test
    void aDisabledDestinationIsValidAndNotStarted() throws IOException {
        write("erp.yaml", GOOD_ERP.replace("type: http", "type: http\n  enabled: false"));
        ConfigSnapshot s = loader.load(dir);
        assertThat(s.problems()).isEmpty();
        assertThat(s.destinations()).isEmpty();
    }
}
