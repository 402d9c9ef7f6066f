package io.omnihub.connector.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Http;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.TokenBucket;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Signed calls to the TikTok Shop Open API (202309 versions): adds {@code app_key}, {@code timestamp},
 * {@code shop_cipher} and {@code sign} to the query and the access token as {@code x-tts-access-token},
 * paces calls with a token bucket, refreshes an expired token once, and turns TikTok's
 * {@code {code, message, data}} envelope into data or the connector error types. Bodies are never logged.
 */
final class TiktokShopClient {

    /** Expired credentials ({@code access_token} / {@code x-tts-access-token} expired). */
    static final int CODE_TOKEN_EXPIRED = 105002;
    /** Too many requests. */
    static final int CODE_RATE_LIMITED = 36009002;
    /** Internal error, retry. */
    static final int CODE_INTERNAL = 36009003;
    private static final Set<Integer> AUTH_CODES = Set.of(105002, 36009004, 106001, 105005, 36009033);

    private final TiktokShopSettings settings;
    private final OkHttpClient http;
    private final Clock clock;
    private final TiktokShopTokens tokens;
    private final TokenBucket bucket;
    private volatile String shopCipher;

    TiktokShopClient(TiktokShopSettings settings, OkHttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.tokens = new TiktokShopTokens(settings, http, clock);
        this.bucket = new TokenBucket(Math.max(1, settings.burst()), Math.max(1, settings.requestsPerSecond()));
        this.shopCipher = settings.shopCipher();
    }

    TiktokShopTokens tokens() {
        return tokens;
    }

    /** GET /authorization/202309/shops: the shops this app is authorised for (not shop-scoped). */
    JsonNode authorizedShops() {
        return call("GET", "/authorization/202309/shops", Map.of(), null, false);
    }

    /** A shop-scoped call; returns {@code data}. */
    JsonNode shopCall(String method, String path, Map<String, String> query, Object body) {
        return call(method, path, query, body, true);
    }

    JsonNode call(String method, String path, Map<String, String> query, Object body, boolean shopScoped) {
        String token = tokens.accessToken();
        try {
            return execute(method, path, query, body, shopScoped, token);
        } catch (TokenExpired e) {
            if (!tokens.canRefresh()) {
                throw new AuthenticationFailedException(method + " " + path + ": access token expired and no refresh token");
            }
            return execute(method, path, query, body, shopScoped, tokens.refreshAfterRejection(token));
        }
    }

    private JsonNode execute(String method, String path, Map<String, String> extra, Object body, boolean shopScoped,
                             String token) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("app_key", settings.appKey());
        query.put("timestamp", Long.toString(clock.instant().getEpochSecond()));
        if (shopScoped) {
            query.put("shop_cipher", shopCipher());
        }
        query.putAll(extra);
        byte[] bytes = body == null ? null : json(body);
        HttpUrl.Builder url = HttpUrl.get(settings.baseUrl() + path).newBuilder();
        query.forEach(url::addQueryParameter);
        HttpUrl unsigned = url.build();
        String sign = TiktokShopSigner.requestSign(unsigned.encodedPath(), query, bytes, settings.appSecret());
        Request request = new Request.Builder()
                .url(unsigned.newBuilder().addQueryParameter("sign", sign).build())
                .header("x-tts-access-token", token)
                .header("content-type", "application/json")
                .method(method, bytes == null ? (method.equals("GET") ? null : RequestBody.create(new byte[0], Http.JSON))
                        : RequestBody.create(bytes, Http.JSON))
                .build();
        acquire();
        String what = method + " " + path;
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            JsonNode envelope = parse(text);
            int code = envelope == null ? -1 : envelope.path("code").asInt(-1);
            if (code == CODE_TOKEN_EXPIRED) {
                throw new TokenExpired();
            }
            if (!response.isSuccessful()) {
                throw Http.classify(response.code(), response.header("Retry-After"), clock, what);
            }
            if (envelope == null) {
                throw new RequestRejectedException(what + " answered a body that is not TikTok's JSON envelope", 0);
            }
            if (code == 0) {
                return envelope.path("data");
            }
            String message = what + " answered code " + code + ": " + Json.text(envelope, "message");
            if (code == CODE_RATE_LIMITED || code == CODE_INTERNAL) {
                throw new RetryableConnectorException(message, Http.retryAfter(response.header("Retry-After"), clock).orElse(null));
            }
            if (AUTH_CODES.contains(code)) {
                throw new AuthenticationFailedException(message);
            }
            throw new RejectedWithCode(message, code);
        } catch (ConnectorException | TokenExpired e) {
            throw e;
        } catch (IOException e) {
            throw new RetryableConnectorException(what + " failed: " + e.getClass().getSimpleName(), null, e);
        }
    }

    private String shopCipher() {
        String c = shopCipher;
        if (c != null) {
            return c;
        }
        synchronized (this) {
            if (shopCipher == null) {
                JsonNode shops = authorizedShops().path("shops");
                for (JsonNode s : shops) {
                    if (settings.shopId() == null ? shops.size() == 1 : settings.shopId().equals(Json.text(s, "id"))) {
                        shopCipher = Json.text(s, "cipher");
                    }
                }
                if (shopCipher == null) {
                    throw new RequestRejectedException("cannot pick the shop: set connection.shopCipher or connection.shopId ("
                            + shops.size() + " authorised shops)", 0);
                }
            }
            return shopCipher;
        }
    }

    private void acquire() {
        try {
            bucket.acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableConnectorException("interrupted while waiting for the rate limit", null, e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(text);
            return n != null && n.isObject() && n.has("code") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] json(Object body) {
        try {
            return Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The platform answered code 105002 (expired token). */
    private static final class TokenExpired extends RuntimeException {
        TokenExpired() {
            super(null, null, false, false);
        }
    }

    /** A business rejection (code != 0) with TikTok's code kept for callers. */
    static final class RejectedWithCode extends RequestRejectedException {
        private final int code;

        RejectedWithCode(String message, int code) {
            super(message, 0);
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
