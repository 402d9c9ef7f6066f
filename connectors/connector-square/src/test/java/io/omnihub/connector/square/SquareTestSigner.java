package io.omnihub.connector.square;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Signatures;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Signs webhook bodies the way Square does: base64(HMAC-SHA256(key, notificationUrl + body)). */
public final class SquareTestSigner {

    private SquareTestSigner() {
    }

    /** The {@code x-square-hmacsha256-signature} value. */
    public static String sign(String key, String notificationUrl, byte[] body) {
        return Signatures.hmacSha256Base64(key, Signatures.utf8(notificationUrl), body);
    }

    /** A POST as Square sends it to {@code url}, signed with {@code key}. */
    public static WebhookRequest request(String connectorId, String url, byte[] body, String key) {
        return withSignature(connectorId, url, body, sign(key, url, body));
    }

    /** A POST carrying the given signature header value. */
    public static WebhookRequest withSignature(String connectorId, String url, byte[] body, String signature) {
        return new WebhookRequest(connectorId, "POST", url,
                Map.of(SquareWebhookReceiver.SIGNATURE_HEADER, List.of(signature),
                        "Content-Type", List.of("application/json")),
                Map.of(), body, Instant.parse("2024-01-01T00:00:00Z"));
    }
}
