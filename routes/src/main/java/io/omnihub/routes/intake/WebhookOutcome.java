package io.omnihub.routes.intake;

import io.omnihub.connector.api.capability.WebhookReply;

/**
 * What the webhook endpoint answers and why: accepted (durably enqueued), duplicate, handshake, or a
 * rejection with the contract's status code and a specific reason.
 */
public record WebhookOutcome(Kind kind, int status, String reason, WebhookReply reply) {

    /** Outcome kinds; each maps to one row of the contract's webhook table. */
    public enum Kind { ACCEPTED, DUPLICATE, HANDSHAKE, UNAUTHORIZED, MALFORMED, NOT_FOUND, TOO_LARGE, UNAVAILABLE }

    public static WebhookOutcome accepted(WebhookReply reply) {
        return new WebhookOutcome(Kind.ACCEPTED, reply.status(), "accepted", reply);
    }

    public static WebhookOutcome duplicate(WebhookReply reply) {
        return new WebhookOutcome(Kind.DUPLICATE, reply.status(), "duplicate of an accepted event", reply);
    }

    public static WebhookOutcome handshake(WebhookReply reply) {
        return new WebhookOutcome(Kind.HANDSHAKE, reply.status(), "handshake", reply);
    }

    public static WebhookOutcome rejected(Kind kind, int status, String reason) {
        return new WebhookOutcome(kind, status, reason, null);
    }
}
