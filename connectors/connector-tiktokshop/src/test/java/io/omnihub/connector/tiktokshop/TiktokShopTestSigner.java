package io.omnihub.connector.tiktokshop;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.testing.Fixtures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Signs test webhooks the way TikTok Shop does (hex HMAC-SHA256 of app key + raw body) and loads fixtures. */
final class TiktokShopTestSigner {

    static final String APP_KEY = "test-app-key";
    static final String APP_SECRET = "test-app-secret";

    private TiktokShopTestSigner() {
    }

    static WebhookRequest webhook(byte[] body, String appKey, String secret) {
        return new WebhookRequest("tiktok-test", "POST", "https://hub.example/webhooks/tiktok-test",
                Map.of("Authorization", List.of(TiktokShopSigner.webhookSignature(appKey, body, secret)),
                        "Content-Type", List.of("application/json")),
                Map.of(), body, Instant.parse("2024-06-13T19:07:25Z"));
    }

    static byte[] fixture(String name) {
        return Fixtures.bytes("fixtures/tiktokshop/" + name);
    }

    static String fixtureText(String name) {
        return Fixtures.text("fixtures/tiktokshop/" + name);
    }
}
