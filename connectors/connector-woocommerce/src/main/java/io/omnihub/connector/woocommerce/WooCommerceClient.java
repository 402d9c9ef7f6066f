package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Http;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.TokenBucket;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The WooCommerce REST API v3 client of one connector instance: consumer key/secret authentication
 * (HTTP Basic, or query parameters for servers that drop the Authorization header), a client-side
 * token bucket fed by any rate-limit headers the host sends, and the hub's status classification
 * (429/5xx retryable with Retry-After, 401/403 authentication, other 4xx rejected).
 * Bodies and credentials are never logged.
 */
public final class WooCommerceClient {

    /** A parsed JSON answer plus the headers the poller needs. */
    public record Answer(JsonNode body, int totalPages) {
    }

    private final OkHttpClient http;
    private final HttpUrl apiRoot;
    private final HttpUrl siteRoot;
    private final String consumerKey;
    private final String consumerSecret;
    private final boolean queryAuth;
    private final TokenBucket bucket;
    private final Clock clock;

    public WooCommerceClient(OkHttpClient http, String baseUrl, String apiPath, String consumerKey, String consumerSecret,
                             boolean queryAuth, TokenBucket bucket, Clock clock) {
        this.http = http;
        HttpUrl base = HttpUrl.get(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        this.siteRoot = base;
        String path = apiPath.startsWith("/") ? apiPath.substring(1) : apiPath;
        this.apiRoot = base.resolve(path.endsWith("/") ? path : path + "/");
        this.consumerKey = consumerKey;
        this.consumerSecret = consumerSecret;
        this.queryAuth = queryAuth;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** A URL below {@code /wp-json/wc/v3/}, e.g. {@code products/batch}. */
    public HttpUrl.Builder api(String relative) {
        HttpUrl u = apiRoot.resolve(relative);
        if (u == null) {
            throw new IllegalArgumentException("bad API path " + relative);
        }
        return u.newBuilder();
    }

    /** A URL below the site root, e.g. {@code wp-json/wc-shipment-tracking/v3/...}. */
    public HttpUrl.Builder site(String relative) {
        HttpUrl u = siteRoot.resolve(relative);
        if (u == null) {
            throw new IllegalArgumentException("bad path " + relative);
        }
        return u.newBuilder();
    }

    public Answer get(HttpUrl url) {
        return call(new Request.Builder().url(authorize(url)).get());
    }

    public Answer post(HttpUrl url, Object body) {
        return call(new Request.Builder().url(authorize(url)).post(Http.jsonBody(body)));
    }

    public Answer put(HttpUrl url, Object body) {
        return call(new Request.Builder().url(authorize(url)).put(Http.jsonBody(body)));
    }

    private HttpUrl authorize(HttpUrl url) {
        if (!queryAuth) {
            return url;
        }
        return url.newBuilder().setQueryParameter("consumer_key", consumerKey)
                .setQueryParameter("consumer_secret", consumerSecret).build();
    }

    private Answer call(Request.Builder builder) {
        if (!queryAuth) {
            builder.header("Authorization", Credentials.basic(consumerKey, consumerSecret));
        }
        builder.header("Accept", "application/json");
        Request request = builder.build();
        String what = request.method() + " " + request.url().encodedPath();
        try {
            bucket.acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableConnectorException(what + " interrupted while waiting for the rate limiter", null, e);
        }
        try (Response response = http.newCall(request).execute()) {
            observeRateLimit(response);
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw Http.classify(response.code(), response.header("Retry-After"), clock, what);
            }
            JsonNode body = text.isBlank() ? Json.mapper().missingNode() : Json.mapper().readTree(text);
            int pages = parseInt(response.header("X-WP-TotalPages"), 1);
            return new Answer(body, pages);
        } catch (ConnectorException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new io.omnihub.connector.api.error.RequestRejectedException(what + " answered a body that is not JSON", 0);
        } catch (IOException e) {
            throw new RetryableConnectorException(what + " failed: " + e.getClass().getSimpleName(), null, e);
        }
    }

    /**
     * WooCommerce core sends no rate-limit headers; hosts, WAFs and the Store API may send
     * {@code RateLimit-Remaining} or {@code X-RateLimit-Remaining}. When present, the local bucket
     * is aligned with them so the client never runs ahead of the server.
     */
    private void observeRateLimit(Response response) {
        for (String name : new String[] {"RateLimit-Remaining", "X-RateLimit-Remaining"}) {
            String v = response.header(name);
            if (v != null) {
                try {
                    bucket.observe(Double.parseDouble(v.trim()));
                } catch (NumberFormatException ignored) {
                    // unparsable header: keep the local view
                }
                return;
            }
        }
    }

    private static int parseInt(String s, int fallback) {
        if (s == null || s.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Convenience for building small JSON bodies. */
    public static Map<String, Object> body(Object... kv) {
        java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** Default timeout for calls when the config sets none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
}
