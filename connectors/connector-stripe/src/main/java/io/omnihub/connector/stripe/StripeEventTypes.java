package io.omnihub.connector.stripe;

import io.omnihub.connector.api.EntityKind;
import java.util.List;
import java.util.Optional;

/**
 * The Stripe v1 event types the hub uses and the entity kind each carries: {@code payment_intent.*},
 * {@code charge.*} and {@code charge.dispute.*} are payments; {@code refund.*} and
 * {@code charge.refund.updated} are refunds. Every other type is accepted and ignored.
 */
public final class StripeEventTypes {

    /** Payment event types, also the {@code types[]} filter of the payments poll (Stripe allows up to 20). */
    public static final List<String> PAYMENT_TYPES = List.of(
            "payment_intent.created", "payment_intent.processing", "payment_intent.requires_action",
            "payment_intent.amount_capturable_updated", "payment_intent.succeeded", "payment_intent.payment_failed",
            "payment_intent.canceled", "payment_intent.partially_funded",
            "charge.pending", "charge.succeeded", "charge.failed", "charge.captured", "charge.refunded",
            "charge.expired", "charge.updated",
            "charge.dispute.created", "charge.dispute.updated", "charge.dispute.closed",
            "charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated");

    /** Refund event types, also the {@code types[]} filter of the refunds poll. */
    public static final List<String> REFUND_TYPES = List.of(
            "refund.created", "refund.updated", "refund.failed", "charge.refund.updated");

    private StripeEventTypes() {
    }

    /** The kind an event type carries, or empty for a type the hub does not use. */
    public static Optional<EntityKind> kindOf(String type) {
        if (type == null) {
            return Optional.empty();
        }
        if (type.startsWith("refund.") || type.equals("charge.refund.updated")) {
            return Optional.of(EntityKind.REFUND);
        }
        if (type.startsWith("payment_intent.") || type.startsWith("charge.")) {
            return Optional.of(EntityKind.PAYMENT);
        }
        return Optional.empty();
    }

    /** The poll filter for a kind. */
    public static List<String> typesFor(EntityKind kind) {
        return switch (kind) {
            case PAYMENT -> PAYMENT_TYPES;
            case REFUND -> REFUND_TYPES;
            default -> throw new IllegalArgumentException("Stripe has no " + kind.key() + " events");
        };
    }
}
