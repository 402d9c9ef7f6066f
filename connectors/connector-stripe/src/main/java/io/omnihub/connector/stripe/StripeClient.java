package io.omnihub.connector.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Http;
import io.omnihub.connector.support.Json;
import io.omnihub.connector.support.TokenBucket;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The Stripe REST client of one connector: bearer secret key, optional {@code Stripe-Version} and
 * {@code Stripe-Account} headers, a client-side token bucket at the configured request rate, and
 * Stripe's failure signals: 429 (with Retry-After when sent) and 5xx are retryable, 401/403 are
 * authentication failures, other 4xx rejections, and {@code Stripe-Should-Retry} overrides the
 * default for the statuses in between. Bodies and keys are never logged.
 */
public final class StripeClient {

    private final OkHttpClient http;
    private final HttpUrl baseUrl;
    private final String apiKey;
    private final String apiVersion;
    private final String stripeAccount;
    private final TokenBucket bucket;
    private final Clock clock;

    public StripeClient(OkHttpClient http, String baseUrl, String apiKey, String apiVersion, String stripeAccount,
                        int requestsPerSecond, Clock clock) {
        this.http = http;
        HttpUrl parsed = HttpUrl.parse(baseUrl);
        if (parsed == null) {
            throw new IllegalArgumentException("connection.baseUrl is not a URL");
        }
        this.baseUrl = parsed;
        this.apiKey = apiKey;
        this.apiVersion = apiVersion;
        this.stripeAccount = stripeAccount;
        this.bucket = new TokenBucket(requestsPerSecond, requestsPerSecond);
        this.clock = clock;
    }

    /** A URL below the base URL, e.g. {@code url("v1", "events")}. */
    public HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = baseUrl.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b;
    }

    /** GET returning the JSON body of a 2xx answer. */
    public JsonNode get(HttpUrl url) {
        return execute(url).orElseThrow(() -> new RequestRejectedException("GET " + url.encodedPath() + " answered 404", 404));
    }

    /** GET returning empty on 404 (object no longer exists). */
    public Optional<JsonNode> getIfExists(HttpUrl url) {
        return execute(url);
    }

    private Optional<JsonNode> execute(HttpUrl url) {
        Request.Builder rb = new Request.Builder().url(url).get()
                .header("Authorization", "Bearer " + apiKey)
                .header("Accept", "application/json");
        if (apiVersion != null) {
            rb.header("Stripe-Version", apiVersion);
        }
        if (stripeAccount != null) {
            rb.header("Stripe-Account", stripeAccount);
        }
        Request request = rb.build();
        String what = "GET " + url.encodedPath();
        try {
            bucket.acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableConnectorException(what + " interrupted while rate limited", null, e);
        }
        try (Response response = http.newCall(request).execute()) {
            String body = response.body().string();
            int code = response.code();
            if (response.isSuccessful()) {
                return Optional.of(body.isBlank() ? Json.mapper().missingNode() : Json.mapper().readTree(body));
            }
            if (code == 404) {
                return Optional.empty();
            }
            if (code == 429) {
                bucket.observe(0); // Stripe says we are over the limit: drain the local bucket
            }
            throw classify(code, response.header("Retry-After"), response.header("Stripe-Should-Retry"),
                    what + errorSummary(body));
        } catch (ConnectorException e) {
            throw e;
        } catch (IOException e) {
            throw new RetryableConnectorException(what + " failed: " + e.getClass().getSimpleName(), null, e);
        }
    }

    private ConnectorException classify(int code, String retryAfter, String shouldRetry, String what) {
        ConnectorException base = Http.classify(code, retryAfter, clock, what);
        if ("true".equalsIgnoreCase(shouldRetry) && base instanceof RequestRejectedException) {
            // e.g. 409 lock_timeout: Stripe says the same request may succeed later
            Duration after = Http.retryAfter(retryAfter, clock).orElse(null);
            return new RetryableConnectorException(what + " answered " + code + " (Stripe-Should-Retry: true)", after);
        }
        if ("false".equalsIgnoreCase(shouldRetry) && base instanceof RetryableConnectorException && code != 429) {
            return new RequestRejectedException(what + " answered " + code + " (Stripe-Should-Retry: false)", code);
        }
        return base;
    }

    /** Stripe's error type and code (never the message or the body, which may echo request data). */
    private static String errorSummary(String body) {
        try {
            JsonNode err = Json.mapper().readTree(body).path("error");
            String type = Json.text(err, "type");
            String code = Json.text(err, "code");
            if (type == null && code == null) {
                return "";
            }
            return " [" + (type == null ? "" : type) + (code == null ? "" : "/" + code) + "]";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
