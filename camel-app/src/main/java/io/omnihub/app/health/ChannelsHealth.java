package io.omnihub.app.health;

import io.omnihub.app.registry.HubRuntime;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import java.util.Iterator;
import java.util.List;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health components {@code connectors.<id>} and {@code destinations.<id>}, one per live connector
 * and destination, following the config folder as it changes.
 */
@Configuration(proxyBeanMethods = false)
public class ChannelsHealth {

    @Bean
    public CompositeHealthContributor connectors(HubRuntime runtime, HubStatus status) {
        return new Dynamic(() -> runtime.channels().stream().map(Channel::id).sorted().toList(), id -> () -> {
            Channel c = runtime.channel(id).orElse(null);
            if (c == null) {
                return Health.unknown().build();
            }
            HubStatus.Stats s = status.connector(id);
            Health.Builder b = Health.up().withDetail("type", c.type());
            if (runtime.problems().containsKey(c.sourceFile())) {
                b.withDetail("config", "running the last valid version; the file has problems");
            }
            if (s.lastSuccess() != null) {
                b.withDetail("lastWebhook", s.lastSuccess().toString());
            }
            if (s.lastPush() != null) {
                b.withDetail("lastStockPush", s.lastPush().toString());
            }
            b.withDetail("webhookAuthFailures", s.get("webhook.unauthorized"));
            if (s.lastError() != null) {
                b.withDetail("lastError", s.lastError());
            }
            return b.build();
        });
    }

    @Bean
    public CompositeHealthContributor destinations(HubRuntime runtime, HubStatus status) {
        return new Dynamic(() -> runtime.destinations().stream().map(Destination::id).sorted().toList(), id -> () -> {
            Destination d = runtime.destination(id).orElse(null);
            if (d == null) {
                return Health.unknown().build();
            }
            HubStatus.Stats s = status.destination(id);
            Health.Builder b = Health.up().withDetail("url", d.url()).withDetail("delivered", s.get("delivered"))
                    .withDetail("deadLettered", s.get("dead-lettered"));
            if (s.lastError() != null) {
                b.withDetail("lastError", s.lastError());
            }
            return b.build();
        });
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
