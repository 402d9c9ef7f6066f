package io.omnihub.connector.tiktokshop;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.support.Http;
import io.omnihub.connector.support.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Holds the shop's access token and refreshes it with the refresh token ({@code GET
 * /api/v2/token/refresh} on the auth host) before it expires, one refresh at a time. Tokens live
 * in memory only; the configured tokens are the starting point after every restart.
 */
final class TiktokShopTokens {

    /** One grant: access token, its expiry (null when unknown) and the refresh token. */
    record Grant(String accessToken, Instant expiresAt, String refreshToken) {
    }

    private final TiktokShopSettings settings;
    private final OkHttpClient http;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Grant current;
    private volatile int refreshCount;

    TiktokShopTokens(TiktokShopSettings settings, OkHttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.current = new Grant(settings.accessToken(), settings.accessTokenExpiresAt(), settings.refreshToken());
    }

    /** A usable access token, refreshed first when it is missing or expires within the margin. */
    String accessToken() {
        Grant g = current;
        if (usable(g)) {
            return g.accessToken();
        }
        lock.lock();
        try {
            g = current;
            if (usable(g)) {
                return g.accessToken();
            }
            return refresh(g).accessToken();
        } finally {
            lock.unlock();
        }
    }

    /** Called when the platform said the token {@code stale} expired: refreshes unless another thread already did. */
    String refreshAfterRejection(String stale) {
        lock.lock();
        try {
            Grant g = current;
            if (!Objects.equals(g.accessToken(), stale) && g.accessToken() != null) {
                return g.accessToken();
            }
            return refresh(g).accessToken();
        } finally {
            lock.unlock();
        }
    }

    boolean canRefresh() {
        return current.refreshToken() != null;
    }

    int refreshCount() {
        return refreshCount;
    }

    private boolean usable(Grant g) {
        if (g.accessToken() == null) {
            return false;
        }
        return g.expiresAt() == null || clock.instant().plus(settings.refreshMargin()).isBefore(g.expiresAt());
    }

    private Grant refresh(Grant g) {
        if (g.refreshToken() == null) {
            throw new AuthenticationFailedException(
                    "TikTok Shop access token is missing or expired and no connection.refreshToken is configured");
        }
        HttpUrl url = HttpUrl.get(settings.authBaseUrl() + "/api/v2/token/refresh").newBuilder()
                .addQueryParameter("app_key", settings.appKey())
                .addQueryParameter("app_secret", settings.appSecret())
                .addQueryParameter("refresh_token", g.refreshToken())
                .addQueryParameter("grant_type", "refresh_token")
                .build();
        JsonNode body = Http.json(http, new Request.Builder().url(url).get().build(), clock);
        int code = body.path("code").asInt(-1);
        JsonNode data = body.path("data");
        String access = Json.text(data, "access_token");
        if (code != 0 || access == null) {
            throw new AuthenticationFailedException("TikTok Shop token refresh was refused (code " + code
                    + "): re-authorise the shop and update connection.refreshToken");
        }
        Instant expires = data.hasNonNull("access_token_expire_in")
                ? Instant.ofEpochSecond(data.get("access_token_expire_in").asLong()) : null;
        String refresh = Json.text(data, "refresh_token");
        Grant next = new Grant(access, expires, refresh != null ? refresh : g.refreshToken());
        current = next;
        refreshCount++;
        return next;
    }
}
