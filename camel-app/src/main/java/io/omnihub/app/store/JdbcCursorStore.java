package io.omnihub.app.store;

import io.omnihub.routes.store.CursorStore;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/** Polling cursors in the {@code poll_cursor} table. */
public class JdbcCursorStore implements CursorStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcCursorStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Instant> get(String connectorId, String kind) {
        List<String> v = jdbc.queryForList("SELECT cursor_value FROM poll_cursor WHERE connector_id = ? AND kind = ?",
                String.class, connectorId, kind);
        return v.isEmpty() ? Optional.empty() : Optional.of(Instant.parse(v.get(0)));
    }

    @Override
    public void put(String connectorId, String kind, Instant cursor) {
        Timestamp now = Timestamp.from(clock.instant());
        int n = jdbc.update("UPDATE poll_cursor SET cursor_value = ?, updated_at = ? WHERE connector_id = ? AND kind = ?",
                cursor.toString(), now, connectorId, kind);
        if (n == 0) {
            jdbc.update("INSERT INTO poll_cursor (connector_id, kind, cursor_value, updated_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", connectorId, kind, cursor.toString(), now);
        }
    }
}
