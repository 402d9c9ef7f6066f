package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Http;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.TokenBucket;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Square API client of one connector instance: Bearer auth (static token or OAuth refresh,
 * refreshed before expiry, one refresh at a time), the {@code Square-Version} header on every
 * call, a client-side token bucket (Square sends no throttle headers), and Square's error bodies
 * turned into the connector error types. Bodies are never logged.
 */
public final class SquareClient {

    /** Refresh OAuth tokens this long before they expire. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String squareVersion;
    private final Clock clock;
    private final TokenBucket bucket;
    private final String staticToken;
    private final String clientId;
    private final String clientSecret;
    private final Object refreshLock = new Object();
    private volatile String refreshToken;
    private volatile String accessToken;
    private volatile Instant accessTokenExpiresAt;

    public SquareClient(ConnectorConfig config, ConnectorContext context) {
        this.http = context.httpClient().newBuilder()
                .callTimeout(30, TimeUnit.SECONDS)
                .build();
        String base = config.require("connection.baseUrl");
        this.baseUrl = HttpUrl.get(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.squareVersion = config.string("connection.squareVersion", SquareConnectorProvider.DEFAULT_SQUARE_VERSION);
        this.clock = context.clock();
        int rps = config.integer("limits.requestsPerSecond", 10);
        int burst = config.integer("limits.burst", 20);
        this.bucket = new TokenBucket(Math.max(1, burst), Math.max(1, rps));
        this.staticToken = config.string("connection.accessToken").orElse(null);
        this.clientId = config.string("connection.clientId").orElse(null);
        this.clientSecret = config.string("connection.clientSecret").orElse(null);
        this.refreshToken = config.string("connection.refreshToken").orElse(null);
    }

    /** The Square-Version header value sent on every request. */
    public String squareVersion() {
        return squareVersion;
    }

    /** GET a path below the base URL with query parameters (null values are skipped). */
    public JsonNode get(String path, Map<String, String> query) {
        HttpUrl.Builder url = url(path);
        if (query != null) {
            query.forEach((k, v) -> {
                if (v != null) {
                    url.addQueryParameter(k, v);
                }
            });
        }
        return call(new Request.Builder().url(url.build()).get(), true);
    }

    /** POST a JSON body to a path below the base URL. */
    public JsonNode post(String path, Object body) {
        return call(new Request.Builder().url(url(path).build()).post(Http.jsonBody(body)), true);
    }

    private HttpUrl.Builder url(String path) {
        HttpUrl.Builder b = baseUrl.newBuilder();
        for (String segment : path.replaceFirst("^/", "").split("/")) {
            b.addPathSegment(segment);
        }
        return b;
    }

    private JsonNode call(Request.Builder builder, boolean mayRefresh) {
        boolean oauth = staticToken == null;
        String token = bearer();
        Request request = builder
                .header("Authorization", "Bearer " + token)
                .header("Square-Version", squareVersion)
                .header("Accept", "application/json")
                .build();
        try {
            return execute(request);
        } catch (AuthenticationFailedException e) {
            if (oauth && mayRefresh) {
                invalidate(token);
                return call(builder, false);
            }
            throw e;
        }
    }

    private JsonNode execute(Request request) {
        String what = request.method() + " " + request.url().encodedPath();
        try {
            bucket.acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableConnectorException(what + " interrupted while rate limiting", null, e);
        }
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            if (response.isSuccessful()) {
                return body.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(body);
            }
            if (response.code() == 429) {
                bucket.observe(0);
            }
            ConnectorException e = Http.classify(response.code(), response.header("Retry-After"), clock, what);
            String codes = errorCodes(body);
            if (e instanceof RequestRejectedException r && !codes.isEmpty()) {
                throw new RequestRejectedException(r.getMessage() + " " + codes, r.status());
            }
            if (e instanceof RetryableConnectorException r && !codes.isEmpty()) {
                throw new RetryableConnectorException(r.getMessage() + " " + codes, r.retryAfter().orElse(null));
            }
            throw e;
        } catch (ConnectorException e) {
            throw e;
        } catch (IOException e) {
            throw new RetryableConnectorException(what + " failed: " + e.getClass().getSimpleName(), null, e);
        }
    }

    /** Square error codes and fields of an error body, e.g. {@code [INVALID_VALUE changes[0].quantity]}; never the whole body. */
    static String errorCodes(String body) {
        try {
            JsonNode errors = Json.mapper().readTree(body).path("errors");
            if (!errors.isArray() || errors.isEmpty()) {
                return "";
            }
            StringBuilder sb = new StringBuilder("[");
            for (JsonNode err : errors) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(err.path("code").asText("?"));
                if (err.hasNonNull("field")) {
                    sb.append(' ').append(err.get("field").asText());
                }
                if (err.hasNonNull("detail")) {
                    String d = err.get("detail").asText();
                    sb.append(": ").append(d.length() > 200 ? d.substring(0, 200) : d);
                }
            }
            return sb.append(']').toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String bearer() {
        if (staticToken != null) {
            return staticToken;
        }
        String token = accessToken;
        Instant exp = accessTokenExpiresAt;
        if (token != null && exp != null && clock.instant().plus(REFRESH_MARGIN).isBefore(exp)) {
            return token;
        }
        synchronized (refreshLock) {
            token = accessToken;
            exp = accessTokenExpiresAt;
            if (token != null && exp != null && clock.instant().plus(REFRESH_MARGIN).isBefore(exp)) {
                return token;
            }
            return refresh();
        }
    }

    private void invalidate(String token) {
        synchronized (refreshLock) {
            if (token.equals(accessToken)) {
                accessToken = null;
                accessTokenExpiresAt = null;
            }
        }
    }

    /** ObtainToken with grant_type=refresh_token; called under {@link #refreshLock}. */
    private String refresh() {
        if (clientId == null || clientSecret == null || refreshToken == null) {
            throw new AuthenticationFailedException("no Square access token and no OAuth refresh credentials configured");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        body.put("grant_type", "refresh_token");
        body.put("refresh_token", refreshToken);
        Request request = new Request.Builder().url(url("/oauth2/token").build())
                .header("Square-Version", squareVersion)
                .header("Accept", "application/json")
                .post(Http.jsonBody(body))
                .build();
        JsonNode answer;
        try {
            answer = execute(request);
        } catch (RequestRejectedException e) {
            // Square answers a revoked or unknown refresh token with 400/401: config must change.
            throw new AuthenticationFailedException("Square OAuth token refresh refused: " + e.getMessage());
        }
        String token = Json.text(answer, "access_token");
        if (token == null) {
            throw new AuthenticationFailedException("Square OAuth token refresh returned no access_token");
        }
        String expires = Json.text(answer, "expires_at");
        Instant expiresAt = expires == null ? clock.instant().plus(Duration.ofDays(30)) : Json.parseInstant(expires);
        String newRefresh = Json.text(answer, "refresh_token");
        if (newRefresh != null) {
            refreshToken = newRefresh;
        }
        accessTokenExpiresAt = expiresAt;
        accessToken = token;
        return token;
    }

    /** Used by {@link SquareConnector#close()}: nothing pooled is owned beyond the derived client. */
    void close() {
        // The OkHttp client shares the runtime's pool and dispatcher; nothing to shut down here.
    }

    /** Whether the client currently has a non-expired OAuth token (tests). */
    boolean hasFreshToken() {
        Instant exp = accessTokenExpiresAt;
        return accessToken != null && exp != null && clock.instant().isBefore(exp);
    }
}
