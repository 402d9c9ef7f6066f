package io.omnihub.app.alerts;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.health.HubStatus;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.Durations;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthContributorRegistry;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Evaluates the business alert rules ({@link AlertRule}) every {@code omnihub.alerts.interval}
 * (default 30 s), keeps the active ones and the recently resolved ones, exposes them as the
 * {@code omnihub_alerts_active} gauge (per rule), the {@code alerts} health component (WARNING while
 * any is active) and {@code GET /api/v1/alerts}, and tells the optional notifier when an alert fires
 * and when it resolves.
 */
@Component
public class AlertCenter {

    private static final Logger LOG = LoggerFactory.getLogger(AlertCenter.class);
    private static final int RECENT = 100;

    private final HubRuntime runtime;
    private final HubStatus status;
    private final BrokerAdmin broker;
    private final org.springframework.beans.factory.ObjectProvider<HealthContributorRegistry> health;
    private final AlertNotifier notifier;
    private final Clock clock;
    private final Instant watchingSince;
    private final Map<String, Alert> active = new ConcurrentHashMap<>();
    private final Deque<Alert> recent = new ArrayDeque<>();

    @Value("${omnihub.alerts.enabled:true}")
    boolean enabled;
    @Value("${omnihub.alerts.orders-quiet-after:60m}")
    String ordersQuietAfter;
    @Value("${omnihub.alerts.usual-hours:08:00-22:00}")
    String usualHours;
    @Value("${omnihub.alerts.zone:}")
    String zone;
    @Value("${omnihub.alerts.credentials-warning:14d}")
    String credentialsWarning;
    @Value("${omnihub.alerts.backlog-threshold:1000}")
    long backlogThreshold;
    @Value("${omnihub.alerts.dead-letter-threshold:0}")
    long deadLetterThreshold;

    public AlertCenter(HubRuntime runtime, HubStatus status, BrokerAdmin broker,
                       org.springframework.beans.factory.ObjectProvider<HealthContributorRegistry> health,
                       AlertNotifier notifier, Clock clock, MeterRegistry meters) {
        this.runtime = runtime;
        this.status = status;
        this.broker = broker;
        this.health = health;
        this.notifier = notifier;
        this.clock = clock;
        this.watchingSince = clock.instant();
        for (AlertRule r : AlertRule.values()) {
            Gauge.builder("omnihub.alerts.active", this, c -> c.activeCount(r)).tag("rule", r.name())
                    .description("Business alerts active now, per rule").register(meters);
        }
    }

    @Scheduled(initialDelayString = "${omnihub.alerts.interval:30s}", fixedDelayString = "${omnihub.alerts.interval:30s}")
    public void scheduled() {
        try {
            evaluate();
        } catch (RuntimeException e) {
            LOG.warn("alert evaluation failed: {}", e.toString());
        }
    }

    /** Evaluates every rule now; returns the active alerts. */
    public synchronized List<Alert> evaluate() {
        if (!enabled || !runtime.loaded()) {
            return active();
        }
        Instant now = clock.instant();
        Map<String, Alert> found = new LinkedHashMap<>();
        for (Channel c : runtime.channels()) {
            connectorRules(c, now, found);
        }
        for (Destination d : runtime.destinations()) {
            destinationRules(d, found);
        }
        componentRules("connectors", AlertRule.CONNECTOR_DOWN, "connector:", found, now);
        componentRules("destinations", AlertRule.DESTINATION_DOWN, "destination:", found, now);
        for (Alert a : found.values()) {
            Alert prev = active.get(a.key());
            if (prev == null) {
                Alert fired = new Alert(a.rule(), a.subject(), a.severity(), a.message(), now, null);
                active.put(a.key(), fired);
                LOG.warn("ALERT {} {}: {}", a.rule(), a.subject(), a.message());
                notifier.fired(fired);
            } else {
                active.put(a.key(), prev.refreshed(a.message(), a.severity()));
            }
        }
        for (String key : new ArrayList<>(active.keySet())) {
            if (!found.containsKey(key)) {
                Alert done = active.remove(key).resolved(now);
                LOG.info("alert resolved {} {}", done.rule(), done.subject());
                remember(done);
                notifier.resolved(done);
            }
        }
        return active();
    }

    private void connectorRules(Channel c, Instant now, Map<String, Alert> found) {
        String subject = "connector:" + c.id();
        if (!c.config().bool("alerts.enabled", true)) {
            return;
        }
        HubStatus.Stats s = status.connector(c.id());
        if (c.descriptor().flows().contains(Flow.ORDERS_IN)) {
            Duration quiet = Durations.parse(c.config().string("alerts.ordersQuietAfter").orElse(ordersQuietAfter));
            ZoneId z = c.config().string("alerts.zone").map(ZoneId::of).orElse(defaultZone());
            AlertRule.UsualHours hours = AlertRule.UsualHours.parse(c.config().string("alerts.usualHours").orElse(usualHours), z);
            Instant last = s.lastOrderAt() != null ? s.lastOrderAt() : watchingSince;
            if (AlertRule.ordersQuiet(now, last, quiet, hours)) {
                put(found, AlertRule.ORDERS_QUIET, subject, "warning", "no order from " + c.id() + " since "
                        + (s.lastOrderAt() != null ? s.lastOrderAt() : "the hub started (" + watchingSince + ")")
                        + ", longer than " + fmt(quiet) + " of usual hours (" + hours.start() + "-"
                        + (hours.end().equals(java.time.LocalTime.MIDNIGHT) ? "24:00" : hours.end()) + " " + z + ")");
            }
        }
        if (s.consecutiveFailures() > 0 && s.lastCallFailure() != null && s.lastCallFailure().startsWith("stock push")) {
            put(found, AlertRule.STOCK_PUSH_FAILING, subject, "critical", "stock pushes to " + c.id() + " failing ("
                    + s.consecutiveFailures() + " in a row): " + s.lastCallFailure());
        }
        if (s.credentialsRejected()) {
            put(found, AlertRule.CREDENTIALS, subject, "critical", c.id() + ": the platform refuses the credentials: "
                    + s.lastCallFailure());
        } else {
            c.config().string("alerts.credentialsExpireAt").ifPresent(v -> {
                Instant expires = v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
                Duration left = Duration.between(now, expires);
                Duration warn = Durations.parse(credentialsWarning);
                if (left.isNegative() || left.isZero()) {
                    put(found, AlertRule.CREDENTIALS, subject, "critical", c.id() + ": credentials expired at " + expires);
                } else if (left.compareTo(warn) <= 0) {
                    put(found, AlertRule.CREDENTIALS, subject, "warning", c.id() + ": credentials expire at " + expires
                            + " (in " + left.toDays() + " days)");
                }
            });
        }
        Long dlq = broker.depth(Addresses.rawDlq(c.id()));
        if (dlq != null && dlq > deadLetterThreshold) {
            put(found, AlertRule.DEAD_LETTERS, subject, "warning", dlq + " raw events of " + c.id() + " in dead letters");
        }
    }

    private void destinationRules(Destination d, Map<String, Alert> found) {
        String subject = "destination:" + d.id();
        long backlog = broker.destinationBacklog(d);
        if (backlog > backlogThreshold) {
            put(found, AlertRule.DESTINATION_BACKING_UP, subject, "warning", d.id() + " is backing up: " + backlog
                    + " events queued (threshold " + backlogThreshold + ")");
        }
        Long dlq = broker.depth(Addresses.destinationDlq(d.id()));
        if (dlq != null && dlq > deadLetterThreshold) {
            put(found, AlertRule.DEAD_LETTERS, subject, "warning", dlq + " events for " + d.id() + " in dead letters");
        }
    }

    private void componentRules(String group, AlertRule rule, String prefix, Map<String, Alert> found, Instant now) {
        HealthContributorRegistry registry = health.getIfAvailable();
        HealthContributor g = registry == null ? null : registry.getContributor(group);
        if (!(g instanceof CompositeHealthContributor composite)) {
            return;
        }
        composite.forEach(named -> {
            if (named.getContributor() instanceof HealthIndicator hi) {
                var h = hi.health();
                if (Status.DOWN.equals(h.getStatus())) {
                    put(found, rule, prefix + named.getName(), "critical", named.getName() + " is DOWN: "
                            + h.getDetails().getOrDefault("reason", "no reason given"));
                }
            }
        });
    }

    private static void put(Map<String, Alert> found, AlertRule rule, String subject, String severity, String message) {
        Alert a = new Alert(rule.name(), subject, severity, message, null, null);
        found.put(a.key(), a);
    }

    static String fmt(Duration d) {
        long m = d.toMinutes();
        return m % 60 == 0 ? (m / 60) + " h" : m + " min";
    }

    private ZoneId defaultZone() {
        return zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
    }

    private synchronized void remember(Alert a) {
        recent.addFirst(a);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
    }

    /** Active alerts, oldest first. */
    public List<Alert> active() {
        return active.values().stream().sorted(Comparator.comparing(Alert::since).thenComparing(Alert::key)).toList();
    }

    /** Recently resolved alerts, newest first. */
    public synchronized List<Alert> recent() {
        return List.copyOf(recent);
    }

    double activeCount(AlertRule r) {
        return active.values().stream().filter(a -> a.rule().equals(r.name())).count();
    }
}
