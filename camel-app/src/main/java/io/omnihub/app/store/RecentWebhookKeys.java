package io.omnihub.app.store;

import io.omnihub.routes.store.WebhookDedupeStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Webhook dedupe without a database round trip on the request path. The keys of the most recent
 * {@code capacity} accepted events (default 100,000, as the broker's duplicate-id cache) are kept in
 * memory and answer {@link #seen}; {@link #remember} adds the key at once and writes it to
 * {@code webhook_event} in batches off the request path (a full queue writes synchronously). At start the
 * newest {@code capacity} keys are loaded back from the table.
 * <p>What covers the gaps: a duplicate racing its original, or one whose key was not written yet when the
 * process died, carries the same {@code _AMQ_DUPL_ID} as its original, and the broker's persistent
 * duplicate detection drops it; a duplicate older than the window reaches the publish step, where the
 * entity version (same version = not newer) keeps it from being published again.
 */
public final class RecentWebhookKeys implements WebhookDedupeStore, AutoCloseable {

    private final int capacity;
    private final Map<String, Boolean> recent;
    private final BatchWriter<Object[]> writer;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RecentWebhookKeys(JdbcTemplate jdbc, Clock clock, int capacity) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > RecentWebhookKeys.this.capacity;
            }
        };
        this.writer = new BatchWriter<>("webhook-keys", 20_000, 500, Duration.ofMillis(200), this::insert);
        load();
    }

    private void load() {
        List<String> keys = jdbc.query("SELECT connector_id, event_key FROM webhook_event ORDER BY accepted_at DESC LIMIT ?",
                (rs, i) -> key(rs.getString(1), rs.getString(2)), capacity);
        synchronized (recent) {
            for (int i = keys.size() - 1; i >= 0; i--) {
                recent.put(keys.get(i), Boolean.TRUE);
            }
        }
    }

    @Override
    public boolean seen(String connectorId, String eventKey) {
        synchronized (recent) {
            return recent.containsKey(key(connectorId, eventKey));
        }
    }

    @Override
    public void remember(String connectorId, String eventKey) {
        synchronized (recent) {
            recent.put(key(connectorId, eventKey), Boolean.TRUE);
        }
        Object[] row = {connectorId, eventKey, Timestamp.from(clock.instant())};
        if (!writer.offer(row)) {
            insert(java.util.Collections.singletonList(row));
        }
    }

    private void insert(List<Object[]> rows) {
        jdbc.batchUpdate("INSERT INTO webhook_event (connector_id, event_key, accepted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                rows);
    }

    /** Writes the keys still queued (tests, shutdown). */
    public void flush() {
        writer.flush();
    }

    private static String key(String connectorId, String eventKey) {
        return connectorId + '\u0000' + eventKey;
    }

    @Override
    public void close() {
        writer.close();
    }
}
