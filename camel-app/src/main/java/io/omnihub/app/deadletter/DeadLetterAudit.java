package io.omnihub.app.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code dead_letter_audit} table (migration V3): one row per unmasked inspection, replay,
 * edit-and-replay or discard of a dead letter, written in the caller's database transaction when there is one.
 */
public class DeadLetterAudit {

    /** What was done to a dead letter. */
    public enum Action { INSPECT_UNMASKED, REPLAY, EDIT_AND_REPLAY, DISCARD }

    /** One audit row. */
    public record Entry(long id, Instant at, String actor, String action, String queue, String messageId,
                        String subject, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeadLetterAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Inserts one row stamped with the current time. */
    public void record(Action action, String actor, String queue, String messageId, String subject, String detail) {
        jdbc.update("INSERT INTO dead_letter_audit (at, actor, action, queue, message_id, subject, detail) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC), cut(actor, 255), action.name(),
                cut(queue, 255), cut(messageId, 255), cut(subject, 512), cut(detail, 2000));
    }

    /** Newest first; every argument but {@code limit} is an optional exact-match filter. */
    public List<Entry> list(int limit, String action, String queue, String messageId) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, at, actor, action, queue, message_id, subject, detail FROM dead_letter_audit WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (queue != null) {
            sql.append(" AND queue = ?");
            args.add(queue);
        }
        if (messageId != null) {
            sql.append(" AND message_id = ?");
            args.add(messageId);
        }
        sql.append(" ORDER BY at DESC, id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new Entry(rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"), rs.getString("action"),
                rs.getString("queue"), rs.getString("message_id"), rs.getString("subject"), rs.getString("detail")),
                args.toArray());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
