package io.omnihub.app.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Posts alerts to {@code omnihub.alerts.webhook-url} when one fires and when it resolves, as JSON with a
 * {@code text} line (so a Slack or Mattermost incoming webhook shows it as is) and the structured fields.
 * Optional {@code omnihub.alerts.webhook-authorization} is sent as the {@code Authorization} header.
 * Runs on its own thread, 3 attempts with backoff; a failing receiver never slows the hub.
 */
@Component
public class AlertNotifier implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final String url;
    private final String authorization;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "omnihub-alert-notifier");
        t.setDaemon(true);
        return t;
    });

    public AlertNotifier(OkHttpClient http, ObjectMapper json, MeterRegistry meters,
                         @Value("${omnihub.alerts.webhook-url:}") String url,
                         @Value("${omnihub.alerts.webhook-authorization:}") String authorization) {
        this.http = http;
        this.json = json;
        this.meters = meters;
        this.url = url == null || url.isBlank() ? null : url.trim();
        this.authorization = authorization == null || authorization.isBlank() ? null : authorization;
    }

    void fired(Alert a) {
        send("FIRING", a);
    }

    void resolved(Alert a) {
        send("RESOLVED", a);
    }

    private void send(String state, Alert a) {
        if (url == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", "[OmniHub] " + state + " " + a.rule() + " " + a.subject() + ": " + a.message());
        body.put("status", state);
        body.put("rule", a.rule());
        body.put("subject", a.subject());
        body.put("severity", a.severity());
        body.put("message", a.message());
        body.put("since", a.since() == null ? null : a.since().toString());
        body.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
        sender.execute(() -> post(body));
    }

    private void post(Map<String, Object> body) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                Request.Builder rb = new Request.Builder().url(url).post(RequestBody.create(json.writeValueAsBytes(body), JSON));
                if (authorization != null) {
                    rb.header("Authorization", authorization);
                }
                try (Response r = http.newCall(rb.build()).execute()) {
                    if (r.isSuccessful()) {
                        meters.counter("omnihub.alerts.notifications", "outcome", "sent").increment();
                        return;
                    }
                    LOG.warn("alert notifier: {} answered {}", url, r.code());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("alert notifier: {} failed: {}", url, e.toString());
            }
            try {
                Thread.sleep(500L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        meters.counter("omnihub.alerts.notifications", "outcome", "failed").increment();
    }

    @Override
    public void destroy() {
        sender.shutdown();
    }
}
