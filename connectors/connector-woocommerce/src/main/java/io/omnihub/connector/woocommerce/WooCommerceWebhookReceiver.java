package io.omnihub.connector.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookReply;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Json;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * WooCommerce webhooks: the unsigned creation ping ({@code webhook_id=N} form body) is answered 200
 * without parsing; every other delivery must carry {@code X-WC-Webhook-Signature}, base64 HMAC-SHA256
 * of the raw body under one of the configured secrets. Topics {@code order.*} and {@code product.*}
 * become events; other topics (customer, coupon, action) are accepted with nothing to do.
 */
public final class WooCommerceWebhookReceiver implements WebhookReceiver {

    static final String TOPIC = "X-WC-Webhook-Topic";
    static final String SOURCE = "X-WC-Webhook-Source";
    static final String WEBHOOK_ID = "X-WC-Webhook-ID";
    static final String DELIVERY_ID = "X-WC-Webhook-Delivery-ID";

    private static final Pattern PING = Pattern.compile("webhook_id=\\d+");

    private final List<String> secrets;

    public WooCommerceWebhookReceiver(List<String> secrets) {
        this.secrets = secrets.stream().filter(s -> s != null && !s.isEmpty()).toList();
    }

    @Override
    public Optional<WebhookReply> handshake(WebhookRequest request) {
        // WC_Webhook::deliver_ping(): POST body "webhook_id={id}", no signature, no topic header.
        if (request.header(WooCommerceSignature.HEADER).isEmpty() && request.header(TOPIC).isEmpty()
                && PING.matcher(request.bodyAsString().trim()).matches()) {
            return Optional.of(WebhookReply.ok());
        }
        return Optional.empty();
    }

    @Override
    public void verify(WebhookRequest request) throws WebhookAuthenticationException {
        String signature = request.header(WooCommerceSignature.HEADER)
                .orElseThrow(() -> new WebhookAuthenticationException("missing " + WooCommerceSignature.HEADER + " header"));
        if (secrets.isEmpty()) {
            throw new WebhookAuthenticationException("no webhook secret configured for this connector");
        }
        boolean ok = false;
        for (String secret : secrets) {
            // evaluate every secret so the time taken does not reveal which one matched
            ok |= WooCommerceSignature.matches(secret, request.body(), signature);
        }
        if (!ok) {
            throw new WebhookAuthenticationException(WooCommerceSignature.HEADER + " does not match the body under any configured secret");
        }
    }

    @Override
    public List<PlatformEvent> parse(WebhookRequest request) throws MalformedPayloadException {
        String topic = request.header(TOPIC)
                .orElseThrow(() -> new MalformedPayloadException("missing " + TOPIC + " header"))
                .trim().toLowerCase(Locale.ROOT);
        JsonNode body;
        try {
            body = Json.mapper().readTree(request.body());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MalformedPayloadException("body of " + topic + " is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedPayloadException("body of " + topic + " could not be read: " + e.getMessage(), e);
        }
        if (body == null || !body.isObject()) {
            throw new MalformedPayloadException("body of " + topic + " is not a JSON object");
        }
        int dot = topic.indexOf('.');
        String resource = dot < 0 ? topic : topic.substring(0, dot);
        String event = dot < 0 ? "" : topic.substring(dot + 1);
        EntityKind kind = switch (resource) {
            case "order" -> EntityKind.ORDER;
            case "product" -> EntityKind.PRODUCT;
            default -> null;
        };
        if (kind == null) {
            return List.of();
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        request.header(SOURCE).ifPresent(s -> attrs.put("source", s));
        request.header(WEBHOOK_ID).ifPresent(s -> attrs.put("webhookId", s));
        request.header(DELIVERY_ID).ifPresent(s -> attrs.put("deliveryId", s));
        return List.of(WooCommerceEvents.toEvent(kind, topic, "deleted".equals(event), body, request.receivedAt(), attrs));
    }
}
