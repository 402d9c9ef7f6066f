package io.omnihub.app.store;

import io.omnihub.routes.store.WebhookDedupeStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Accepted webhook events in the database ({@code webhook_event}), with
 * {@code INSERT ... ON CONFLICT DO NOTHING} so concurrent duplicates never fail or abort a
 * transaction (the Camel 4.17 JDBC idempotent repositories are avoided: CAMEL-24046, CAMEL-24048).
 * Same SQL on H2 (PostgreSQL mode) and PostgreSQL.
 */
public class JdbcWebhookDedupeStore implements WebhookDedupeStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcWebhookDedupeStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean seen(String connectorId, String eventKey) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event WHERE connector_id = ? AND event_key = ?",
                Integer.class, connectorId, eventKey);
        return n != null && n > 0;
    }

    @Override
    public void remember(String connectorId, String eventKey) {
        jdbc.update("INSERT INTO webhook_event (connector_id, event_key, accepted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                connectorId, eventKey, Timestamp.from(clock.instant()));
    }

    /** Forgets keys older than the retention (which must exceed the longest platform retry window). */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM webhook_event WHERE accepted_at < ?", Timestamp.from(clock.instant().minus(retention)));
    }
}
