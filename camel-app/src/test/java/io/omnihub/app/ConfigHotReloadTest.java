package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.testing.sign.ShopifySigner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Connector files added, changed, broken and removed while the hub runs take effect without a
 * restart; a broken edit keeps the last valid version running and is reported with file and field.
 */
class ConfigHotReloadTest extends HubTestSupport {

    static final String ID = "shop-reload";

    int sendWith(String secret) {
        byte[] body = ShopifyEndToEndTest.withNewId("fixtures/shopify/webhooks/products-create.json");
        Map<String, String> h = new HashMap<>(ShopifySigner.headers("products/create", body, secret, UUID.randomUUID().toString(),
                "reload.myshopify.com"));
        return post("/webhooks/" + ID, body, h).statusCode();
    }

    @Test
    void filesAreAppliedWhileTheHubRuns() {
        assertThat(sendWith(SHOPIFY_SECRET)).as("no file yet").isEqualTo(404);

        writeConfig(ID + ".yaml", shopifyConnector(ID, ""));
        awaitConnector(ID);
        assertThat(sendWith(SHOPIFY_SECRET)).isEqualTo(200);
        assertThat(sendWith("rotated-secret")).isEqualTo(401);

        // rotation: the file now names only the old secret variable
        writeConfig(ID + ".yaml", shopifyConnector(ID, "").replace("[${TEST_SHOPIFY_SECRET}, ${TEST_SHOPIFY_SECRET_OLD}]",
                "[${TEST_SHOPIFY_SECRET_OLD}]"));
        await(Duration.ofSeconds(10), "the changed secrets to apply", () -> sendWith(SHOPIFY_SECRET) == 401);
        assertThat(sendWith(SHOPIFY_SECRET_OLD)).isEqualTo(200);

        // a broken edit: reported with file and field, the last valid version keeps running
        writeConfig(ID + ".yaml", shopifyConnector(ID, "").replace("baseUrl: " + SHOPIFY.baseUrl(), "baseUrl: not-a-url"));
        await(Duration.ofSeconds(10), "the problem to be reported",
                () -> get("/api/v1/config/problems").body().contains(ID + ".yaml: spec.connection.baseUrl: must be an absolute URL"));
        assertThat(sendWith(SHOPIFY_SECRET_OLD)).isEqualTo(200);

        // disabled: 404, nothing enqueued
        writeConfig(ID + ".yaml", shopifyConnector(ID, "").replace("type: shopify", "type: shopify\n  enabled: false"));
        await(Duration.ofSeconds(10), "the connector to stop", () -> sendWith(SHOPIFY_SECRET) == 404);

        // removed
        writeConfig(ID + ".yaml", shopifyConnector(ID, ""));
        await(Duration.ofSeconds(10), "the connector to come back", () -> sendWith(SHOPIFY_SECRET) == 200);
        deleteConfig(ID + ".yaml");
        await(Duration.ofSeconds(10), "the connector to go", () -> sendWith(SHOPIFY_SECRET) == 404);
        assertThat(get("/api/v1/config/problems").body()).doesNotContain(ID);
    }
}
