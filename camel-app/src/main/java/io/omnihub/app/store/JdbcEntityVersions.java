package io.omnihub.app.store;

import io.omnihub.routes.store.EntityVersions;
import java.sql.Timestamp;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link EntityVersions} on the {@code entity_version} table: a conditional UPDATE (only to a
 * version not older than the stored one), else an INSERT ... ON CONFLICT DO NOTHING for a new
 * entity, retried once if a concurrent insert won. Portable between H2 and PostgreSQL.
 */
public class JdbcEntityVersions implements EntityVersions {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcEntityVersions(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public boolean isNewer(String entityKey, String sortKey) {
        String key = entityKey.length() > 512 ? entityKey.substring(0, 512) : entityKey;
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM entity_version WHERE subject = ? AND sort_key >= ?",
                Integer.class, key, sortKey);
        return n == null || n == 0;
    }

    @Override
    public boolean advance(String entityKey, String version, String sortKey, boolean allowEqual) {
        return advance(entityKey, version, sortKey, allowEqual, null);
    }

    @Override
    public boolean advance(String entityKey, String version, String sortKey, boolean allowEqual, String sourceRef) {
        String src = sourceRef == null ? null : (sourceRef.length() > 320 ? sourceRef.substring(0, 320) : sourceRef);
        String key = entityKey.length() > 512 ? entityKey.substring(0, 512) : entityKey;
        String v = version.length() > 128 ? version.substring(0, 128) : version;
        for (int i = 0; i < 2; i++) {
            Timestamp now = Timestamp.from(clock.instant());
            int updated = jdbc.update("UPDATE entity_version SET entity_version = ?, sort_key = ?, updated_at = ?, source_ref = ?"
                    + " WHERE subject = ? AND (sort_key IS NULL OR sort_key " + (allowEqual ? "<=" : "<") + " ?"
                    + " OR (sort_key = ? AND source_ref = ?))",
                    v, sortKey, now, src, key, sortKey, sortKey, src);
            if (updated == 1) {
                return true;
            }
            int inserted = jdbc.update("INSERT INTO entity_version (subject, entity_version, sort_key, updated_at, source_ref)"
                    + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", key, v, sortKey, now, src);
            if (inserted == 1) {
                return true;
            }
            Integer newer = jdbc.queryForObject("SELECT COUNT(*) FROM entity_version WHERE subject = ? AND sort_key "
                    + (allowEqual ? ">" : ">=") + " ?", Integer.class, key, sortKey);
            if (newer != null && newer > 0) {
                return false;
            }
        }
        return true;
    }
}
