package io.omnihub.connector.api.capability;

import java.util.Map;

/** The answer a platform expects (status, content type, body), e.g. an echoed challenge. */
public record WebhookReply(int status, String contentType, String body, Map<String, String> headers) {

    public WebhookReply {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Plain 200 with no body. */
    public static WebhookReply ok() {
        return new WebhookReply(200, null, null, Map.of());
    }

    public static WebhookReply text(int status, String body) {
        return new WebhookReply(status, "text/plain", body, Map.of());
    }

    public static WebhookReply json(int status, String body) {
        return new WebhookReply(status, "application/json", body, Map.of());
    }
}
