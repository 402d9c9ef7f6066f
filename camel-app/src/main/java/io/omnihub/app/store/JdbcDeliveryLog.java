package io.omnihub.app.store;

import io.omnihub.routes.store.DeliveryLog;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link DeliveryLog} on the {@code delivery_log} table. Each statement is atomic on its own
 * (auto-commit, no surrounding transaction), so a duplicate claim is a no-op, never an error that
 * aborts a transaction (the PostgreSQL pitfall of CAMEL-24048). Same SQL on H2 and PostgreSQL.
 */
public class JdbcDeliveryLog implements DeliveryLog {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcDeliveryLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Claim claim(String destinationId, String deliveryKey, String subject, String eventType, Duration staleAfter) {
        Timestamp now = Timestamp.from(clock.instant());
        int inserted = jdbc.update("INSERT INTO delivery_log (destination_id, delivery_key, state, claimed_at, subject, event_type)"
                        + " VALUES (?, ?, 'CLAIMED', ?, ?, ?) ON CONFLICT DO NOTHING",
                destinationId, deliveryKey, now, truncate(subject, 512), truncate(eventType, 64));
        if (inserted == 1) {
            return Claim.DELIVER;
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT state, claimed_at FROM delivery_log WHERE destination_id = ? AND delivery_key = ?", destinationId, deliveryKey);
        if (rows.isEmpty()) {
            return claim(destinationId, deliveryKey, subject, eventType, staleAfter); // released meanwhile
        }
        if ("DELIVERED".equals(rows.get(0).get("state"))) {
            return Claim.ALREADY_DELIVERED;
        }
        Timestamp claimedAt = (Timestamp) rows.get(0).get("claimed_at");
        if (claimedAt.toInstant().isBefore(clock.instant().minus(staleAfter))) {
            // orphaned by a crashed consumer: take it over with a compare-and-set on the claim time
            int taken = jdbc.update("UPDATE delivery_log SET claimed_at = ? WHERE destination_id = ? AND delivery_key = ?"
                    + " AND state = 'CLAIMED' AND claimed_at = ?", now, destinationId, deliveryKey, claimedAt);
            if (taken == 1) {
                return Claim.DELIVER;
            }
        }
        return Claim.IN_PROGRESS;
    }

    @Override
    public void refresh(String destinationId, String deliveryKey) {
        jdbc.update("UPDATE delivery_log SET claimed_at = ? WHERE destination_id = ? AND delivery_key = ? AND state = 'CLAIMED'",
                Timestamp.from(clock.instant()), destinationId, deliveryKey);
    }

    @Override
    public void delivered(String destinationId, String deliveryKey) {
        jdbc.update("UPDATE delivery_log SET state = 'DELIVERED', delivered_at = ? WHERE destination_id = ? AND delivery_key = ?",
                Timestamp.from(clock.instant()), destinationId, deliveryKey);
    }

    @Override
    public void release(String destinationId, String deliveryKey) {
        jdbc.update("DELETE FROM delivery_log WHERE destination_id = ? AND delivery_key = ? AND state = 'CLAIMED'",
                destinationId, deliveryKey);
    }

    /** Forgets deliveries older than the retention. */
    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM delivery_log WHERE claimed_at < ? AND state = 'DELIVERED'",
                Timestamp.from(clock.instant().minus(retention)));
    }

    /** Delivered count for a destination (tests, ops). */
    public long deliveredCount(String destinationId) {
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM delivery_log WHERE destination_id = ? AND state = 'DELIVERED'",
                Long.class, destinationId);
        return n == null ? 0 : n;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    Instant now() {
        return clock.instant();
    }
}
