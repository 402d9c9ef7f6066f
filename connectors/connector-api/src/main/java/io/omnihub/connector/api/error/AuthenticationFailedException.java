package io.omnihub.connector.api.error;

/** The platform refused our credentials (401/403): retrying will not help until config changes. */
public class AuthenticationFailedException extends ConnectorException {

    public AuthenticationFailedException(String message) {
        super(message);
    }
}
