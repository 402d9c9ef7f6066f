package io.omnihub.connector.api.error;

import java.time.Duration;
import java.util.Optional;

/** A transient failure (429, 5xx, timeout, throttled): the same call may succeed later. */
public class RetryableConnectorException extends ConnectorException {

    private final Duration retryAfter;

    public RetryableConnectorException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public RetryableConnectorException(String message, Duration retryAfter) {
        this(message, retryAfter, null);
    }

    /** How long the platform asked us to wait (Retry-After, throttle status), if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
