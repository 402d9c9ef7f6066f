package io.omnihub.connector.api.error;

/** A webhook's signature is missing, invalid or stale: answered 401, nothing enqueued. */
public class WebhookAuthenticationException extends ConnectorException {

    public WebhookAuthenticationException(String message) {
        super(message);
    }
}
