package io.omnihub.app.health;

import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.routes.Addresses;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** The broker answers: part of readiness, since webhooks cannot be accepted without it. */
@Component("broker")
public class BrokerHealthIndicator implements HealthIndicator {

    private final BrokerAdmin broker;

    public BrokerHealthIndicator(BrokerAdmin broker) {
        this.broker = broker;
    }

    @Override
    public Health health() {
        try {
            long n = broker.probeMessageCount(Addresses.BACKOFFICE_STOCK);
            return Health.up().withDetail("backofficeStockBacklog", n).build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getMessage()).build();
        }
    }
}
