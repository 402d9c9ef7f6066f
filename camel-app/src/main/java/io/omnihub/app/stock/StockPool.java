package io.omnihub.app.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.stock.StockFanout;
import io.omnihub.routes.stock.StockLevelInput;
import io.omnihub.routes.stock.StockPushWorker;
import io.omnihub.routes.store.VersionKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One stock pool for all channels (docs/adr/0010-stock-pool.md): back-office levels per SKU and
 * location, reservations per channel order line, and per channel the quantity the stock policy
 * allows. Every change of a SKU runs in one database transaction that first locks the SKU's row, so
 * two channels selling the last unit are decided one after the other: the first reservation is
 * covered, the second is short and its order is flagged {@code OVERSOLD}. After each change the
 * channels' quantities are recomputed and returned as push messages for the last-value push queues.
 */
public class StockPool implements StockFanout.Allocator, StockPushWorker.StockPushListener, StockPushWorker.QuantitySource {

    private static final Logger LOG = LoggerFactory.getLogger(StockPool.class);

    /** The exception code of an order the pool could not cover. */
    public static final String OVERSOLD = "OVERSOLD";
    /** JMS property marking the pool's own order events (its consumer ignores them). */
    public static final String ORIGIN_HEADER = "OmnihubOrigin";
    public static final String ORIGIN = "stockpool";

    static final Set<String> RESERVING = Set.of("DRAFT", "PENDING_PAYMENT", "ON_HOLD", "OPEN", "PARTIALLY_FULFILLED");
    static final Set<String> SHIPPED = Set.of("FULFILLED", "DELIVERED", "COMPLETED");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final HubRegistry registry;
    private final Supplier<StockPolicy> policy;
    private final Clock clock;
    /** Orders and refunds of this instance apply one at a time (a refund never races its own order's first version). */
    private final Object orderLock = new Object();

    public StockPool(DataSource dataSource, HubRegistry registry, Supplier<StockPolicy> policy, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.registry = registry;
        this.policy = policy;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- back-office levels

    @Override
    public List<StockFanout.PushMessage> levelReceived(StockLevelInput level) {
        return levelsReceived(List.of(level));
    }

    /**
     * Applies a batch of levels in one transaction (SKUs locked in sorted order) and recomputes each
     * touched SKU once, so superseded levels of the same batch are never pushed.
     */
    @Override
    public List<StockFanout.PushMessage> levelsReceived(List<StockLevelInput> levels) {
        if (levels.isEmpty()) {
            return List.of();
        }
        TreeMap<String, List<StockLevelInput>> bySku = new TreeMap<>();
        for (StockLevelInput l : levels) {
            bySku.computeIfAbsent(l.sku(), k -> new ArrayList<>()).add(l);
        }
        return tx.execute(st -> {
            Instant now = clock.instant();
            StockPolicy p = policy.get();
            List<StockFanout.PushMessage> out = new ArrayList<>();
            for (Map.Entry<String, List<StockLevelInput>> e : bySku.entrySet()) {
                long revision = lock(e.getKey(), now);
                for (StockLevelInput level : e.getValue()) {
                    applyLevel(level, now);
                }
                out.addAll(recompute(e.getKey(), revision, true, p, now));
            }
            return out;
        });
    }

    private void applyLevel(StockLevelInput level, Instant now) {
        {
            long onHand = whole(level.onHand());
            long reserved = whole(level.reserved());
            long incoming = whole(level.incoming());
            Timestamp asOf = Timestamp.from(level.asOf());
            int n = jdbc.update("UPDATE stock_level SET on_hand = ?, reserved = ?, incoming = ?, as_of = ?, received_at = ?"
                            + " WHERE sku = ? AND location_id = ? AND as_of <= ?", onHand, reserved, incoming, asOf,
                    Timestamp.from(now), level.sku(), level.locationId(), asOf);
            if (n == 0) {
                n = jdbc.update("INSERT INTO stock_level (sku, location_id, on_hand, reserved, incoming, as_of, received_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", level.sku(), level.locationId(), onHand,
                        reserved, incoming, asOf, Timestamp.from(now));
            }
            if (n == 0) {
                LOG.debug("stock level {}@{} as of {} is older than the stored one; ignored", level.sku(), level.locationId(), level.asOf());
            } else {
                // The back office counted every order it had seen at asOf (never later than now): no double subtraction.
                Instant counted = level.asOf().isAfter(now) ? now : level.asOf();
                jdbc.update("UPDATE stock_sku SET counted_before = ? WHERE sku = ? AND (counted_before IS NULL OR counted_before < ?)",
                        Timestamp.from(counted), level.sku(), Timestamp.from(counted));
                jdbc.update("UPDATE stock_reservation SET counted_at = ?, updated_at = ? WHERE sku = ? AND counted_at IS NULL"
                                + " AND state IN ('ACTIVE', 'FULFILLED') AND created_at < ?", Timestamp.from(now), Timestamp.from(now),
                        level.sku(), Timestamp.from(counted));
            }
        }
    }

    // ---------------------------------------------------------------- orders

    /** What an order event changed: quantities to push and, for an order that could not be covered, a flagged copy. */
    public record OrderOutcome(List<StockFanout.PushMessage> pushes, List<FlaggedOrder> flagged) {
    }

    /** A flagged {@code io.omnihub.order.upserted.v1} to publish on {@code omnihub.order}. */
    public record FlaggedOrder(String subject, String type, String dedupeKey, String entityVersion, String id, String json) {
    }

    /** Applies one canonical order CloudEvent (JSON): reserves, adjusts or releases its lines. Idempotent per version. */
    public OrderOutcome orderReceived(String cloudEventJson) {
        JsonNode ce;
        try {
            ce = Json.mapper().readTree(cloudEventJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("order event is not JSON: " + e.getMessage());
        }
        JsonNode data = ce.path("data");
        String orderId = data.path("orderId").asText(null);
        if (orderId == null || !"io.omnihub.order.upserted.v1".equals(ce.path("type").asText())) {
            return new OrderOutcome(List.of(), List.of());
        }
        String connectorId = data.path("channel").path("connectorId").asText(data.path("source").path("connectorId").asText(""));
        String status = data.path("status").asText("OPEN");
        String version = ce.path("omnihubentityversion").asText(data.path("updatedAt").asText(""));
        String sortKey = VersionKeys.sortKey(version);
        Map<String, long[]> ordered = new LinkedHashMap<>(); // lineId -> {quantity, quantityRefunded}
        Map<String, String> lineSku = new HashMap<>();
        for (JsonNode line : data.path("lines")) {
            String sku = line.path("sku").asText("");
            if (sku.isBlank()) {
                continue;
            }
            String lineId = line.path("lineId").asText(sku);
            long q = whole(line.path("quantity").decimalValue());
            long refunded = line.hasNonNull("quantityRefunded") ? whole(line.get("quantityRefunded").decimalValue()) : 0;
            long[] acc = ordered.computeIfAbsent(lineId, k -> new long[2]);
            acc[0] += q;
            acc[1] += refunded;
            lineSku.put(lineId, sku);
        }
        List<RefundInput> embedded = new ArrayList<>();
        for (JsonNode r : data.path("refunds")) {
            RefundInput ri = RefundInput.from(r, orderId);
            if (ri != null) {
                embedded.add(ri);
            }
        }
        TreeSet<String> skus = new TreeSet<>(lineSku.values());
        synchronized (orderLock) {
            return applyOrder(ce, orderId, connectorId, status, version, sortKey, ordered, lineSku, embedded, skus);
        }
    }

    private OrderOutcome applyOrder(JsonNode ce, String orderId, String connectorId, String status, String version, String sortKey,
                                    Map<String, long[]> ordered, Map<String, String> lineSku, List<RefundInput> embedded,
                                    TreeSet<String> skus) {
        return tx.execute(st -> {
            Instant now = clock.instant();
            Map<String, Long> revisions = new TreeMap<>();
            for (String sku : skus) { // sorted: two orders never lock in opposite orders
                revisions.put(sku, lock(sku, now));
            }
            List<Map<String, Object>> known = jdbc.queryForList(
                    "SELECT sort_key, exception_code FROM stock_order WHERE order_id = ? FOR UPDATE", orderId);
            String storedKey = known.isEmpty() ? null : (String) known.get(0).get("sort_key");
            String exception = known.isEmpty() ? null : (String) known.get(0).get("exception_code");
            if (storedKey != null && storedKey.compareTo(sortKey) > 0) {
                return new OrderOutcome(List.of(), List.of()); // an older version: the newer one already applied
            }
            boolean redelivery = storedKey != null && storedKey.equals(sortKey);
            boolean newlyShort = false;
            if (!redelivery) {
                for (RefundInput r : embedded) {
                    storeRefund(r, now);
                }
                Map<String, Long> restocked = restockedByLine(orderId);
                for (Map.Entry<String, long[]> e : ordered.entrySet()) {
                    long q = e.getValue()[0];
                    // refunds with line details say whether goods went back to stock; without them (platforms that only
                    // report quantityRefunded) a refunded unit is released as before
                    Long back = restocked.get(e.getKey());
                    long release = back != null ? back : e.getValue()[1];
                    newlyShort |= applyLine(orderId, connectorId, e.getKey(), lineSku.get(e.getKey()), q, Math.max(0, q - release),
                            status, now);
                }
                if (newlyShort) {
                    exception = OVERSOLD;
                }
                if ("CANCELLED".equals(status)) {
                    exception = null; // nothing left to cover
                }
                Timestamp ts = Timestamp.from(now);
                String v = version.length() > 128 ? version.substring(0, 128) : version;
                int n = jdbc.update("UPDATE stock_order SET entity_version = ?, sort_key = ?, status = ?, exception_code = ?, updated_at = ?"
                        + " WHERE order_id = ?", v, sortKey, status, exception, ts, orderId);
                if (n == 0) {
                    jdbc.update("INSERT INTO stock_order (order_id, connector_id, entity_version, sort_key, status, exception_code, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", orderId, connectorId, v, sortKey, status, exception, ts);
                }
            }
            List<StockFanout.PushMessage> pushes = new ArrayList<>();
            StockPolicy p = policy.get();
            for (String sku : skus) {
                pushes.addAll(recompute(sku, revisions.get(sku), redelivery, p, now));
            }
            List<FlaggedOrder> flagged = OVERSOLD.equals(exception) && !"CANCELLED".equals(status)
                    ? List.of(flag(ce, version)) : List.of();
            return new OrderOutcome(pushes, flagged);
        });
    }

    /** Sets one line's reservation; true when the line could not be fully covered by the pool. */
    private boolean applyLine(String orderId, String connectorId, String lineId, String sku, long orderedQty, long qty, String status,
                              Instant now) {
        Timestamp ts = Timestamp.from(now);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT quantity, state FROM stock_reservation WHERE order_id = ? AND line_id = ?", orderId, lineId);
        boolean cancelled = "CANCELLED".equals(status);
        if (rows.isEmpty()) {
            if (cancelled || qty == 0) {
                return false;
            }
            long shortBy = shortfall(sku, qty);
            Timestamp countedBefore = jdbc.queryForObject("SELECT counted_before FROM stock_sku WHERE sku = ?", Timestamp.class, sku);
            // the back office cannot have counted an order that reaches the hub after its newest level: counted stays null
            jdbc.update("INSERT INTO stock_reservation (order_id, line_id, sku, connector_id, quantity, short_quantity, state,"
                            + " created_at, counted_at, updated_at, ordered_quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    orderId, lineId, sku, connectorId, qty, shortBy, SHIPPED.contains(status) ? "FULFILLED" : "ACTIVE", ts,
                    countedBefore != null && countedBefore.after(ts) ? ts : null, ts, orderedQty);
            return shortBy > 0;
        }
        long current = ((Number) rows.get(0).get("quantity")).longValue();
        String state = (String) rows.get(0).get("state");
        if ("RELEASED".equals(state)) {
            return false; // a released line is never reserved again
        }
        if (cancelled) {
            jdbc.update("UPDATE stock_reservation SET state = 'RELEASED', released_reason = 'CANCELLED', updated_at = ?"
                    + " WHERE order_id = ? AND line_id = ?", ts, orderId, lineId);
            return false;
        }
        if (qty == 0) {
            jdbc.update("UPDATE stock_reservation SET state = 'RELEASED', released_reason = 'REFUNDED', quantity = 0, ordered_quantity = ?,"
                    + " updated_at = ? WHERE order_id = ? AND line_id = ?", orderedQty, ts, orderId, lineId);
            return false;
        }
        long extraShort = qty > current ? shortfall(sku, qty - current) : 0;
        jdbc.update("UPDATE stock_reservation SET quantity = ?, short_quantity = LEAST(short_quantity + ?, ?), state = ?, ordered_quantity = ?,"
                        + " updated_at = ? WHERE order_id = ? AND line_id = ?", qty, extraShort, qty,
                SHIPPED.contains(status) ? "FULFILLED" : "ACTIVE", orderedQty, ts, orderId, lineId);
        return extraShort > 0;
    }

    /** How many of {@code qty} units the pool cannot cover (0 when the back office never reported the SKU). */
    private long shortfall(String sku, long qty) {
        List<Map<String, Object>> levels = jdbc.queryForList("SELECT on_hand, reserved FROM stock_level WHERE sku = ?", sku);
        if (levels.isEmpty()) {
            return 0;
        }
        long free = 0;
        for (Map<String, Object> l : levels) {
            free += Math.max(0, ((Number) l.get("on_hand")).longValue() - ((Number) l.get("reserved")).longValue());
        }
        free -= uncountedReservations(sku);
        return Math.max(0, qty - Math.max(0, free));
    }

    // ---------------------------------------------------------------- refunds

    /** One refund with its lines, from a refund event or an order's {@code refunds[]}. */
    record RefundInput(String refundId, String orderId, String status, Map<String, long[]> lines) {

        /** lines: lineId -> {quantity, restock ? 1 : 0}; null when the refund has no id or no lines. */
        static RefundInput from(JsonNode r, String orderId) {
            String id = r.path("refundId").asText(null);
            if (id == null || id.isBlank() || orderId == null || orderId.isBlank()) {
                return null;
            }
            Map<String, long[]> lines = new LinkedHashMap<>();
            for (JsonNode l : r.path("lines")) {
                String lineId = l.path("lineId").asText("");
                if (lineId.isBlank()) {
                    continue;
                }
                long[] acc = lines.computeIfAbsent(lineId, k -> new long[2]);
                acc[0] += whole(l.path("quantity").decimalValue());
                acc[1] = l.path("restock").asBoolean(false) ? 1 : 0;
            }
            return lines.isEmpty() ? null : new RefundInput(id, orderId, r.path("status").asText("SUCCEEDED"), lines);
        }
    }

    /**
     * Applies one canonical refund CloudEvent ({@code io.omnihub.refund.updated.v1}): a SUCCEEDED refund
     * releases the restocked quantity of each of its order lines' reservations and keeps what was not
     * restocked (the goods are gone). Idempotent per refund id, and the same refund embedded in an order's
     * {@code refunds[]} counts once. Returns the quantities to push.
     */
    public List<StockFanout.PushMessage> refundReceived(String cloudEventJson) {
        JsonNode ce;
        try {
            ce = Json.mapper().readTree(cloudEventJson);
        } catch (IOException e) {
            throw new IllegalArgumentException("refund event is not JSON: " + e.getMessage());
        }
        if (!"io.omnihub.refund.updated.v1".equals(ce.path("type").asText())) {
            return List.of();
        }
        JsonNode data = ce.path("data");
        RefundInput refund = RefundInput.from(data, data.path("orderRef").asText(null));
        if (refund == null) {
            return List.of(); // no order or no line details (e.g. an amount-only payment refund): nothing to release
        }
        synchronized (orderLock) {
            return tx.execute(st -> applyRefund(refund, clock.instant()));
        }
    }

    private List<StockFanout.PushMessage> applyRefund(RefundInput refund, Instant now) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT line_id, sku FROM stock_reservation WHERE order_id = ?",
                refund.orderId());
        TreeSet<String> skus = new TreeSet<>();
        Map<String, String> lineSku = new HashMap<>();
        for (Map<String, Object> r : rows) {
            skus.add((String) r.get("sku"));
            lineSku.put((String) r.get("line_id"), (String) r.get("sku"));
        }
        Map<String, Long> revisions = new TreeMap<>();
        for (String sku : skus) {
            revisions.put(sku, lock(sku, now));
        }
        List<Map<String, Object>> order = jdbc.queryForList(
                "SELECT connector_id, status FROM stock_order WHERE order_id = ? FOR UPDATE", refund.orderId());
        boolean changed = storeRefund(refund, now);
        if (!changed || order.isEmpty()) {
            return List.of(); // seen before, not (yet) succeeded, or the order is not known yet (it reads the refund when it comes)
        }
        String connectorId = (String) order.get(0).get("connector_id");
        String status = (String) order.get(0).get("status");
        Map<String, Long> restocked = restockedByLine(refund.orderId());
        TreeSet<String> touched = new TreeSet<>();
        for (String lineId : refund.lines().keySet()) {
            String sku = lineSku.get(lineId);
            if (sku == null) {
                continue;
            }
            Long orderedQty = jdbc.queryForObject("SELECT COALESCE(ordered_quantity, quantity) FROM stock_reservation"
                    + " WHERE order_id = ? AND line_id = ?", Long.class, refund.orderId(), lineId);
            long q = orderedQty == null ? 0 : orderedQty;
            applyLine(refund.orderId(), connectorId, lineId, sku, q, Math.max(0, q - restocked.getOrDefault(lineId, 0L)), status, now);
            touched.add(sku);
        }
        List<StockFanout.PushMessage> pushes = new ArrayList<>();
        StockPolicy p = policy.get();
        for (String sku : touched) {
            pushes.addAll(recompute(sku, revisions.get(sku), false, p, now));
        }
        return pushes;
    }

    /** Records a refund; true when it newly counts (first seen as SUCCEEDED, or turned SUCCEEDED now). */
    private boolean storeRefund(RefundInput r, Instant now) {
        Timestamp ts = Timestamp.from(now);
        List<String> known = jdbc.queryForList("SELECT status FROM stock_refund WHERE refund_id = ? FOR UPDATE", String.class, r.refundId());
        boolean succeeded = "SUCCEEDED".equals(r.status());
        if (known.isEmpty()) {
            jdbc.update("INSERT INTO stock_refund (refund_id, order_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?)"
                    + " ON CONFLICT DO NOTHING", r.refundId(), r.orderId(), r.status(), ts, ts);
            for (Map.Entry<String, long[]> l : r.lines().entrySet()) {
                jdbc.update("INSERT INTO stock_refund_line (refund_id, line_id, quantity, restock) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                        r.refundId(), l.getKey(), l.getValue()[0], l.getValue()[1] == 1);
            }
            return succeeded;
        }
        if ("SUCCEEDED".equals(known.get(0)) || known.get(0).equals(r.status())) {
            return false; // a succeeded refund stays counted; the same refund again changes nothing
        }
        jdbc.update("UPDATE stock_refund SET status = ?, updated_at = ? WHERE refund_id = ?", r.status(), ts, r.refundId());
        return succeeded;
    }

    /** Per order line: units that SUCCEEDED refunds with line details put back to stock; a line no refund mentions is absent. */
    private Map<String, Long> restockedByLine(String orderId) {
        Map<String, Long> out = new HashMap<>();
        jdbc.query("SELECT l.line_id, SUM(CASE WHEN l.restock AND r.status = 'SUCCEEDED' THEN l.quantity ELSE 0 END)"
                + " FROM stock_refund r JOIN stock_refund_line l ON l.refund_id = r.refund_id WHERE r.order_id = ?"
                + " GROUP BY l.line_id", rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                }, orderId);
        return out;
    }

    private FlaggedOrder flag(JsonNode ce, String version) {
        ObjectNode data = ((ObjectNode) ce.path("data")).deepCopy();
        data.put("exceptionCode", OVERSOLD);
        String connectorId = data.path("channel").path("connectorId").asText();
        String subject = ce.path("subject").asText();
        String entityVersion = version + "+" + OVERSOLD.toLowerCase(java.util.Locale.ROOT);
        String entity = subject.startsWith(connectorId + ":") ? subject.substring(connectorId.length() + 1) : subject;
        String dedupe = connectorId + ":" + entity + ":" + entityVersion;
        String type = "io.omnihub.order.upserted.v1";
        String id = UUID.nameUUIDFromBytes((type + "|" + dedupe).getBytes(StandardCharsets.UTF_8)).toString();
        ObjectNode out = ((ObjectNode) ce).deepCopy();
        out.put("id", id);
        out.put("omnihubdedupekey", dedupe);
        out.put("omnihubentityversion", entityVersion);
        out.set("data", data);
        return new FlaggedOrder(subject, type, dedupe, entityVersion, id, out.toString());
    }

    // ---------------------------------------------------------------- computing channel quantities

    private long lock(String sku, Instant now) {
        jdbc.update("INSERT INTO stock_sku (sku, revision, updated_at) VALUES (?, 0, ?) ON CONFLICT DO NOTHING", sku, Timestamp.from(now));
        Long rev = jdbc.queryForObject("SELECT revision FROM stock_sku WHERE sku = ? FOR UPDATE", Long.class, sku);
        long next = (rev == null ? 0 : rev) + 1;
        jdbc.update("UPDATE stock_sku SET revision = ?, updated_at = ? WHERE sku = ?", next, Timestamp.from(now), sku);
        return next;
    }

    private long uncountedReservations(String sku) {
        Long r = jdbc.queryForObject("SELECT COALESCE(SUM(quantity), 0) FROM stock_reservation WHERE sku = ?"
                + " AND state IN ('ACTIVE', 'FULFILLED') AND counted_at IS NULL", Long.class, sku);
        return r == null ? 0 : r;
    }

    /** One location's level with its share of the SKU's reservations and safety stock. */
    record LocationShare(String locationId, long onHand, long reserved, long incoming, Instant asOf, long reservations, long safety) {
    }

    /**
     * Spreads the SKU's uncounted reservations, then its safety stock, over its locations, largest
     * free stock first (ties by location id), so per-location numbers never add up to more than the pool.
     */
    List<LocationShare> shares(String sku, StockPolicy p) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT location_id, on_hand, reserved, incoming, as_of FROM stock_level WHERE sku = ? ORDER BY location_id", sku);
        if (rows.isEmpty()) {
            return List.of();
        }
        long r = uncountedReservations(sku);
        long safety = p.safetyStockFor(sku);
        List<long[]> free = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            long net = ((Number) row.get("on_hand")).longValue() - ((Number) row.get("reserved")).longValue();
            free.add(new long[] {net, 0, 0});
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(i -> -free.get(i)[0]).thenComparing(i -> (String) rows.get(i).get("location_id")));
        r = spread(free, order, r, 1);
        free.get(order.get(0))[1] += r; // more reserved than on hand: the rest goes to the first location
        long s = spread(free, order, safety, 2);
        free.get(order.get(0))[2] += s;
        List<LocationShare> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            out.add(new LocationShare((String) row.get("location_id"), ((Number) row.get("on_hand")).longValue(),
                    ((Number) row.get("reserved")).longValue(), ((Number) row.get("incoming")).longValue(),
                    ((Timestamp) row.get("as_of")).toInstant(), free.get(i)[1], free.get(i)[2]));
        }
        return out;
    }

    private static long spread(List<long[]> free, List<Integer> order, long amount, int slot) {
        for (int i : order) {
            long[] f = free.get(i);
            long left = Math.max(0, f[0] - f[1] - f[2]);
            long take = Math.min(left, amount);
            f[slot] += take;
            amount -= take;
        }
        return amount;
    }

    /** One channel quantity computation. */
    public record ChannelQuantity(String connectorId, String locationId, StockPolicy.Rule rule, PolicyMath.Result result) {
    }

    /** The quantities the policy gives every stock-pushing channel for the SKU, given their pause states. */
    List<ChannelQuantity> quantities(String sku, StockPolicy p, Map<String, Boolean> pausedByKey) {
        List<LocationShare> shares = shares(sku, p);
        List<ChannelQuantity> out = new ArrayList<>();
        for (Channel ch : registry.channels()) {
            if (ch.stockSink().isEmpty()) {
                continue;
            }
            StockPolicy.Rule rule = p.ruleFor(ch.id(), sku);
            for (LocationShare l : shares) {
                if (!rule.feeds(l.locationId())) {
                    continue;
                }
                boolean wasPaused = pausedByKey.getOrDefault(ch.id() + "|" + l.locationId(), false);
                PolicyMath.Result res = PolicyMath.compute(new PolicyMath.Input(l.onHand(), l.reserved(), l.incoming(),
                        l.reservations(), l.safety(), rule, wasPaused));
                out.add(new ChannelQuantity(ch.id(), l.locationId(), rule, res));
            }
        }
        return out;
    }

    private record State(long quantity, boolean paused) {
    }

    private Map<String, State> states(String sku) {
        Map<String, State> m = new HashMap<>();
        jdbc.query("SELECT connector_id, location_id, quantity, paused FROM stock_channel_state WHERE sku = ?", rs -> {
            m.put(rs.getString(1) + "|" + rs.getString(2), new State(rs.getLong(3), rs.getBoolean(4)));
        }, sku);
        return m;
    }

    /** Recomputes the SKU for every channel, stores the results and returns what must be pushed. */
    private List<StockFanout.PushMessage> recompute(String sku, long revision, boolean force, StockPolicy p, Instant now) {
        Map<String, State> states = states(sku);
        Map<String, Boolean> paused = new HashMap<>();
        states.forEach((k, v) -> paused.put(k, v.paused()));
        List<StockFanout.PushMessage> out = new ArrayList<>();
        Timestamp ts = Timestamp.from(now);
        for (ChannelQuantity cq : quantities(sku, p, paused)) {
            String key = cq.connectorId() + "|" + cq.locationId();
            State old = states.get(key);
            long q = cq.result().quantity();
            boolean pz = cq.result().paused();
            boolean pushIt = force || old == null || old.quantity() != q;
            if (old == null) {
                jdbc.update("INSERT INTO stock_channel_state (connector_id, sku, location_id, quantity, paused, computed_at, computed_revision)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", cq.connectorId(), sku, cq.locationId(), q, pz, ts, revision);
            } else if (old.quantity() != q || old.paused() != pz || pushIt) {
                jdbc.update("UPDATE stock_channel_state SET quantity = ?, paused = ?, computed_at = ?, computed_revision = ? WHERE connector_id = ?"
                        + " AND sku = ? AND location_id = ?", q, pz, ts, revision, cq.connectorId(), sku, cq.locationId());
            }
            if (pushIt) {
                out.add(push(cq.connectorId(), sku, cq.locationId(), q, revision));
            }
        }
        return out;
    }

    private static StockFanout.PushMessage push(String connectorId, String sku, String locationId, long q, long revision) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("connectorId", connectorId);
        n.put("sku", sku);
        n.put("locationId", locationId);
        n.put("quantity", q);
        n.put("poolRevision", revision);
        n.put("idempotencyKey", connectorId + ":" + sku + ":" + locationId + ":r" + revision + ":" + q);
        try {
            return new StockFanout.PushMessage(connectorId, sku + "|" + locationId, Json.mapper().writeValueAsString(n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Recomputes every SKU the pool knows (after a policy change); returns what changed. */
    public List<StockFanout.PushMessage> recomputeAll() {
        List<String> skus = jdbc.queryForList("SELECT sku FROM stock_sku ORDER BY sku", String.class);
        List<StockFanout.PushMessage> out = new ArrayList<>();
        StockPolicy p = policy.get();
        for (String sku : skus) {
            out.addAll(tx.execute(st -> {
                Instant now = clock.instant();
                return recompute(sku, lock(sku, now), false, p, now);
            }));
        }
        return out;
    }

    // ---------------------------------------------------------------- push time

    /**
     * The quantity in force now for each update of a batch the push worker is about to send, with an
     * idempotency key of the revision that computed it: whatever order push messages reached the queue
     * in (two consumers commit their JMS sends in any order; a redelivery after a restart), the channel
     * gets the pool's newest number. Updates without pool state (no back-office level) go as they are.
     * Each update carries the quantity the channel last accepted ({@code pushed_quantity}) as its
     * {@link StockSink.StockUpdate#expectedPrevious() expectation} for compare-and-set (null if none yet).
     */
    @Override
    public List<StockSink.StockUpdate> current(String connectorId, List<StockSink.StockUpdate> batch) {
        if (batch.isEmpty()) {
            return batch;
        }
        Map<String, long[]> now = new HashMap<>();
        Map<String, Long> accepted = new HashMap<>();
        TreeSet<String> skus = new TreeSet<>();
        batch.forEach(u -> skus.add(u.sku()));
        List<String> list = new ArrayList<>(skus);
        for (int from = 0; from < list.size(); from += 500) {
            List<String> page = list.subList(from, Math.min(list.size(), from + 500));
            String in = String.join(",", java.util.Collections.nCopies(page.size(), "?"));
            List<Object> args = new ArrayList<>();
            args.add(connectorId);
            args.addAll(page);
            jdbc.query("SELECT sku, location_id, quantity, computed_revision, pushed_quantity FROM stock_channel_state"
                    + " WHERE connector_id = ? AND sku IN (" + in + ")", rs -> {
                        String key = rs.getString(1) + "|" + rs.getString(2);
                        long rev = rs.getLong(4);
                        now.put(key, new long[] {rs.getLong(3), rs.wasNull() ? -1 : rev});
                        long pushed = rs.getLong(5);
                        if (!rs.wasNull()) {
                            accepted.put(key, pushed);
                        }
                    }, args.toArray());
        }
        List<StockSink.StockUpdate> out = new ArrayList<>(batch.size());
        for (StockSink.StockUpdate u : batch) {
            long[] q = now.get(u.sku() + "|" + u.locationId());
            if (q == null) {
                out.add(u);
            } else {
                String key = q[1] < 0 ? u.idempotencyKey()
                        : connectorId + ":" + u.sku() + ":" + u.locationId() + ":r" + q[1] + ":" + q[0];
                out.add(new StockSink.StockUpdate(u.sku(), u.locationId(), q[0], key, accepted.get(u.sku() + "|" + u.locationId())));
            }
        }
        return out;
    }

    /** A push message with the quantity the pool holds now for the channel, SKU and location (drift correction); null if none. */
    public StockFanout.PushMessage currentPush(String connectorId, String sku, String locationId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT quantity, computed_revision FROM stock_channel_state"
                + " WHERE connector_id = ? AND sku = ? AND location_id = ?", connectorId, sku, locationId);
        if (rows.isEmpty()) {
            return null;
        }
        Number rev = (Number) rows.get(0).get("computed_revision");
        return push(connectorId, sku, locationId, ((Number) rows.get(0).get("quantity")).longValue(), rev == null ? 0 : rev.longValue());
    }

    // ---------------------------------------------------------------- push outcomes

    /** A push listener that informs {@code other} (metrics, health) and then records pushed quantities here. */
    public StockPushWorker.StockPushListener alongside(StockPushWorker.StockPushListener other) {
        StockPool self = this;
        return new StockPushWorker.StockPushListener() {
            @Override
            public void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
                other.onPushed(connectorId, batch, result);
                self.onPushed(connectorId, batch, result);
            }

            @Override
            public void onPushFailed(String connectorId, List<StockSink.StockUpdate> batch, Exception error, boolean willRetry) {
                other.onPushFailed(connectorId, batch, error, willRetry);
            }
        };
    }

    @Override
    public void onPushed(String connectorId, List<StockSink.StockUpdate> batch, StockPushResult result) {
        Map<String, Long> sent = new HashMap<>();
        for (StockSink.StockUpdate u : batch) {
            sent.put(u.sku() + "|" + u.locationId(), u.quantity());
        }
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> args = new ArrayList<>();
        for (StockPushResult.ItemResult r : result.items()) {
            Long q = sent.get(r.sku() + "|" + r.locationId());
            if (r.outcome() == StockPushResult.Outcome.APPLIED && q != null) {
                args.add(new Object[] {q, now, connectorId, r.sku(), r.locationId()});
            }
        }
        if (args.isEmpty()) {
            return;
        }
        try {
            jdbc.batchUpdate("UPDATE stock_channel_state SET pushed_quantity = ?, pushed_at = ? WHERE connector_id = ? AND sku = ?"
                    + " AND location_id = ?", args);
        } catch (RuntimeException e) {
            LOG.debug("recording pushed quantities for {} failed: {}", connectorId, e.toString());
        }
    }

    // ---------------------------------------------------------------- explain and dry run

    /** {@code GET /api/v1/stock/{sku}}: the pool, the reservations and per channel the arithmetic; null when unknown. */
    public Map<String, Object> explain(String sku) {
        List<Map<String, Object>> known = jdbc.queryForList("SELECT revision, counted_before FROM stock_sku WHERE sku = ?", sku);
        if (known.isEmpty()) {
            return null;
        }
        StockPolicy p = policy.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sku", sku);
        out.put("revision", known.get(0).get("revision"));
        Timestamp cb = (Timestamp) known.get(0).get("counted_before");
        out.put("backOfficeCountedBefore", cb == null ? null : cb.toInstant().toString());
        out.put("policy", p.file() == null ? "default (no StockPolicy file)" : p.file());
        List<Map<String, Object>> locs = new ArrayList<>();
        for (LocationShare l : shares(sku, p)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("locationId", l.locationId());
            m.put("onHand", l.onHand());
            m.put("backOfficeReserved", l.reserved());
            m.put("incoming", l.incoming());
            m.put("asOf", l.asOf().toString());
            m.put("hubReservations", l.reservations());
            m.put("safetyStock", l.safety());
            locs.add(m);
        }
        out.put("locations", locs);
        List<Map<String, Object>> res = new ArrayList<>();
        jdbc.query("SELECT order_id, line_id, connector_id, quantity, short_quantity, state, released_reason, created_at, counted_at,"
                + " ordered_quantity FROM stock_reservation WHERE sku = ? ORDER BY created_at, order_id", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("orderId", rs.getString(1));
                    m.put("lineId", rs.getString(2));
                    m.put("connectorId", rs.getString(3));
                    m.put("quantity", rs.getLong(4));
                    m.put("short", rs.getLong(5));
                    m.put("state", rs.getString(6));
                    m.put("releasedReason", rs.getString(7));
                    m.put("createdAt", rs.getTimestamp(8).toInstant().toString());
                    Timestamp c = rs.getTimestamp(9);
                    m.put("countedByBackOfficeAt", c == null ? null : c.toInstant().toString());
                    m.put("subtracted", c == null && ("ACTIVE".equals(rs.getString(6)) || "FULFILLED".equals(rs.getString(6))));
                    long ordered = rs.getLong(10);
                    m.put("ordered", rs.wasNull() ? null : ordered);
                    res.add(m);
                }, sku);
        for (Map<String, Object> m : res) { // refunds with line details: what went back to stock, what was kept
            long[] back = new long[2];
            jdbc.query("SELECT l.quantity, l.restock FROM stock_refund r JOIN stock_refund_line l ON l.refund_id = r.refund_id"
                    + " WHERE r.order_id = ? AND l.line_id = ? AND r.status = 'SUCCEEDED'", rs -> {
                        back[rs.getBoolean(2) ? 0 : 1] += rs.getLong(1);
                    }, m.get("orderId"), m.get("lineId"));
            m.put("refundedRestocked", back[0]);
            m.put("refundedKept", back[1]);
        }
        out.put("reservations", res);
        Map<String, Map<String, Object>> pushed = new HashMap<>();
        jdbc.query("SELECT connector_id, location_id, quantity, paused, computed_at, pushed_quantity, pushed_at,"
                + " drift_checked_at, drift_seen_quantity, drift_corrected_at, drift_corrections FROM stock_channel_state WHERE sku = ?", rs -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("computed", rs.getLong(3));
                    m.put("paused", rs.getBoolean(4));
                    m.put("computedAt", rs.getTimestamp(5).toInstant().toString());
                    long pq = rs.getLong(6);
                    m.put("pushed", rs.wasNull() ? null : pq);
                    Timestamp pa = rs.getTimestamp(7);
                    m.put("pushedAt", pa == null ? null : pa.toInstant().toString());
                    Timestamp dc = rs.getTimestamp(8);
                    if (dc != null) {
                        Map<String, Object> d = new LinkedHashMap<>();
                        d.put("checkedAt", dc.toInstant().toString());
                        long seen = rs.getLong(9);
                        d.put("channelListed", rs.wasNull() ? null : seen);
                        Timestamp dca = rs.getTimestamp(10);
                        d.put("lastCorrectedAt", dca == null ? null : dca.toInstant().toString());
                        d.put("corrections", rs.getLong(11));
                        m.put("drift", d);
                    }
                    pushed.put(rs.getString(1) + "|" + rs.getString(2), m);
                }, sku);
        Map<String, Boolean> paused = new HashMap<>();
        pushed.forEach((k, v) -> paused.put(k, (Boolean) v.get("paused")));
        List<Map<String, Object>> channels = new ArrayList<>();
        for (ChannelQuantity cq : quantities(sku, p, paused)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connectorId", cq.connectorId());
            m.put("locationId", cq.locationId());
            Map<String, Object> st = pushed.getOrDefault(cq.connectorId() + "|" + cq.locationId(), Map.of());
            m.put("lastPushed", st.get("pushed"));
            m.put("lastPushedAt", st.get("pushedAt"));
            m.put("lastComputed", st.get("computed"));
            m.put("lastDriftCheck", st.get("drift"));
            m.put("quantityNow", cq.result().quantity());
            m.put("rule", cq.rule().index() < 0 ? "default (100% of ATP)" : "spec.rules[" + cq.rule().index() + "]");
            m.put("arithmetic", cq.result().steps());
            channels.add(m);
        }
        out.put("channels", channels);
        return out;
    }

    /** What each channel would get per SKU under {@code candidate}, next to what it has now; pushes nothing. */
    public Map<String, Object> dryRun(StockPolicy candidate, int limit) {
        List<String> skus = jdbc.queryForList("SELECT sku FROM stock_sku ORDER BY sku", String.class);
        List<Map<String, Object>> items = new ArrayList<>();
        int changed = 0;
        int total = 0;
        for (String sku : skus) {
            Map<String, State> states = states(sku);
            Map<String, Boolean> paused = new HashMap<>();
            states.forEach((k, v) -> paused.put(k, v.paused()));
            for (ChannelQuantity cq : quantities(sku, candidate, paused)) {
                total++;
                State now = states.get(cq.connectorId() + "|" + cq.locationId());
                boolean diff = now == null || now.quantity() != cq.result().quantity();
                if (diff) {
                    changed++;
                }
                if (items.size() < limit) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("sku", sku);
                    m.put("connectorId", cq.connectorId());
                    m.put("locationId", cq.locationId());
                    m.put("current", now == null ? null : now.quantity());
                    m.put("wouldBe", cq.result().quantity());
                    m.put("changed", diff);
                    m.put("rule", cq.rule().index() < 0 ? "default (100% of ATP)" : "spec.rules[" + cq.rule().index() + "]");
                    m.put("arithmetic", cq.result().steps());
                    items.add(m);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policy", candidate.id());
        out.put("quantities", total);
        out.put("changed", changed);
        out.put("truncated", total > items.size());
        out.put("items", items);
        return out;
    }

    private static long whole(BigDecimal d) {
        return d == null ? 0 : d.setScale(0, RoundingMode.FLOOR).longValue();
    }
}
