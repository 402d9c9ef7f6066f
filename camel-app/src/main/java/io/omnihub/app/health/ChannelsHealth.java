package io.omnihub.app.health;

import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import io.omnihub.routes.delivery.CircuitBreaker;
import io.omnihub.routes.delivery.HttpDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components {@code connectors.<id>} and {@code destinations.<id>}, one per live connector
 * and destination, following the config folder as it changes. Each says why it is not UP
 * ({@code reason} detail):
 * <ul>
 *   <li>DOWN: calls to the platform (stock push, poll, connection check) failing since the last success,
 *       the platform refusing the credentials, webhook signatures failing since the last accepted one
 *       ({@code omnihub.health.webhook-auth-failures}, default 5), one of its Camel routes not started;
 *       for a destination its circuit breaker open or half open, or 3+ deliveries failing in a row;</li>
 *   <li>OUT_OF_SERVICE: more dead letters than {@code omnihub.health.dead-letter-threshold} (default 10),
 *       or a backlog over {@code omnihub.health.backlog-threshold} (default 10,000).</li>
 * </ul>
 * A DOWN connector is re-checked with its connection check every {@code omnihub.health.recheck-interval}
 * (default 30 s), so it turns UP by itself once the platform answers again. The components are not in
 * the readiness group: one failing channel never takes the hub (or the other channels) out of service.
 */
@Configuration(proxyBeanMethods = false)
public class ChannelsHealth implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelsHealth.class);
    static final int DESTINATION_FAILURES_DOWN = 3;

    private final ScheduledExecutorService recheck = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "omnihub-health-recheck");
        t.setDaemon(true);
        return t;
    });

    @Value("${omnihub.health.dead-letter-threshold:10}")
    long deadLetterThreshold;
    @Value("${omnihub.health.backlog-threshold:10000}")
    long backlogThreshold;
    @Value("${omnihub.health.webhook-auth-failures:5}")
    long webhookAuthFailures;

    @Bean
    public CompositeHealthContributor connectors(HubRuntime runtime, HubStatus status, BrokerAdmin broker, CamelContext camel,
                                                 @Value("${omnihub.health.recheck-interval:30s}") Duration recheckEvery) {
        long ms = Math.max(100, recheckEvery.toMillis());
        recheck.scheduleWithFixedDelay(() -> recheckDown(runtime, status), ms, ms, TimeUnit.MILLISECONDS);
        return new Dynamic(() -> runtime.channels().stream().map(Channel::id).sorted().toList(),
                id -> () -> connectorHealth(id, runtime, status, broker, camel));
    }

    @Bean
    public CompositeHealthContributor destinations(HubRuntime runtime, HubStatus status, BrokerAdmin broker,
                                                   HttpDelivery delivery) {
        return new Dynamic(() -> runtime.destinations().stream().map(Destination::id).sorted().toList(),
                id -> () -> destinationHealth(id, runtime, status, broker, delivery));
    }

    Health connectorHealth(String id, HubRuntime runtime, HubStatus status, BrokerAdmin broker, CamelContext camel) {
        Channel c = runtime.channel(id).orElse(null);
        if (c == null) {
            return Health.unknown().build();
        }
        HubStatus.Stats s = status.connector(id);
        List<String> down = new ArrayList<>();
        List<String> outOfService = new ArrayList<>();
        if (s.consecutiveFailures() > 0) {
            down.add((s.credentialsRejected() ? "platform refuses the credentials (expired or revoked?): " : "platform calls failing: ")
                    + s.lastCallFailure() + " (" + s.consecutiveFailures() + " in a row since the last success"
                    + (s.lastCallOk() == null ? "" : " at " + s.lastCallOk()) + ")");
        }
        if (s.rejectedSinceAccepted() >= webhookAuthFailures) {
            down.add("webhook signatures failing: " + s.rejectedSinceAccepted() + " webhooks refused since " + s.firstRejectedAt()
                    + " and none accepted since (secret changed on the platform?)");
        }
        for (Route r : camel.getRoutes()) {
            if (r.getRouteId().startsWith(id + ".")) {
                ServiceStatus st = camel.getRouteController().getRouteStatus(r.getRouteId());
                if (st != null && !st.isStarted() && !st.isStarting()) {
                    down.add("route " + r.getRouteId() + " is " + st);
                }
            }
        }
        Long dlq = broker.depth(Addresses.rawDlq(id));
        if (dlq != null && dlq > deadLetterThreshold) {
            outOfService.add(dlq + " dead letters (threshold " + deadLetterThreshold + ")");
        }
        Long backlog = broker.depth(Addresses.raw(id));
        if (backlog != null && backlog > backlogThreshold) {
            outOfService.add("backing up: " + backlog + " raw events queued (threshold " + backlogThreshold + ")");
        }
        Health.Builder b = builder(down, outOfService).withDetail("type", c.type());
        if (runtime.problems().containsKey(c.sourceFile())) {
            b.withDetail("config", "running the last valid version; the file has problems");
        }
        if (s.lastSuccess() != null) {
            b.withDetail("lastWebhook", s.lastSuccess().toString());
        }
        if (s.lastPush() != null) {
            b.withDetail("lastStockPush", s.lastPush().toString());
        }
        if (s.lastPoll() != null) {
            b.withDetail("lastPoll", s.lastPoll().toString());
        }
        if (s.lastCallOk() != null) {
            b.withDetail("lastPlatformSuccess", s.lastCallOk().toString());
        }
        b.withDetail("webhookAuthFailures", s.get("webhook.unauthorized"));
        if (dlq != null) {
            b.withDetail("deadLetters", dlq);
        }
        if (backlog != null) {
            b.withDetail("backlog", backlog);
        }
        if (s.lastError() != null) {
            b.withDetail("lastError", s.lastError());
        }
        return b.build();
    }

    Health destinationHealth(String id, HubRuntime runtime, HubStatus status, BrokerAdmin broker, HttpDelivery delivery) {
        Destination d = runtime.destination(id).orElse(null);
        if (d == null) {
            return Health.unknown().build();
        }
        HubStatus.Stats s = status.destination(id);
        List<String> down = new ArrayList<>();
        List<String> outOfService = new ArrayList<>();
        CircuitBreaker.State breaker = delivery.breakerState(id);
        if (breaker != CircuitBreaker.State.CLOSED) {
            down.add("circuit breaker " + breaker + " after repeated failures; last: " + s.lastCallFailure());
        } else if (s.consecutiveFailures() >= DESTINATION_FAILURES_DOWN) {
            down.add("deliveries failing: " + s.lastCallFailure() + " (" + s.consecutiveFailures() + " in a row)");
        }
        Long dlq = broker.depth(Addresses.destinationDlq(id));
        if (dlq != null && dlq > deadLetterThreshold) {
            outOfService.add(dlq + " dead letters (threshold " + deadLetterThreshold + ")");
        }
        long backlog = broker.destinationBacklog(d);
        if (backlog > backlogThreshold) {
            outOfService.add("backing up: " + backlog + " events queued (threshold " + backlogThreshold + ")");
        }
        Health.Builder b = builder(down, outOfService).withDetail("url", d.url()).withDetail("circuitBreaker", breaker.name())
                .withDetail("delivered", s.get("delivered")).withDetail("deadLettered", s.get("dead-lettered"))
                .withDetail("backlog", backlog);
        if (dlq != null) {
            b.withDetail("deadLetters", dlq);
        }
        if (s.lastSuccess() != null) {
            b.withDetail("lastDelivery", s.lastSuccess().toString());
        }
        if (s.lastError() != null) {
            b.withDetail("lastError", s.lastError());
        }
        return b.build();
    }

    private static Health.Builder builder(List<String> down, List<String> outOfService) {
        if (!down.isEmpty()) {
            List<String> all = new ArrayList<>(down);
            all.addAll(outOfService);
            return Health.down().withDetail("reason", String.join("; ", all));
        }
        if (!outOfService.isEmpty()) {
            return Health.status(Status.OUT_OF_SERVICE).withDetail("reason", String.join("; ", outOfService));
        }
        return Health.up();
    }

    /** Runs the connection check of every connector whose platform calls are failing; a success clears the failure. */
    static void recheckDown(HubRuntime runtime, HubStatus status) {
        for (Channel c : runtime.channels()) {
            HubStatus.Stats s = status.connector(c.id());
            if (s.consecutiveFailures() == 0) {
                continue;
            }
            try {
                CheckResult r = c.connector().check();
                if (r.up()) {
                    LOG.info("connector {}: platform answers again ({}), health UP", c.id(), r.message());
                    status.onChecked(c.id(), r);
                }
            } catch (RuntimeException e) {
                LOG.debug("connector {}: re-check failed: {}", c.id(), e.toString());
            }
        }
    }

    @Override
    public void destroy() {
        recheck.shutdownNow();
    }

    /** A composite whose members are computed on each call. */
    static final class Dynamic implements CompositeHealthContributor {
        private final java.util.function.Supplier<List<String>> names;
        private final java.util.function.Function<String, HealthIndicator> indicator;

        Dynamic(java.util.function.Supplier<List<String>> names, java.util.function.Function<String, HealthIndicator> indicator) {
            this.names = names;
            this.indicator = indicator;
        }

        @Override
        public HealthContributor getContributor(String name) {
            return names.get().contains(name) ? indicator.apply(name) : null;
        }

        @Override
        public Iterator<NamedContributor<HealthContributor>> iterator() {
            return names.get().stream()
                    .map(n -> NamedContributor.of(n, (HealthContributor) indicator.apply(n))).iterator();
        }
    }
}
