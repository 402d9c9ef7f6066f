package io.omnihub.mapping.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.canonical.EventType;
import io.omnihub.canonical.Money;
import io.omnihub.canonical.Payment;
import io.omnihub.canonical.Payment.PaymentTxnStatus;
import io.omnihub.canonical.Refund;
import io.omnihub.canonical.SourceRef;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.mapping.api.MappingException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps Stripe objects (the {@code data.object} of a v1 event, or an object fetched from the API) to
 * canonical payments and refunds: PaymentIntents, Charges and Disputes become
 * {@code io.omnihub.payment.updated.v1}, Refunds (and the refunds embedded in a refunded Charge)
 * become {@code io.omnihub.refund.updated.v1}. Amounts go through {@link StripeMoney}; orders are
 * linked through the configured metadata keys ({@code spec.mapping.orderMetadataKeys}, default
 * {@code order_id}) and {@code spec.mapping.orderConnector}.
 */
public final class StripeMapper implements ChannelMapper {

    /** The platform name in {@code source.platform}. */
    public static final String PLATFORM = "STRIPE";

    /** Metadata keys looked up for the merchant's order reference when none are configured. */
    public static final List<String> DEFAULT_ORDER_METADATA_KEYS = List.of("order_id");

    @Override
    public String type() {
        return "stripe";
    }

    @Override
    public List<CanonicalRecord> map(PlatformEvent event, MappingContext context) {
        JsonNode obj = event.payload();
        if (obj == null || !obj.isObject()) {
            throw new MappingException("event " + event.eventId() + " has no Stripe object to map (fetch thin events first)");
        }
        String objectType = text(obj, "object");
        if (objectType == null) {
            throw new MappingException("Stripe object has no 'object' field");
        }
        return switch (objectType) {
            case "payment_intent" -> List.of(paymentRecord(event, context, paymentIntent(obj, event, context)));
            case "charge" -> charge(obj, event, context);
            case "dispute" -> List.of(paymentRecord(event, context, dispute(obj, event, context)));
            case "refund" -> List.of(refundRecord(event, context, refund(obj, event, context), false));
            default -> List.of();
        };
    }

    // ---- payments ----

    private Payment paymentIntent(JsonNode pi, PlatformEvent event, MappingContext ctx) {
        String id = require(pi, "id");
        String currency = require(pi, "currency");
        long amount = amount(pi, "amount", true);
        long received = amount(pi, "amount_received", false);
        JsonNode latestCharge = pi.path("latest_charge");
        long refunded = latestCharge.isObject() ? amount(latestCharge, "amount_refunded", false) : 0;
        boolean hasError = pi.hasNonNull("last_payment_error");
        PaymentTxnStatus status = StripeStatuses.paymentIntent(text(pi, "status"), hasError, received, refunded);
        if (latestCharge.isObject() && latestCharge.path("disputed").asBoolean(false)) {
            status = PaymentTxnStatus.DISPUTED;
        }
        String ref = merchantReference(pi, ctx);
        JsonNode types = pi.path("payment_method_types");
        String method = types.isArray() && types.size() == 1 ? types.get(0).asText() : null;
        String failure = hasError ? firstText(pi.get("last_payment_error"), "code", "decline_code", "type") : null;
        return new Payment(ctx.orderRef(id), Payment.Provider.STRIPE, id, ref, orderRef(ref, ctx),
                StripeMoney.of(amount, currency), StripeMoney.of(received, currency), StripeMoney.of(refunded, currency),
                latestCharge.isObject() ? fee(latestCharge) : null, status, method,
                epoch(pi, "created"), event.occurredAt(), failure, source(event, ctx, id));
    }

    private List<CanonicalRecord> charge(JsonNode ch, PlatformEvent event, MappingContext ctx) {
        List<CanonicalRecord> out = new ArrayList<>();
        Payment payment = chargePayment(ch, event, ctx);
        out.add(paymentRecord(event, ctx, payment));
        JsonNode refunds = ch.path("refunds").path("data");
        if (refunds.isArray()) {
            for (JsonNode r : refunds) {
                if (r.isObject() && "refund".equals(text(r, "object"))) {
                    out.add(refundRecord(event, ctx, refund(r, event, ctx), true));
                }
            }
        }
        return out;
    }

    private Payment chargePayment(JsonNode ch, PlatformEvent event, MappingContext ctx) {
        String chargeId = require(ch, "id");
        String currency = require(ch, "currency");
        String paymentId = idOf(ch.get("payment_intent"));
        if (paymentId == null) {
            paymentId = chargeId;
        }
        long amount = amount(ch, "amount", true);
        boolean captured = ch.path("captured").asBoolean(false);
        long amountCaptured = ch.has("amount_captured") ? amount(ch, "amount_captured", false) : captured ? amount : 0;
        long amountRefunded = amount(ch, "amount_refunded", false);
        PaymentTxnStatus status = "charge.expired".equals(event.topic()) ? PaymentTxnStatus.EXPIRED
                : StripeStatuses.charge(text(ch, "status"), captured, ch.path("refunded").asBoolean(false),
                ch.path("disputed").asBoolean(false), amountCaptured, amountRefunded);
        String ref = merchantReference(ch, ctx);
        return new Payment(ctx.orderRef(paymentId), Payment.Provider.STRIPE, paymentId, ref, orderRef(ref, ctx),
                StripeMoney.of(amount, currency), StripeMoney.of(amountCaptured, currency),
                StripeMoney.of(amountRefunded, currency), fee(ch), status, chargeMethod(ch),
                epoch(ch, "created"), event.occurredAt(), text(ch, "failure_code"), source(event, ctx, chargeId));
    }

    private Payment dispute(JsonNode dp, PlatformEvent event, MappingContext ctx) {
        String disputeId = require(dp, "id");
        JsonNode charge = dp.get("charge");
        if (charge != null && charge.isObject()) {
            // Expanded charge: the payment is fully known; the dispute sets the status.
            Payment p = chargePayment(charge, event, ctx);
            return withStatus(p, StripeStatuses.dispute(text(dp, "status")), "dispute:" + text(dp, "reason"),
                    source(event, ctx, disputeId));
        }
        String currency = require(dp, "currency");
        String paymentId = idOf(dp.get("payment_intent"));
        if (paymentId == null) {
            paymentId = idOf(charge);
        }
        if (paymentId == null) {
            throw new MappingException("dispute " + disputeId + " names neither a payment_intent nor a charge");
        }
        long disputed = amount(dp, "amount", true);
        String ref = merchantReference(dp, ctx);
        // Without the charge only the disputed amount is known: amount and capturedAmount carry it.
        return new Payment(ctx.orderRef(paymentId), Payment.Provider.STRIPE, paymentId, ref, orderRef(ref, ctx),
                StripeMoney.of(disputed, currency), StripeMoney.of(disputed, currency), Money.zero(currency),
                null, StripeStatuses.dispute(text(dp, "status")), methodType(dp.path("payment_method_details")),
                null, event.occurredAt(), "dispute:" + text(dp, "reason"), source(event, ctx, disputeId));
    }

    private static Payment withStatus(Payment p, PaymentTxnStatus status, String failureCode, SourceRef source) {
        return new Payment(p.paymentId(), p.provider(), p.providerPaymentId(), p.merchantReference(), p.orderRef(),
                p.amount(), p.capturedAmount(), p.refundedAmount(), p.fee(), status, p.method(), p.createdAt(),
                p.updatedAt(), failureCode, source);
    }

    // ---- refunds ----

    private Refund refund(JsonNode re, PlatformEvent event, MappingContext ctx) {
        String id = require(re, "id");
        String currency = require(re, "currency");
        String paymentId = idOf(re.get("payment_intent"));
        if (paymentId == null) {
            paymentId = idOf(re.get("charge"));
        }
        String ref = merchantReference(re, ctx);
        return new Refund(ctx.orderRef(id), Payment.Provider.STRIPE, id,
                paymentId == null ? null : ctx.orderRef(paymentId), orderRef(ref, ctx),
                StripeMoney.of(amount(re, "amount", true), currency), text(re, "reason"),
                StripeStatuses.refund(text(re, "status")), List.of(), epoch(re, "created"), source(event, ctx, id));
    }

    // ---- records ----

    private static CanonicalRecord paymentRecord(PlatformEvent event, MappingContext ctx, Payment p) {
        return new CanonicalRecord(EventType.PAYMENT_UPDATED, ctx.subject("payment", p.providerPaymentId()),
                event.occurredAt(), event.version(), dedupeBase(event, p.providerPaymentId(), false), p);
    }

    private static CanonicalRecord refundRecord(PlatformEvent event, MappingContext ctx, Refund r, boolean embedded) {
        return new CanonicalRecord(EventType.REFUND_UPDATED, ctx.subject("refund", r.providerRefundId()),
                event.occurredAt(), event.version(), dedupeBase(event, r.providerRefundId(), embedded), r);
    }

    /**
     * The platform event id (the entity id when there is none, e.g. a fetched object); a refund
     * embedded in a charge event gets its own id appended so each record of the event has its own key.
     */
    private static String dedupeBase(PlatformEvent event, String entityId, boolean embedded) {
        if (event.eventId() == null) {
            return entityId;
        }
        return embedded ? event.eventId() + ":" + entityId : event.eventId();
    }

    private static SourceRef source(PlatformEvent event, MappingContext ctx, String externalId) {
        return new SourceRef(PLATFORM, ctx.connectorId(), externalId, event.version(), event.occurredAt(), null);
    }

    // ---- order linking ----

    /** The first non-blank value of the configured metadata keys, or null. */
    static String merchantReference(JsonNode obj, MappingContext ctx) {
        JsonNode metadata = obj.path("metadata");
        if (!metadata.isObject()) {
            return null;
        }
        for (String key : orderMetadataKeys(ctx)) {
            String v = text(metadata, key);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static List<String> orderMetadataKeys(MappingContext ctx) {
        Object v = ctx.mapping().get("orderMetadataKeys");
        if (v instanceof List<?> l && !l.isEmpty()) {
            return l.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        if (v instanceof String s && !s.isBlank()) {
            return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
        }
        return DEFAULT_ORDER_METADATA_KEYS;
    }

    /** {@code {orderConnector}:{reference}} when the shop connector is configured; null otherwise. */
    private static String orderRef(String reference, MappingContext ctx) {
        Object shop = ctx.mapping().get("orderConnector");
        if (reference == null || shop == null || String.valueOf(shop).isBlank()) {
            return null;
        }
        return String.valueOf(shop).trim() + ":" + reference;
    }

    // ---- field helpers ----

    private static Money fee(JsonNode charge) {
        JsonNode bt = charge.path("balance_transaction");
        if (bt.isObject() && bt.hasNonNull("fee") && bt.hasNonNull("currency")) {
            return StripeMoney.of(amount(bt, "fee", true), bt.get("currency").asText());
        }
        return null;
    }

    private static String chargeMethod(JsonNode ch) {
        JsonNode details = ch.path("payment_method_details");
        String type = methodType(details);
        if (type == null) {
            return null;
        }
        JsonNode card = details.path("card");
        if ("card".equals(type) && card.isObject()) {
            String brand = text(card, "brand");
            String last4 = text(card, "last4");
            StringBuilder sb = new StringBuilder(type);
            if (brand != null) {
                sb.append(':').append(brand);
                if (last4 != null) {
                    sb.append(':').append(last4);
                }
            }
            return sb.toString();
        }
        return type;
    }

    private static String methodType(JsonNode details) {
        return details.isObject() ? text(details, "type") : null;
    }

    /** Id of an expandable field: the string itself or the {@code id} of the expanded object. */
    private static String idOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText().isBlank() ? null : n.asText();
        }
        return n.isObject() ? text(n, "id") : null;
    }

    private static long amount(JsonNode obj, String field, boolean required) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new MappingException(text(obj, "object") + "." + field + " is missing");
            }
            return 0;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new MappingException(text(obj, "object") + "." + field + " must be an integer amount in minor units, got " + v);
        }
        return v.longValue();
    }

    private static Instant epoch(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            throw new MappingException(text(obj, "object") + "." + field + " must be unix seconds, got " + v);
        }
        return Instant.ofEpochSecond(v.longValue());
    }

    private static String require(JsonNode obj, String field) {
        String v = text(obj, field);
        if (v == null || v.isBlank()) {
            throw new MappingException(text(obj, "object") + "." + field + " is missing");
        }
        return v;
    }

    private static String firstText(JsonNode obj, String... fields) {
        for (String f : fields) {
            String v = text(obj, f);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
