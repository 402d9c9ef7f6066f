package io.omnihub.connector.api.capability;

import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import java.util.List;
import java.util.Optional;

/**
 * Verifies and parses a platform's webhook notifications. The runtime calls, in order:
 * {@link #handshake} (answered without enqueueing anything), {@link #verify} (401 on failure),
 * {@link #parse} (400 on failure), then stores the raw request durably and answers
 * {@link #acceptedReply()}. Implementations are pure functions of the request and the config.
 */
public interface WebhookReceiver {

    /**
     * A platform's own handshake (WooCommerce creation ping, eBay challenge GET, Meta
     * {@code hub.challenge}); empty for a normal notification.
     */
    default Optional<WebhookReply> handshake(WebhookRequest request) {
        return Optional.empty();
    }

    /**
     * Checks the platform's signature on the raw bytes, in constant time, against every configured
     * secret, and any timestamp tolerance.
     *
     * @throws WebhookAuthenticationException with a reason safe to log (never the secret)
     */
    void verify(WebhookRequest request) throws WebhookAuthenticationException;

    /**
     * Parses the verified request into platform events; an empty list means "accepted, nothing to
     * do" (a topic the hub does not use).
     *
     * @throws MalformedPayloadException when the body is not what the platform sends
     */
    List<PlatformEvent> parse(WebhookRequest request) throws MalformedPayloadException;

    /** What to answer once the event is durably stored; 200 with no body unless the platform wants more. */
    default WebhookReply acceptedReply() {
        return WebhookReply.ok();
    }
}
