package io.omnihub.app.web;

import io.omnihub.app.HubProperties;
import io.omnihub.app.health.HubStatus;
import io.omnihub.connector.api.capability.WebhookReply;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.intake.WebhookIntake;
import io.omnihub.routes.intake.WebhookOutcome;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /webhooks/{connectorId}} (and {@code GET} for platform handshakes). Reads the raw
 * bytes once, up to the size limit, and hands them to the connector's intake route; answers per the
 * contract's table: 200 only after the raw event is durably in the broker, 401 / 400 / 404 / 413
 * with a specific reason and nothing enqueued, 503 when the broker cannot take it (the platform
 * retries). Request headers never become Camel headers.
 */
@RestController
public class WebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookController.class);

    private final HubRegistry registry;
    private final ProducerTemplate producer;
    private final HubProperties props;
    private final Clock clock;
    private final HubStatus status;

    public WebhookController(HubRegistry registry, ProducerTemplate producer, HubProperties props, Clock clock, HubStatus status) {
        this.registry = registry;
        this.producer = producer;
        this.props = props;
        this.clock = clock;
        this.status = status;
    }

    @RequestMapping(path = "/webhooks/{connectorId}", method = {RequestMethod.POST, RequestMethod.GET, RequestMethod.HEAD})
    public ResponseEntity<?> receive(@PathVariable String connectorId, HttpServletRequest http) throws IOException {
        if (registry instanceof io.omnihub.app.registry.HubRuntime rt && !rt.loaded()) {
            // starting: the connector files are not applied yet; the platform retries
            return ResponseEntity.status(503).header(HttpHeaders.RETRY_AFTER, "5").contentType(Problems.PROBLEM_JSON)
                    .body(Problems.of(503, "Service Unavailable", "the hub is starting; retry").getBody());
        }
        if (registry.channel(connectorId).flatMap(c -> c.webhooks()).isEmpty()) {
            // not counted per connector id: the id comes from an unauthenticated URL
            return Problems.of(404, "Not Found", "no enabled connector '" + connectorId + "' receives webhooks here");
        }
        long max = props.webhooks().maxBodyBytes();
        if (http.getContentLengthLong() > max) {
            return tooLarge(connectorId, max);
        }
        byte[] body = readCapped(http.getInputStream(), max);
        if (body == null) {
            return tooLarge(connectorId, max);
        }
        WebhookRequest request = new WebhookRequest(connectorId, http.getMethod(), fullUrl(http), headers(http),
                query(http), body, clock.instant());
        Exchange ex = producer.send("direct:omnihub-webhook-" + connectorId + "?block=false", e -> e.getMessage().setBody(request));
        WebhookOutcome outcome = ex.getProperty(WebhookIntake.OUTCOME, WebhookOutcome.class);
        if (ex.getException() != null || outcome == null) {
            Throwable t = ex.getException();
            LOG.warn("webhook for connector {} not stored: {}", connectorId, t == null ? "no outcome" : t.toString());
            status.onOutcome(connectorId, WebhookOutcome.rejected(WebhookOutcome.Kind.UNAVAILABLE, 503, "broker unavailable"));
            ResponseEntity<Map<String, Object>> r = Problems.of(503, "Service Unavailable",
                    "the event could not be stored durably; nothing was accepted, please retry");
            return ResponseEntity.status(503).headers(h -> {
                h.setContentType(Problems.PROBLEM_JSON);
                h.set(HttpHeaders.RETRY_AFTER, "5");
            }).body(r.getBody());
        }
        return switch (outcome.kind()) {
            case ACCEPTED, DUPLICATE, HANDSHAKE -> reply(outcome.reply());
            case UNAUTHORIZED -> Problems.of(401, "Unauthorized", outcome.reason());
            case NOT_FOUND -> Problems.of(404, "Not Found", outcome.reason());
            case MALFORMED -> Problems.of(outcome.status(), outcome.status() == 405 ? "Method Not Allowed" : "Bad Request", outcome.reason());
            case TOO_LARGE -> Problems.of(413, "Payload Too Large", outcome.reason());
            case UNAVAILABLE -> Problems.of(503, "Service Unavailable", outcome.reason());
        };
    }

    private ResponseEntity<?> tooLarge(String connectorId, long max) {
        status.onOutcome(connectorId, WebhookOutcome.rejected(WebhookOutcome.Kind.TOO_LARGE, 413, "body over " + max + " bytes"));
        return Problems.of(413, "Payload Too Large", "webhook body exceeds the limit of " + max + " bytes");
    }

    private static ResponseEntity<?> reply(WebhookReply r) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(r.status());
        r.headers().forEach(b::header);
        if (r.body() == null) {
            return b.build();
        }
        if (r.contentType() != null) {
            b.contentType(MediaType.parseMediaType(r.contentType()));
        }
        return b.body(r.body());
    }

    /** Reads at most {@code max} bytes; null when the body is larger. */
    static byte[] readCapped(InputStream in, long max) throws IOException {
        byte[] buf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        return buf.length > max ? null : buf;
    }

    private static String fullUrl(HttpServletRequest http) {
        StringBuffer url = http.getRequestURL();
        if (http.getQueryString() != null) {
            url.append('?').append(http.getQueryString());
        }
        return url.toString();
    }

    private static Map<String, List<String>> headers(HttpServletRequest http) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (String name : Collections.list(http.getHeaderNames())) {
            h.put(name, new ArrayList<>(Collections.list(http.getHeaders(name))));
        }
        return h;
    }

    private static Map<String, List<String>> query(HttpServletRequest http) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (http.getQueryString() == null) {
            return q;
        }
        for (String pair : http.getQueryString().split("&")) {
            int i = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), java.nio.charset.StandardCharsets.UTF_8);
            String v = i < 0 ? "" : java.net.URLDecoder.decode(pair.substring(i + 1), java.nio.charset.StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }
}
