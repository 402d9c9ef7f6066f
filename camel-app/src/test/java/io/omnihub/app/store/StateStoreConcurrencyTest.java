package io.omnihub.app.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnihub.routes.store.DeliveryLog;
import io.omnihub.routes.store.VersionKeys;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The state store on both databases (R13): Flyway migrations run on PostgreSQL (a real one,
 * embedded) and H2; 8 consumers racing on the same key are processed once, without errors or
 * aborted transactions; an orphaned claim is taken over; entity versions only move forward.
 */
class StateStoreConcurrencyTest {

    static EmbeddedPostgres pg;
    static DataSource postgres;
    static DataSource h2;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        postgres = pg.getPostgresDatabase();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:store" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        h2 = ds;
        for (DataSource d : List.of(postgres, h2)) {
            Flyway.configure().dataSource(d).locations("classpath:db/migration").load().migrate();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    static Stream<String> databases() {
        return Stream.of("postgresql", "h2");
    }

    static JdbcTemplate jdbc(String db) {
        return new JdbcTemplate("postgresql".equals(db) ? postgres : h2);
    }

    static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<T> out = new ArrayList<>();
        for (Future<T> f : futures) {
            out.add(f.get());
        }
        pool.shutdown();
        return out;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void eightConsumersRacingOnOneKeyDeliverOnce(String db) throws Exception {
        JdbcDeliveryLog log = new JdbcDeliveryLog(jdbc(db), Clock.systemUTC());
        String key = "io.omnihub.order.upserted.v1|shop:order:1:v" + System.nanoTime();
        List<DeliveryLog.Claim> claims = race(8, () -> log.claim("erp", key, "shop:order:1", "order", Duration.ofMinutes(2)));
        assertThat(claims).filteredOn(c -> c == DeliveryLog.Claim.DELIVER).hasSize(1);
        assertThat(claims).filteredOn(c -> c == DeliveryLog.Claim.IN_PROGRESS).hasSize(7);
        log.delivered("erp", key);
        List<DeliveryLog.Claim> again = race(8, () -> log.claim("erp", key, "shop:order:1", "order", Duration.ofMinutes(2)));
        assertThat(again).containsOnly(DeliveryLog.Claim.ALREADY_DELIVERED);
        // another destination is independent
        assertThat(log.claim("wms", key, null, null, Duration.ofMinutes(2))).isEqualTo(DeliveryLog.Claim.DELIVER);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void releasedClaimCanBeDeliveredAgainAndOrphanedClaimIsTakenOver(String db) {
        JdbcDeliveryLog log = new JdbcDeliveryLog(jdbc(db), Clock.systemUTC());
        String key = "k-" + System.nanoTime();
        assertThat(log.claim("erp", key, null, null, Duration.ofMinutes(2))).isEqualTo(DeliveryLog.Claim.DELIVER);
        log.release("erp", key);
        assertThat(log.claim("erp", key, null, null, Duration.ofMinutes(2))).isEqualTo(DeliveryLog.Claim.DELIVER);
        // the holder "crashes": a consumer 3 minutes later takes over exactly once
        JdbcDeliveryLog later = new JdbcDeliveryLog(jdbc(db),
                Clock.fixed(Instant.now().plus(Duration.ofMinutes(3)), ZoneOffset.UTC));
        assertThat(later.claim("erp", key, null, null, Duration.ofMinutes(2))).isEqualTo(DeliveryLog.Claim.DELIVER);
        assertThat(later.claim("erp", key, null, null, Duration.ofMinutes(2))).isEqualTo(DeliveryLog.Claim.IN_PROGRESS);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void entityVersionsOnlyMoveForward(String db) throws Exception {
        JdbcEntityVersions v = new JdbcEntityVersions(jdbc(db), Clock.systemUTC());
        String e = "shop:order:" + System.nanoTime();
        assertThat(v.advance(e, "2026-01-01T10:00:00-05:00", VersionKeys.sortKey("2026-01-01T10:00:00-05:00"))).isTrue();
        // 14:00Z is older than 15:00Z (10:00-05:00) although it sorts later as text
        assertThat(v.advance(e, "2026-01-01T14:00:00Z", VersionKeys.sortKey("2026-01-01T14:00:00Z"))).isFalse();
        assertThat(v.advance(e, "2026-01-01T10:00:00-05:00", VersionKeys.sortKey("2026-01-01T10:00:00-05:00")))
                .as("the same version again passes (redelivery after a crash)").isTrue();
        assertThat(v.advance(e, "2026-01-01T16:00:00Z", VersionKeys.sortKey("2026-01-01T16:00:00Z"))).isTrue();
        // racing first inserts of a new entity: all pass (same version), no error
        String fresh = "shop:order:new" + System.nanoTime();
        List<Boolean> r = race(8, () -> v.advance(fresh, "7", VersionKeys.sortKey("7")));
        assertThat(r).containsOnly(true);
        assertThat(v.advance(fresh, "6", VersionKeys.sortKey("6"))).isFalse();
        assertThat(v.advance(fresh, "10", VersionKeys.sortKey("10"))).as("numeric versions compare as numbers").isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameRawEventMayReapplyItsOwnVersionAfterACrashButNoOtherSourceMay(String db) {
        JdbcEntityVersions v = new JdbcEntityVersions(jdbc(db), Clock.systemUTC());
        String e = "shop:order:crash" + System.nanoTime();
        String k = VersionKeys.sortKey("2026-03-01T00:01:39Z");
        assertThat(v.advance(e, "2026-03-01T00:01:39Z", k, false, "raw:shop:evt-1")).isTrue();
        // the hub died before the JMS commit; after a broker crash the message is not flagged redelivered
        assertThat(v.advance(e, "2026-03-01T00:01:39Z", k, false, "raw:shop:evt-1")).as("same raw event").isTrue();
        assertThat(v.advance(e, "2026-03-01T00:01:39Z", k, false, "raw:shop:evt-2")).as("another webhook, same version").isFalse();
        assertThat(v.advance(e, "2026-03-01T00:01:39Z", k, false, null)).as("a poll, same version").isFalse();
        assertThat(v.isNewer(e, k)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void webhookDedupeIsRaceSafe(String db) throws Exception {
        JdbcWebhookDedupeStore s = new JdbcWebhookDedupeStore(jdbc(db), Clock.systemUTC());
        String key = "evt-" + System.nanoTime();
        race(8, () -> {
            s.remember("shop", key);
            return true;
        });
        assertThat(s.seen("shop", key)).isTrue();
        assertThat(s.seen("other-shop", key)).isFalse();
        assertThat(jdbc(db).queryForObject("SELECT COUNT(*) FROM webhook_event WHERE event_key = ?", Integer.class, key)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void cursorsAreStored(String db) {
        JdbcCursorStore c = new JdbcCursorStore(jdbc(db), Clock.systemUTC());
        String id = "shop" + System.nanoTime() % 100000;
        assertThat(c.get(id, "order")).isEmpty();
        c.put(id, "order", Instant.parse("2026-11-22T10:00:00Z"));
        c.put(id, "order", Instant.parse("2026-11-22T11:00:00Z"));
        assertThat(c.get(id, "order")).contains(Instant.parse("2026-11-22T11:00:00Z"));
    }
}
