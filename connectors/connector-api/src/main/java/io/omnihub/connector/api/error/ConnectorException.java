package io.omnihub.connector.api.error;

/** Base of every failure a connector reports; the runtime decides retries and dead letters from the subtype. */
public class ConnectorException extends RuntimeException {

    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
