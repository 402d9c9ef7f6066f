package io.omnihub.routes.intake;

import com.fasterxml.jackson.core.type.TypeReference;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.HubHeaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.camel.Message;

/**
 * Encodes a verified webhook request as a raw broker message (body = the exact bytes; URL, receipt
 * time and request headers as properties) and back, so mapping later sees exactly what was verified.
 */
public final class RawEvents {

    /** Request headers never stored. */
    private static final Set<String> DROPPED = Set.of("cookie", "proxy-authorization");

    private RawEvents() {
    }

    public static void write(WebhookRequest request, Message message) {
        Map<String, List<String>> kept = new TreeMap<>();
        request.headers().forEach((k, v) -> {
            if (!DROPPED.contains(k.toLowerCase(Locale.ROOT))) {
                kept.put(k, v);
            }
        });
        try {
            message.setHeader(HubHeaders.REQUEST_HEADERS, Json.mapper().writeValueAsString(kept));
            message.setHeader(HubHeaders.REQUEST_URL, request.url());
            message.setHeader(HubHeaders.RECEIVED_AT, request.receivedAt().toString());
            message.setHeader(HubHeaders.CONNECTOR_ID, request.connectorId());
            message.setHeader("OmnihubRequestQuery", Json.mapper().writeValueAsString(request.query()));
            message.setHeader("OmnihubRequestMethod", request.method());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        message.setBody(request.body());
    }

    public static WebhookRequest read(Message message) {
        try {
            Map<String, List<String>> headers = Json.mapper().readValue(
                    message.getHeader(HubHeaders.REQUEST_HEADERS, "{}", String.class), new TypeReference<>() { });
            Map<String, List<String>> query = Json.mapper().readValue(
                    message.getHeader("OmnihubRequestQuery", "{}", String.class), new TypeReference<>() { });
            return new WebhookRequest(
                    message.getHeader(HubHeaders.CONNECTOR_ID, String.class),
                    message.getHeader("OmnihubRequestMethod", "POST", String.class),
                    message.getHeader(HubHeaders.REQUEST_URL, String.class),
                    headers, query,
                    message.getBody(byte[].class),
                    Instant.parse(message.getHeader(HubHeaders.RECEIVED_AT, String.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
