package io.omnihub.app.trace;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.omnihub.canonical.EventType;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.routes.delivery.HttpDelivery;
import io.omnihub.routes.publish.CanonicalPublisher;
import io.omnihub.routes.template.HubRouteTemplates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The recorder and store against the real migrations on an in-memory H2 in PostgreSQL mode. */
class TraceRecorderTest {

    JdbcTemplate jdbc;
    TraceStore store;
    SimpleMeterRegistry meters;
    TraceRecorder recorder;

    @BeforeEach
    void db() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:trace-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(ds);
        store = new TraceStore(jdbc);
        meters = new SimpleMeterRegistry();
    }

    @AfterEach
    void close() {
        if (recorder != null) {
            recorder.close();
        }
    }

    TraceRecorder recorder(int capacity, Duration flushEvery) {
        recorder = new TraceRecorder(store, meters, Clock.systemUTC(), capacity, flushEvery, Duration.ofDays(7), true);
        return recorder;
    }

    static TraceHop hop(Instant at, Hop hop, String subject, String detail) {
        return new TraceHop(at, hop, subject, null, "shop", null, null, null, null, detail);
    }

    @Test
    void hopsAreWrittenInTheBackgroundAndReadInTimeOrderTiesByInsertion() {
        TraceRecorder r = recorder(100, Duration.ofMillis(50));
        Instant t = Instant.parse("2026-01-01T10:00:00Z");
        r.record(hop(t.plusSeconds(5), Hop.PUBLISHED, "s:order:1", "b"));
        r.record(hop(t, Hop.RECEIVED, "s:order:1", "a"));
        r.record(hop(t.plusSeconds(5), Hop.DELIVERED, "s:order:1", "c"));
        r.record(hop(t, Hop.RECEIVED, "s:order:2", "other"));
        long end = System.currentTimeMillis() + 5000;
        while (store.hops("s:order:1", 10).size() < 3 && System.currentTimeMillis() < end) {
            Thread.onSpinWait();
        }
        assertThat(store.hops("s:order:1", 10)).extracting(TraceHop::hop)
                .containsExactly(Hop.RECEIVED, Hop.PUBLISHED, Hop.DELIVERED);
        assertThat(store.hops("s:order:1", 2)).as("the newest ones, oldest first").extracting(TraceHop::hop)
                .containsExactly(Hop.PUBLISHED, Hop.DELIVERED);
        assertThat(store.hops("s:order:1", 10).get(0).at()).isEqualTo(t);
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsIt() {
        TraceRecorder r = recorder(3, Duration.ofHours(1));
        Instant t = Instant.now();
        for (int i = 0; i < 5; i++) {
            r.record(hop(t.plusMillis(i), Hop.RETRIED, "s:order:9", "attempt " + i));
        }
        assertThat(r.droppedCount()).isEqualTo(2);
        assertThat(meters.counter("omnihub.trace.dropped").count()).isEqualTo(2.0);
        r.flush();
        assertThat(store.hops("s:order:9", 10)).extracting(TraceHop::detail)
                .containsExactly("attempt 2", "attempt 3", "attempt 4");
    }

    @Test
    void closeFlushesWhatIsBufferedAndRecordsNothingAfterwards() {
        TraceRecorder r = recorder(10, Duration.ofHours(1));
        r.record(hop(Instant.now(), Hop.DISCARDED, "s:order:3", "discarded by op"));
        r.close();
        r.record(hop(Instant.now(), Hop.REPLAYED, "s:order:3", "late"));
        r.flush();
        assertThat(store.hops("s:order:3", 10)).extracting(TraceHop::hop).containsExactly(Hop.DISCARDED);
    }

    @Test
    void retentionDeletesOnlyOldHops() {
        TraceRecorder r = recorder(10, Duration.ofHours(1));
        Instant now = Instant.now();
        r.record(hop(now.minus(8, ChronoUnit.DAYS), Hop.RECEIVED, "s:order:4", "old"));
        r.record(hop(now.minus(6, ChronoUnit.DAYS), Hop.PUBLISHED, "s:order:4", "young"));
        r.flush();
        assertThat(r.purge()).isEqualTo(1);
        assertThat(store.hops("s:order:4", 10)).extracting(TraceHop::detail).containsExactly("young");
    }

    @Test
    void listenersRecordSubjectsOrderNumbersAndNoSecrets() {
        TraceRecorder r = recorder(100, Duration.ofHours(1));
        var delivery = new HttpDelivery.DeliveryContext("erp", "shop", "shop:order:7", "ev-1", EventType.ORDER_UPSERTED.type());
        r.onRetry(delivery, 1, "HTTP 503 from https://user:pw@erp.example/events?token=abc");
        r.onDelivered(delivery, 2, Duration.ofMillis(12));
        r.onDeadLettered(new HubRouteTemplates.DeadLettered("omnihub.dlq.erp", "ID:1", "shop", "erp", "shop:order:7",
                "ev-1", EventType.ORDER_UPSERTED.type(), 3, "DeliveryFailedException: HTTP 500"));
        r.onDeadLettered(new HubRouteTemplates.DeadLettered("omnihub.dlq.backoffice.stock", "ID:2", null, null, null,
                null, null, null, "x"));
        r.onPushed("shop", List.of(new StockSink.StockUpdate("SKU-1", "L1", 5, "k1"),
                        new StockSink.StockUpdate("SKU-2", "L1", 3, "k2")),
                new StockPushResult(List.of(new StockPushResult.ItemResult("SKU-1", "L1", StockPushResult.Outcome.APPLIED, null),
                        new StockPushResult.ItemResult("SKU-2", "L1", StockPushResult.Outcome.UNKNOWN_SKU, "no such item"))));
        r.flush();
        List<TraceHop> order = store.hops("shop:order:7", 10);
        assertThat(order).extracting(TraceHop::hop).containsExactly(Hop.RETRIED, Hop.DELIVERED, Hop.DEAD_LETTERED);
        assertThat(order.get(0).detail()).contains("HTTP 503").doesNotContain("pw").doesNotContain("abc");
        assertThat(order.get(1).detail()).contains("2 attempts");
        assertThat(order.get(2).ref()).isEqualTo("ID:1");
        assertThat(order.get(2).destination()).isEqualTo("erp");
        assertThat(store.hops("sku:SKU-1", 10)).singleElement().satisfies(h -> {
            assertThat(h.hop()).isEqualTo(Hop.STOCK_PUSHED);
            assertThat(h.connector()).isEqualTo("shop");
            assertThat(h.detail()).contains("quantity 5");
        });
        assertThat(store.hops("sku:SKU-2", 10)).singleElement().satisfies(h -> {
            assertThat(h.hop()).isEqualTo(Hop.STOCK_PUSH_FAILED);
            assertThat(h.detail()).contains("UNKNOWN_SKU");
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM trace_hop", Integer.class)).as("no subject, no hop").isEqualTo(5);
    }

    @Test
    void aRawEventReceivedAgainIsRecordedOnceAndSearchFindsSubjects() throws Exception {
        TraceRecorder r = recorder(100, Duration.ofHours(1));
        Instant received = Instant.parse("2026-02-01T08:00:00Z");
        var order = new io.omnihub.mapping.api.CanonicalRecord(EventType.ORDER_UPSERTED, "shop:order:8", received, "v1", "8",
                io.omnihub.connector.support.Json.mapper().readValue("{\"orderNumber\":\"#1008\"}", io.omnihub.canonical.Order.class));
        var via = new CanonicalPublisher.Received(received, "raw:shop:evt-8", false);
        r.onReceived("shop", order, via);
        r.onReceived("shop", order, via);
        r.onStale("shop", order, new CanonicalPublisher.Received(received, null, true));
        r.flush();
        List<TraceHop> hops = store.hops("shop:order:8", 10);
        assertThat(hops).singleElement().satisfies(h -> {
            assertThat(h.hop()).isEqualTo(Hop.RECEIVED);
            assertThat(h.at()).isEqualTo(received);
            assertThat(h.orderNumber()).isEqualTo("#1008");
            assertThat(h.ref()).isEqualTo("raw:shop:evt-8");
        });
        assertThat(store.subjects("#1008", null, null, null, 50)).containsExactly("shop:order:8");
        assertThat(store.subjects("#1008", null, null, "other", 50)).isEmpty();
        assertThat(store.subjects(null, "shop:order:", null, null, 50)).containsExactly("shop:order:8");
        assertThat(store.subjects(null, "shop_order", null, null, 50)).as("_ is literal").isEmpty();
        assertThat(store.orderNumbers("shop:order:8")).containsExactly("#1008");
    }

    @Test
    void detailsLoseUrlCredentialsQueriesAndControlCharacters() {
        assertThat(TraceRecorder.safe("failed: https://bob:secret@host/x?key=1 and\nmore"))
                .isEqualTo("failed: https://***@host/x?*** and more");
        assertThat(TraceRecorder.safe("x".repeat(2000))).hasSize(1000);
    }
}
