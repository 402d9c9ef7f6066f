package io.omnihub.connector.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.ConnectorException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * HTTP helpers shared by connectors: one status classification for every platform
 * (429/503/5xx/IO are retryable with Retry-After; 401/403 are authentication failures; other 4xx
 * are rejections), Retry-After parsing, and JSON calls. Response bodies are never logged.
 */
public final class Http {

    public static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    private Http() {
    }

    /** Executes a call and returns the parsed JSON body of a 2xx answer, classifying failures. */
    public static JsonNode json(OkHttpClient client, Request request, Clock clock) {
        try (Response response = client.newCall(request).execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw classify(response.code(), response.header("Retry-After"), clock,
                        request.method() + " " + request.url().encodedPath());
            }
            return body.isBlank() ? Json.mapper().missingNode() : Json.mapper().readTree(body);
        } catch (ConnectorException e) {
            throw e;
        } catch (IOException e) {
            throw new RetryableConnectorException(request.method() + " " + request.url().encodedPath()
                    + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage(), null, e);
        }
    }

    /** A JSON request body. */
    public static RequestBody jsonBody(Object value) {
        try {
            return RequestBody.create(Json.mapper().writeValueAsBytes(value), JSON);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Maps an HTTP failure status to the connector error types. */
    public static ConnectorException classify(int status, String retryAfterHeader, Clock clock, String what) {
        Duration retryAfter = retryAfter(retryAfterHeader, clock).orElse(null);
        if (status == 429 || status == 503 || status == 502 || status == 504 || status >= 500 || status == 408) {
            return new RetryableConnectorException(what + " answered " + status, retryAfter);
        }
        if (status == 401 || status == 403) {
            return new AuthenticationFailedException(what + " answered " + status + ": check the credentials");
        }
        return new RequestRejectedException(what + " answered " + status, status);
    }

    /** Parses Retry-After as delta-seconds or an HTTP date. */
    public static Optional<Duration> retryAfter(String header, Clock clock) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String h = header.trim();
        try {
            double seconds = Double.parseDouble(h);
            return Optional.of(Duration.ofMillis((long) Math.max(0, seconds * 1000)));
        } catch (NumberFormatException ignored) {
            // not delta-seconds
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(clock.instant(), at.toInstant());
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
