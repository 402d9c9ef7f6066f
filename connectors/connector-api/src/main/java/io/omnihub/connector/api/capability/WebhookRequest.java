package io.omnihub.connector.api.capability;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook request exactly as received: the raw body bytes (verify signatures on these, never on
 * re-serialised JSON), headers with case-insensitive lookup, and query parameters.
 *
 * @param connectorId the connector the URL addressed
 * @param method      HTTP method, upper case
 * @param url         the full request URL as the platform called it (Square signs it)
 * @param headers     header name to values
 * @param query       query parameter name to values
 * @param body        raw body bytes; never null (empty for no body)
 * @param receivedAt  when the hub received it
 */
public record WebhookRequest(String connectorId, String method, String url, Map<String, List<String>> headers,
                             Map<String, List<String>> query, byte[] body, Instant receivedAt) {

    public WebhookRequest {
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        }
        headers = java.util.Collections.unmodifiableMap(h);
        query = query == null ? Map.of() : Map.copyOf(query);
        body = body == null ? new byte[0] : body;
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
    }

    /** First value of a header (case-insensitive), if present and not blank. */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** First value of a query parameter, if present. */
    public Optional<String> queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
