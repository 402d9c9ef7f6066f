package io.omnihub.app.stock;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.connector.api.capability.StockReader;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.stock.StockFanout;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Drift correction (issue 5): for every channel whose connector offers a {@link StockReader} and whose
 * {@code spec.flows.stock.driftInterval} is not zero (default 15 minutes), reads back the quantities the
 * channel lists for the SKUs the pool pushed to it, compares them with what the hub last pushed
 * ({@code stock_channel_state.pushed_quantity}) and, where they differ, queues the pool's current
 * quantity on the channel's normal push queue (coalescing, batching and rate limits apply). Items pushed
 * within the last {@link #SETTLE} are skipped (a push may be on its way). A drifted item's last accepted quantity
 * becomes the one read back, so the correcting push's compare-and-set expects what the channel holds now. Records the last check per item
 * (shown by {@code GET /api/v1/stock/{sku}}) and counts corrections in {@code omnihub.stock.drift.corrected}.
 */
public class StockDriftCheck {

    private static final Logger LOG = LoggerFactory.getLogger(StockDriftCheck.class);
    /** The per-connector option naming the interval. */
    public static final String OPTION = "flows.stock.driftInterval";
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    static final Duration SETTLE = Duration.ofSeconds(2);
    static final int MAX_ITEMS_PER_CHECK = 5_000;

    private final JdbcTemplate jdbc;
    private final HubRegistry registry;
    private final StockPool pool;
    private final Consumer<StockFanout.PushMessage> sender;
    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Instant> lastRun = new ConcurrentHashMap<>();

    public StockDriftCheck(DataSource dataSource, HubRegistry registry, StockPool pool, Consumer<StockFanout.PushMessage> sender,
                           MeterRegistry meters, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.registry = registry;
        this.pool = pool;
        this.sender = sender;
        this.meters = meters;
        this.clock = clock;
    }

    /** Sends a push message to its channel's last-value queue (headers as the pool's own pushes). */
    public static Map<String, Object> headers(StockFanout.PushMessage pm) {
        return Map.of(HubHeaders.LAST_VALUE, pm.key(), HubHeaders.CONNECTOR_ID, pm.connectorId());
    }

    public static String endpoint(StockFanout.PushMessage pm) {
        return "jms:queue:" + Addresses.stockPush(pm.connectorId()) + "?deliveryPersistent=true";
    }

    /** Called by a timer: checks every channel whose interval has passed. */
    public void tick() {
        Instant now = clock.instant();
        for (Channel ch : registry.channels()) {
            if (ch.connector().capability(StockReader.class).isEmpty() || ch.stockSink().isEmpty()) {
                continue;
            }
            Duration interval;
            try {
                interval = ch.config().duration(OPTION, DEFAULT_INTERVAL);
            } catch (RuntimeException e) {
                continue; // validated at load time; never here
            }
            if (interval.isZero() || interval.isNegative()) {
                continue;
            }
            Instant last = lastRun.get(ch.id());
            if (last != null && last.plus(interval).isAfter(now)) {
                continue;
            }
            lastRun.put(ch.id(), now);
            try {
                int corrected = check(ch.id());
                if (corrected > 0) {
                    LOG.info("stock drift on {}: {} quantities differed from what the hub pushed; corrected", ch.id(), corrected);
                }
            } catch (RuntimeException e) {
                LOG.warn("stock drift check of {} failed: {}", ch.id(), e.toString());
            }
        }
    }

    /** Reads back one channel's quantities, queues corrections; returns how many items drifted. */
    public int check(String connectorId) {
        StockReader reader = registry.channel(connectorId).flatMap(c -> c.connector().capability(StockReader.class)).orElse(null);
        if (reader == null) {
            return 0;
        }
        Instant started = clock.instant();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT sku, location_id, pushed_quantity FROM stock_channel_state"
                + " WHERE connector_id = ? AND pushed_quantity IS NOT NULL AND pushed_at < ?"
                + " ORDER BY drift_checked_at NULLS FIRST, sku LIMIT " + MAX_ITEMS_PER_CHECK,
                connectorId, Timestamp.from(started.minus(SETTLE)));
        int size = Math.max(1, reader.maxReadBatchSize());
        int corrected = 0;
        for (int from = 0; from < rows.size(); from += size) {
            List<Map<String, Object>> page = rows.subList(from, Math.min(rows.size(), from + size));
            List<StockReader.StockKey> keys = new ArrayList<>();
            page.forEach(r -> keys.add(new StockReader.StockKey((String) r.get("sku"), (String) r.get("location_id"))));
            List<StockReader.ListedQuantity> listed = reader.read(keys);
            Timestamp ts = Timestamp.from(clock.instant());
            for (int i = 0; i < page.size() && i < listed.size(); i++) {
                StockReader.ListedQuantity lq = listed.get(i);
                long pushed = ((Number) page.get(i).get("pushed_quantity")).longValue();
                String sku = keys.get(i).sku();
                String loc = keys.get(i).locationId();
                if (!lq.known()) {
                    jdbc.update("UPDATE stock_channel_state SET drift_checked_at = ?, drift_seen_quantity = NULL WHERE connector_id = ?"
                            + " AND sku = ? AND location_id = ?", ts, connectorId, sku, loc);
                    continue;
                }
                // only what the hub pushed and still stands is compared: a push after the read started is newer
                int n = jdbc.update("UPDATE stock_channel_state SET drift_checked_at = ?, drift_seen_quantity = ? WHERE connector_id = ?"
                        + " AND sku = ? AND location_id = ? AND pushed_quantity = ?", ts, lq.quantity(), connectorId, sku, loc, pushed);
                if (n == 0 || lq.quantity() == pushed) {
                    continue;
                }
                StockFanout.PushMessage pm = pool.currentPush(connectorId, sku, loc);
                if (pm == null) {
                    continue;
                }
                // the quantity just read back is what the channel holds: the correcting push expects it (compare-and-set),
                // so it overwrites the drift deliberately but not a sale that happens after this read
                jdbc.update("UPDATE stock_channel_state SET pushed_quantity = ? WHERE connector_id = ? AND sku = ? AND location_id = ?"
                        + " AND pushed_quantity = ?", lq.quantity(), connectorId, sku, loc, pushed);
                sender.accept(pm);
                jdbc.update("UPDATE stock_channel_state SET drift_corrected_at = ?, drift_corrections = COALESCE(drift_corrections, 0) + 1"
                        + " WHERE connector_id = ? AND sku = ? AND location_id = ?", ts, connectorId, sku, loc);
                corrected++;
            }
        }
        if (corrected > 0) {
            meters.counter("omnihub.stock.drift.corrected", "connector", connectorId).increment(corrected);
        }
        return corrected;
    }
}
