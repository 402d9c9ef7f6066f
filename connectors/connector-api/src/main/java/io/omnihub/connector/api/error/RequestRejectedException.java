package io.omnihub.connector.api.error;

/** The platform rejected the request itself (other 4xx, validation errors): not retryable as is. */
public class RequestRejectedException extends ConnectorException {

    private final int status;

    public RequestRejectedException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** HTTP status, or 0 when the rejection came in a 200 body (GraphQL userErrors). */
    public int status() {
        return status;
    }
}
