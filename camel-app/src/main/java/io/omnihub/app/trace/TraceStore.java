package io.omnihub.app.trace;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The {@code trace_hop} table (migration V7): batch inserts, reads per subject, subject searches by
 * order number or subject prefix, and the retention purge. Plain SQL that H2 (PostgreSQL mode) and
 * PostgreSQL both accept.
 */
public class TraceStore {

    private static final RowMapper<TraceHop> ROW = (rs, i) -> new TraceHop(
            rs.getObject("at", OffsetDateTime.class).toInstant(), Hop.valueOf(rs.getString("hop")),
            rs.getString("subject"), rs.getString("order_number"), rs.getString("connector_id"),
            rs.getString("destination_id"), rs.getString("event_id"), rs.getString("event_type"),
            rs.getString("ref"), rs.getString("detail"));

    private final JdbcTemplate jdbc;

    public TraceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the hops in list order (ids ascend in that order) as one JDBC batch. */
    public void insert(List<TraceHop> hops) {
        if (hops.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(hops.size());
        for (TraceHop h : hops) {
            args.add(new Object[] {cut(h.subject(), 512), cut(h.orderNumber(), 255), cut(h.connector(), 63),
                cut(h.destination(), 63), h.hop().name(), cut(h.eventId(), 255), cut(h.eventType(), 255),
                cut(h.ref(), 512), cut(h.detail(), 1000), OffsetDateTime.ofInstant(h.at(), ZoneOffset.UTC)});
        }
        jdbc.batchUpdate("INSERT INTO trace_hop (subject, order_number, connector_id, destination_id, hop, event_id, "
                + "event_type, ref, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", args);
    }

    /** The newest {@code max} hops of a subject, returned oldest first (time, then insertion order). */
    public List<TraceHop> hops(String subject, int max) {
        List<TraceHop> newestFirst = jdbc.query("SELECT * FROM trace_hop WHERE subject = ? ORDER BY at DESC, id DESC LIMIT ?",
                ROW, subject, max);
        List<TraceHop> out = new ArrayList<>(newestFirst);
        Collections.reverse(out);
        return out;
    }

    /** The distinct order numbers recorded for a subject. */
    public List<String> orderNumbers(String subject) {
        return jdbc.queryForList("SELECT DISTINCT order_number FROM trace_hop WHERE subject = ? AND order_number IS NOT NULL "
                + "ORDER BY order_number", String.class, subject);
    }

    /**
     * Subjects matching every given criterion (null = any), most recently active first.
     *
     * @param orderNumber   exact platform order number
     * @param subjectPrefix subject prefix (matched literally)
     * @param subject       exact subject
     * @param connector     connector id of a matching hop
     */
    public List<String> subjects(String orderNumber, String subjectPrefix, String subject, String connector, int limit) {
        StringBuilder sql = new StringBuilder("SELECT subject, MAX(at) AS last_at FROM trace_hop WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (orderNumber != null) {
            sql.append(" AND order_number = ?");
            args.add(orderNumber);
        }
        if (subjectPrefix != null) {
            sql.append(" AND subject LIKE ? ESCAPE '\\'");
            args.add(likeEscape(subjectPrefix) + "%");
        }
        if (subject != null) {
            sql.append(" AND subject = ?");
            args.add(subject);
        }
        if (connector != null) {
            sql.append(" AND connector_id = ?");
            args.add(connector);
        }
        sql.append(" GROUP BY subject ORDER BY last_at DESC, subject LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> rs.getString("subject"), args.toArray());
    }

    /** Deletes hops older than the cutoff; returns how many. */
    public int purgeOlderThan(Instant cutoff) {
        return jdbc.update("DELETE FROM trace_hop WHERE at < ?", OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
    }

    static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
