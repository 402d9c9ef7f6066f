package io.omnihub.app.alerts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/alerts} (active and recently resolved) and the {@code alerts} health component. */
@RestController
@Configuration(proxyBeanMethods = false)
public class AlertsController {

    /** Health status of the {@code alerts} component while any alert is active (answered 200, ordered below OUT_OF_SERVICE). */
    public static final Status WARNING = new Status("WARNING", "business alerts are active");

    private final AlertCenter alerts;

    public AlertsController(AlertCenter alerts) {
        this.alerts = alerts;
    }

    @GetMapping("/api/v1/alerts")
    public Map<String, Object> list() {
        List<Alert> active = alerts.evaluate();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("active", active);
        m.put("recent", alerts.recent());
        return m;
    }

    @Bean
    public HealthIndicator alertsHealthIndicator(AlertCenter center) {
        return () -> {
            List<Alert> active = center.active();
            if (active.isEmpty()) {
                return Health.up().build();
            }
            Health.Builder b = Health.status(WARNING).withDetail("count", active.size());
            active.forEach(a -> b.withDetail(a.rule() + " " + a.subject(), a.message()));
            return b.build();
        };
    }
}
