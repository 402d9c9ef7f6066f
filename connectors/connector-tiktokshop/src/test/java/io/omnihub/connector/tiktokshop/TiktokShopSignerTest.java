package io.omnihub.connector.tiktokshop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented signing examples of partner.tiktokshop.com (see fixtures README for the sources). */
class TiktokShopSignerTest {

    @Test
    void apiSignMatchesTheDocumentedGetAuthorizedShopsExample() {
        // "Sign your API request": app_secret e59af819cc, GET /authorization/202309/shops?app_key=29a39d&timestamp=1623812664
        Map<String, String> query = new LinkedHashMap<>();
        query.put("timestamp", "1623812664");
        query.put("app_key", "29a39d");
        query.put("access_token", "ignored");
        query.put("sign", "ignored");
        assertThat(TiktokShopSigner.requestBaseString("/authorization/202309/shops", query, null))
                .isEqualTo("/authorization/202309/shopsapp_key29a39dtimestamp1623812664");
        assertThat(TiktokShopSigner.requestSign("/authorization/202309/shops", query, null, "e59af819cc"))
                .isEqualTo("b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8");
    }

    @Test
    void bodyIsAppendedAfterTheSortedParametersAsInTheDocumentedWebhookUpdateExample() {
        // the doc prints this base string (Update Shop Webhook) without a digest
        String body = "{    \"address\":\"https://partner.tiktokshop.com\",    \"event_type\": \"PACKAGE_UPDATE\"}";
        Map<String, String> query = Map.of("timestamp", "1696909648", "shop_cipher", "ROW_xkMbgAAAeVAQra0eZWebFQq5aIK",
                "app_key", "68xu9ks5p4i8");
        assertThat(TiktokShopSigner.requestBaseString("/event/202309/webhooks", query, body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIK"
                        + "timestamp1696909648" + body);
    }

    @Test
    void bodyChangesTheSign() {
        Map<String, String> q = Map.of("app_key", "k", "timestamp", "1");
        assertThat(TiktokShopSigner.requestSign("/p", q, "{}".getBytes(StandardCharsets.UTF_8), "s"))
                .isNotEqualTo(TiktokShopSigner.requestSign("/p", q, "{ }".getBytes(StandardCharsets.UTF_8), "s"));
    }

    @Test
    void webhookSignatureMatchesTheDocumentedWebhooksOverviewExample() {
        // "Webhooks overview": app key abcdef, app secret 123, compact body, expected sign printed in the doc
        byte[] body = TiktokShopTestSigner.fixture("webhook-order-status-change.json");
        assertThat(TiktokShopSigner.webhookSignature("abcdef", body, "123"))
                .isEqualTo("5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05");
    }
}
