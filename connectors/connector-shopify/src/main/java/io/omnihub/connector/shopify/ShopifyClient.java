package io.omnihub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The HTTP side of one Shopify connector: GraphQL Admin calls paced by a token bucket that follows
 * {@code extensions.cost.throttleStatus}, THROTTLED answers turned into retryable errors with the wait
 * the deficit needs, and REST GETs that expose the {@code Link} header. Bodies are never logged.
 */
final class ShopifyClient {

    /** Longest the client waits locally for GraphQL budget before handing the wait to the runtime. */
    static final long MAX_LOCAL_WAIT_MS = 2_000;

    private final OkHttpClient http;
    private final ShopifySettings settings;
    private final Clock clock;
    private TokenBucket bucket;
    private double bucketCapacity;
    private double bucketRate;

    ShopifyClient(OkHttpClient http, ShopifySettings settings, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.bucketRate = Math.max(1, settings.graphqlRestoreRate());
        // Shopify's buckets hold 20 seconds of restore (2,000 points at 100/s on Standard); corrected by throttleStatus.
        this.bucketCapacity = bucketRate * 20;
        this.bucket = new TokenBucket(bucketCapacity, bucketRate);
    }

    /** A REST answer: the parsed body and the {@code Link} header (or null). */
    record RestPage(JsonNode body, String link) {
    }

    /**
     * Runs a GraphQL operation and returns its {@code data}.
     *
     * @param estimatedCost points the call is expected to cost, for local pacing
     */
    JsonNode graphql(String query, ObjectNode variables, int estimatedCost) {
        pace(estimatedCost);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("query", query);
        body.set("variables", variables == null ? Json.mapper().createObjectNode() : variables);
        Request request = new Request.Builder()
                .url(settings.adminUrl("graphql.json"))
                .header("X-Shopify-Access-Token", settings.accessToken())
                .header("Accept", "application/json")
                .post(Http.jsonBody(body))
                .build();
        JsonNode response = Http.json(http, request, clock);
        JsonNode cost = response.path("extensions").path("cost");
        observe(cost);
        JsonNode errors = response.path("errors");
        if (errors.isArray() && !errors.isEmpty()) {
            throw graphqlError(errors, cost, estimatedCost);
        }
        return response.path("data");
    }

    /** A REST GET under the Admin API returning the parsed body and the Link header. */
    RestPage get(HttpUrl url) {
        Request request = new Request.Builder().url(url)
                .header("X-Shopify-Access-Token", settings.accessToken())
                .header("Accept", "application/json")
                .get().build();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw Http.classify(response.code(), response.header("Retry-After"), clock, "GET " + url.encodedPath());
            }
            return new RestPage(text.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text),
                    response.header("Link"));
        } catch (ConnectorException e) {
            throw e;
        } catch (IOException e) {
            throw new RetryableConnectorException("GET " + url.encodedPath() + " failed: " + e.getClass().getSimpleName(), null, e);
        }
    }

    private ConnectorException graphqlError(JsonNode errors, JsonNode cost, int estimatedCost) {
        List<String> messages = new ArrayList<>();
        boolean throttled = false;
        boolean denied = false;
        for (JsonNode e : errors) {
            String code = e.path("extensions").path("code").asText("");
            throttled |= code.equals("THROTTLED");
            denied |= code.equals("ACCESS_DENIED");
            messages.add(e.path("message").asText(code));
        }
        if (throttled) {
            return new RetryableConnectorException("Shopify GraphQL answered THROTTLED", throttleWait(cost, estimatedCost));
        }
        if (denied) {
            return new AuthenticationFailedException("Shopify GraphQL denied access (missing scope?): " + String.join("; ", messages));
        }
        return new RequestRejectedException("Shopify GraphQL errors: " + String.join("; ", messages), 0);
    }

    /** Time until the bucket holds the requested cost: (requested - available) / restoreRate. */
    static Duration throttleWait(JsonNode cost, int estimatedCost) {
        JsonNode status = cost.path("throttleStatus");
        double requested = cost.path("requestedQueryCost").isNumber() ? cost.path("requestedQueryCost").asDouble() : estimatedCost;
        double available = status.path("currentlyAvailable").asDouble(0);
        double rate = status.path("restoreRate").asDouble(0);
        if (rate <= 0) {
            return Duration.ofSeconds(1);
        }
        double seconds = Math.max(0, requested - available) / rate;
        return Duration.ofMillis(Math.max(1, (long) Math.ceil(seconds * 1000)));
    }

    /** How long until the local bucket holds {@code cost} points (zero when it does now). */
    Duration readyIn(int cost) {
        TokenBucket b;
        double rate;
        double capacity;
        synchronized (this) {
            b = bucket;
            rate = bucketRate;
            capacity = bucketCapacity;
        }
        double missing = Math.min(cost, capacity) - b.available();
        return missing <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(missing / rate * 1000));
    }

    private void pace(int cost) {
        TokenBucket b;
        double capacity;
        double rate;
        synchronized (this) {
            b = bucket;
            capacity = bucketCapacity;
            rate = bucketRate;
        }
        double need = Math.min(cost, capacity);
        double available = b.available();
        if (available < need) {
            long waitMs = (long) Math.ceil((need - available) / rate * 1000);
            if (waitMs > MAX_LOCAL_WAIT_MS) {
                throw new RetryableConnectorException("Shopify GraphQL budget exhausted locally", Duration.ofMillis(waitMs));
            }
        }
        try {
            b.acquire(cost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableConnectorException("interrupted while waiting for Shopify GraphQL budget", null, e);
        }
    }

    private synchronized void observe(JsonNode cost) {
        JsonNode status = cost.path("throttleStatus");
        if (!status.isObject()) {
            return;
        }
        double max = status.path("maximumAvailable").asDouble(bucketCapacity);
        double rate = status.path("restoreRate").asDouble(bucketRate);
        if (max > 0 && rate > 0 && (max != bucketCapacity || rate != bucketRate)) {
            bucketCapacity = max;
            bucketRate = rate;
            bucket = new TokenBucket(max, rate);
        }
        if (status.has("currentlyAvailable")) {
            bucket.observe(status.path("currentlyAvailable").asDouble());
        }
    }
}
