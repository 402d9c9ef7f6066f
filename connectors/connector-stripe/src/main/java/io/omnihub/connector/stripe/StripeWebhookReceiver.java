package io.omnihub.connector.stripe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.support.Json;
import java.io.IOException;
import java.util.List;

/**
 * Receives Stripe webhook deliveries: verifies {@code Stripe-Signature} on the raw bytes
 * ({@link StripeSignature}), then parses the v1 Event. Types the hub does not use, and Stripe v2
 * "thin" event notifications ({@code "object":"v2.core.event"}), are accepted with nothing to do.
 */
final class StripeWebhookReceiver implements WebhookReceiver {

    private final StripeSignature signature;

    StripeWebhookReceiver(StripeSignature signature) {
        this.signature = signature;
    }

    @Override
    public void verify(WebhookRequest request) {
        signature.verify(request.header(StripeSignature.HEADER).orElse(null), request.body());
    }

    @Override
    public List<PlatformEvent> parse(WebhookRequest request) {
        if (request.body().length == 0) {
            throw new MalformedPayloadException("empty body: a Stripe webhook carries a JSON Event object");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(request.body());
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new MalformedPayloadException("body is not valid JSON"
                    + (loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new MalformedPayloadException("body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedPayloadException("body is not a JSON object: a Stripe webhook carries an Event object");
        }
        if ("v2.core.event".equals(StripeEvents.text(root, "object"))) {
            return List.of(); // v2 event destinations are not used by the hub (see docs)
        }
        return StripeEvents.toPlatformEvent(root).map(List::of).orElse(List.of());
    }
}
