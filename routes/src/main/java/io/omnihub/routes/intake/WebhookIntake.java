package io.omnihub.routes.intake;

import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookReply;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.store.WebhookDedupeStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps of the webhook intake route around the durable enqueue: {@link #prepare} (handshake,
 * signature, parse, duplicate check, raw message) before it and {@link #accepted} after it. Nothing
 * here logs bodies or signature headers.
 */
public class WebhookIntake {

    /** Exchange property holding the {@link WebhookOutcome}. */
    public static final String OUTCOME = "omnihubWebhookOutcome";
    /** Exchange property holding the dedupe key of an accepted request. */
    public static final String EVENT_KEY = "omnihubWebhookEventKey";

    private static final Logger LOG = LoggerFactory.getLogger(WebhookIntake.class);

    private final HubRegistry registry;
    private final WebhookDedupeStore dedupe;
    private final IntakeListener listener;

    public WebhookIntake(HubRegistry registry, WebhookDedupeStore dedupe, IntakeListener listener) {
        this.registry = registry;
        this.dedupe = dedupe;
        this.listener = listener;
    }

    /**
     * Checks the request in the body. Sets {@link #OUTCOME} for anything that must not be enqueued;
     * otherwise turns the message into the raw broker message.
     */
    public void prepare(Exchange exchange) {
        WebhookRequest request = exchange.getMessage().getBody(WebhookRequest.class);
        Optional<Channel> channel = registry.channel(request.connectorId());
        Optional<WebhookReceiver> receiver = channel.flatMap(Channel::webhooks);
        if (receiver.isEmpty()) {
            finish(exchange, request, WebhookOutcome.rejected(WebhookOutcome.Kind.NOT_FOUND, 404,
                    "no enabled connector '" + request.connectorId() + "' with webhooks"));
            return;
        }
        WebhookReceiver r = receiver.get();
        Optional<WebhookReply> handshake = r.handshake(request);
        if (handshake.isPresent()) {
            LOG.info("webhook handshake for connector {} answered {}", request.connectorId(), handshake.get().status());
            finish(exchange, request, WebhookOutcome.handshake(handshake.get()));
            return;
        }
        if (!"POST".equals(request.method())) {
            finish(exchange, request, WebhookOutcome.rejected(WebhookOutcome.Kind.MALFORMED, 405,
                    "webhooks are POST requests"));
            return;
        }
        try {
            r.verify(request);
        } catch (WebhookAuthenticationException e) {
            finish(exchange, request, WebhookOutcome.rejected(WebhookOutcome.Kind.UNAUTHORIZED, 401, e.getMessage()));
            return;
        }
        List<PlatformEvent> events;
        try {
            events = r.parse(request);
        } catch (MalformedPayloadException e) {
            finish(exchange, request, WebhookOutcome.rejected(WebhookOutcome.Kind.MALFORMED, 400, e.getMessage()));
            return;
        } catch (RuntimeException e) {
            finish(exchange, request, WebhookOutcome.rejected(WebhookOutcome.Kind.MALFORMED, 400,
                    "payload could not be read: " + e.getClass().getSimpleName()));
            return;
        }
        String eventKey = eventKey(request, events);
        if (dedupe.seen(request.connectorId(), eventKey)) {
            listener.onDuplicate(request.connectorId(), eventKey, events, request.receivedAt());
            finish(exchange, request, WebhookOutcome.duplicate(r.acceptedReply()));
            return;
        }
        RawEvents.write(request, exchange.getMessage());
        exchange.getMessage().setHeader(HubHeaders.DUPLICATE_ID, "raw:" + request.connectorId() + ":" + eventKey);
        exchange.getMessage().setHeader(HubHeaders.EVENT_KEY, eventKey);
        if (!events.isEmpty()) {
            PlatformEvent first = events.get(0);
            exchange.getMessage().setHeader(HubHeaders.GROUP_ID,
                    request.connectorId() + ":" + first.kind().key() + ":" + first.externalId());
        }
        exchange.setProperty(EVENT_KEY, eventKey);
        exchange.setProperty("omnihubAcceptedReply", r.acceptedReply());
        exchange.setProperty("omnihubEventCount", events.size());
    }

    /** After the broker acknowledged the raw message: remember the event and answer. */
    public void accepted(Exchange exchange) {
        WebhookRequest request = RawEvents.read(exchange.getMessage());
        String key = exchange.getProperty(EVENT_KEY, String.class);
        try {
            dedupe.remember(request.connectorId(), key);
        } catch (RuntimeException e) {
            // The event is durable; a failed remember only weakens dedupe to the broker's window.
            LOG.warn("could not record webhook key for connector {}: {}", request.connectorId(), e.toString());
        }
        WebhookReply reply = exchange.getProperty("omnihubAcceptedReply", WebhookReply.class);
        finish(exchange, request, WebhookOutcome.accepted(reply));
    }

    private void finish(Exchange exchange, WebhookRequest request, WebhookOutcome outcome) {
        exchange.setProperty(OUTCOME, outcome);
        if (outcome.kind() != WebhookOutcome.Kind.ACCEPTED && outcome.kind() != WebhookOutcome.Kind.HANDSHAKE) {
            LOG.info("webhook for connector {} answered {}: {}", request.connectorId(), outcome.status(), outcome.reason());
        }
        listener.onOutcome(request.connectorId(), outcome);
    }

    /** The platform's event id, else a hash of the body (identical redeliveries get the same key). */
    static String eventKey(WebhookRequest request, List<PlatformEvent> events) {
        for (PlatformEvent e : events) {
            if (e.eventId() != null && !e.eventId().isBlank()) {
                return e.eventId();
            }
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(request.url() == null ? new byte[0] : request.url().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(md.digest(request.body()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Receives every outcome (metrics, health). */
    public interface IntakeListener {
        void onOutcome(String connectorId, WebhookOutcome outcome);

        /**
         * A webhook the hub had already accepted came again (same event key) and was answered
         * without enqueueing anything; {@code events} are what it carried.
         */
        default void onDuplicate(String connectorId, String eventKey, List<PlatformEvent> events, java.time.Instant receivedAt) {
        }

        IntakeListener NONE = (c, o) -> { };
    }
}
