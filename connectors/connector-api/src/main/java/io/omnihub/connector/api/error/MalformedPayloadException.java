package io.omnihub.connector.api.error;

/** A webhook body or polled payload is not what the platform sends: answered 400, nothing enqueued. */
public class MalformedPayloadException extends ConnectorException {

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
