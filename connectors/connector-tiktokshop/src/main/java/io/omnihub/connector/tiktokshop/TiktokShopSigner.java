package io.omnihub.connector.tiktokshop;

import io.omnihub.connector.support.Signatures;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * TikTok Shop's two HMAC-SHA256 schemes, as pure functions: the Open API request {@code sign}
 * (app secret wrapped around path + sorted query + body) and the webhook {@code Authorization}
 * value (app key + raw body). Both are lower-case hex, keyed with the UTF-8 app secret.
 */
public final class TiktokShopSigner {

    private TiktokShopSigner() {
    }

    /**
     * The string the request sign is computed over (before wrapping in the secret): request path,
     * then every query parameter except {@code sign} and {@code access_token} as {@code {key}{value}}
     * in key order, then the raw body (omitted for multipart bodies, which this connector never sends).
     */
    public static String requestBaseString(String path, Map<String, String> query, byte[] body) {
        StringBuilder sb = new StringBuilder(path);
        new TreeMap<>(query).forEach((k, v) -> {
            if (!"sign".equals(k) && !"access_token".equals(k)) {
                sb.append(k).append(v == null ? "" : v);
            }
        });
        if (body != null && body.length > 0) {
            sb.append(new String(body, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** The {@code sign} query parameter: hex(HMAC-SHA256(secret, secret + baseString + secret)). */
    public static String requestSign(String path, Map<String, String> query, byte[] body, String appSecret) {
        String wrapped = appSecret + requestBaseString(path, query, body) + appSecret;
        return Signatures.hmacSha256Hex(appSecret, wrapped.getBytes(StandardCharsets.UTF_8));
    }

    /** The raw HMAC a webhook's {@code Authorization} header carries (hex-decoded form). */
    public static byte[] webhookMac(String appKey, byte[] rawBody, String appSecret) {
        return Signatures.hmacSha256(appSecret, appKey.getBytes(StandardCharsets.UTF_8), rawBody);
    }

    /** The {@code Authorization} header value TikTok Shop sends: hex(HMAC-SHA256(secret, appKey + rawBody)). */
    public static String webhookSignature(String appKey, byte[] rawBody, String appSecret) {
        return java.util.HexFormat.of().formatHex(webhookMac(appKey, rawBody, appSecret));
    }
}
