package io.omnihub.app.store;

import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.store.RawArchive;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link RawArchive} in the {@code raw_event} table. Authorization and cookie headers are never
 * stored; the body is stored as received. Purged after the retention.
 */
public class JdbcRawArchive implements RawArchive {

    private static final String INSERT = "INSERT INTO raw_event (connector_id, event_key, received_at, request_url, headers, body)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final BatchWriter<Object[]> writer;

    public JdbcRawArchive(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        // off the publish transaction: the raw event itself is durable in the broker until published,
        // the archive is for audit and re-mapping; a crash can lose the last ~200 ms of archive rows
        this.writer = new BatchWriter<>("raw-archive", 5_000, 200, java.time.Duration.ofMillis(200),
                rows -> jdbc.batchUpdate(INSERT, rows));
    }

    @Override
    public void archive(WebhookRequest request, String eventKey) {
        Map<String, Object> headers = new TreeMap<>();
        request.headers().forEach((k, v) -> {
            String l = k.toLowerCase(Locale.ROOT);
            if (!l.equals("authorization") && !l.equals("cookie") && !l.equals("proxy-authorization")) {
                headers.put(k, v);
            }
        });
        String headerJson;
        try {
            headerJson = Json.mapper().writeValueAsString(headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            headerJson = "{}";
        }
        String url = request.url() != null && request.url().length() > 2000 ? request.url().substring(0, 2000) : request.url();
        Object[] row = {request.connectorId(), eventKey.length() > 255 ? eventKey.substring(0, 255) : eventKey,
                Timestamp.from(request.receivedAt()), url, headerJson, request.body()};
        if (!writer.offer(row)) {
            jdbc.update(INSERT, row);
        }
    }

    public int purgeOlderThan(Duration retention) {
        return jdbc.update("DELETE FROM raw_event WHERE received_at < ?", Timestamp.from(clock.instant().minus(retention)));
    }

    /** Writes the archive rows still queued. */
    public void flush() {
        writer.flush();
    }

    @jakarta.annotation.PreDestroy
    public void close() {
        writer.close();
    }

    public long count(String connectorId) {
        flush();
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM raw_event WHERE connector_id = ?", Long.class, connectorId);
        return n == null ? 0 : n;
    }
}
