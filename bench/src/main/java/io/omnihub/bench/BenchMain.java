package io.omnihub.bench;

import io.omnihub.testing.sign.ShopifySigner;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.OkHttpClient;
import org.HdrHistogram.Histogram;

/**
 * The benchmark: raw-broker baseline, then the hub as a separate process (startup, webhook ingest and
 * end to end, fixed-rate latency, connection hygiene, stock fan-out, memory with queued events), one
 * table with medians, spreads, ratios and pass/fail, written to {@code bench/results/<timestamp>.md/.json}.
 * Exit code 1 only when the harness itself broke (a workload threw or a row has no data).
 */
public final class BenchMain {

    static final String WEBHOOK_CONNECTOR = "bench-shop";
    static final String DESTINATION = "bench-erp";
    static final String DESTINATION_QUEUE = "dest." + DESTINATION + ".order";
    static final String RAW_QUEUE = "omnihub.raw." + WEBHOOK_CONNECTOR;
    static final String TOKEN = "shpat_bench_token";

    private final BenchSettings s;
    private final Results results = new Results();
    private final PrintStream out;
    private final long runStart = System.nanoTime();
    private final Webhooks sizing = new Webhooks("http://127.0.0.1:1", WEBHOOK_CONNECTOR);

    private double rawSync = Double.NaN;
    private double rawP99Ms = Double.NaN;
    /** Webhooks answered 200 since the connection count was first read. */
    private long acceptedForHygiene;

    BenchMain(BenchSettings settings, PrintStream out) {
        this.s = settings;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings;
        try {
            settings = BenchSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchSettings.usage());
            System.exit(2);
            return;
        }
        int exit = 1;
        try {
            BenchMain bench = new BenchMain(settings, System.out);
            Results r = bench.run();
            Path md = r.write(settings.resultsDir);
            System.out.println();
            System.out.println(r.consoleTable());
            System.out.println("written: " + md.toAbsolutePath() + " (and .json)");
            boolean broken = !r.problems().isEmpty() || r.rows().values().stream().anyMatch(x -> !x.hasData());
            exit = broken ? 1 : 0;
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.exit(exit); // worker threads of a failed workload must not keep the JVM alive
        }
    }

    /** Runs every selected workload; never throws for a failing workload (it is recorded as a problem). */
    Results run() {
        declareRows();
        results.info("mode", s.mode);
        results.info("settings", s.describe());
        results.info("machine", Results.machine());
        results.info("hubJar", s.hubJar.toAbsolutePath().toString());
        results.info("hubJvmArgs", s.hubJvmArgs.isEmpty() ? "(none: JVM defaults)" : String.join(" ", s.hubJvmArgs));
        results.info("webhookBytes", sizing.bodyBytes);
        if (s.runs("baseline")) {
            guard("baseline", this::baseline);
        }
        boolean needsHub = s.workloads.stream().anyMatch(w -> !w.equals("baseline"));
        if (needsHub) {
            guard("hub", this::hubWorkloads);
        }
        results.info("loadAverageAtEnd", String.format(Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        results.info("durationSeconds", Math.round((System.nanoTime() - runStart) / 1e9));
        return results;
    }

    private void declareRows() {
        String c = " (" + s.clients + " clients)";
        if (s.runs("baseline")) {
            results.row("baseline.sync", "baseline", "raw Artemis blocking durable send, " + s.clients + " producers (hub intake mode)", "msg/s");
            results.row("baseline.txrecv", "baseline", "raw Artemis receive, 2 transacted consumers, commit per message (hub publish mode)",
                    "msg/s");
            results.row("baseline.async", "baseline", "raw Artemis durable pipelined, 100 in flight (reference)", "msg/s");
            results.row("baseline.p99", "baseline", "raw blocking durable send p99 @ " + s.rate + "/s", "ms");
        }
        if (s.runs("startup")) {
            results.row("startup.ready", "startup", "process start → readiness UP", "s");
            results.row("startup.first", "startup", "first webhook answer after ready", "s");
        }
        if (s.runs("ingest")) {
            results.row("ingest.rate", "ingest", "signed webhooks answered 200 per s, open throttle" + c, "/s");
            results.row("ingest.open.p99", "ingest", "ack p99 at open throttle", "ms");
            results.row("e2e.rate", "end to end", "orders delivered to HTTP stub per s, open throttle", "/s");
            results.row("e2e.drain", "end to end", "orders delivered per s after the window (backlog drain)", "/s");
            results.row("e2e.open.p50", "end to end", "receipt → delivery p50, open throttle", "ms");
            results.row("e2e.open.p99", "end to end", "receipt → delivery p99, open throttle", "ms");
        }
        if (s.runs("latency")) {
            results.row("latency.p50", "ingest", "ack p50 @ " + s.rate + "/s (open loop)", "ms");
            results.row("latency.p99", "ingest", "ack p99 @ " + s.rate + "/s (open loop)", "ms");
            results.row("latency.p999", "ingest", "ack p99.9 @ " + s.rate + "/s (open loop)", "ms");
            results.row("latency.max", "ingest", "ack max @ " + s.rate + "/s (open loop)", "ms");
            results.row("e2e.rate.p99", "end to end", "receipt → delivery p99 @ " + s.rate + "/s", "ms");
        }
        if (s.runs("ingest") || s.runs("latency")) {
            results.row("ingest.errors", "ingest", "answers other than 200 (all webhook runs)", "");
            results.row("hygiene.conn", "hygiene", "broker connections opened per webhook", "");
            results.row("hygiene.health", "hygiene", "broker connections opened per readiness probe", "");
        }
        if (s.runs("stock")) {
            results.row("stock.time", "stock fan-out", String.format(Locale.ROOT, "%,d SKUs → %d channel(s), first POST → all applied",
                    s.stockSkus, s.stockChannels), "s");
            results.row("stock.throttled", "stock fan-out", "THROTTLED answers caused by the hub", "");
        }
        if (s.runs("memory")) {
            results.row("memory.heap0", "memory", "heap used after full GC, 0 queued", "MiB");
            results.row("memory.rss0", "memory", "RSS, 0 queued", "MiB");
            for (int i = 0; i < s.memorySteps.size(); i++) {
                int n = s.memorySteps.get(i);
                results.row("memory.step" + i, "memory", String.format(Locale.ROOT, "heap growth, %,d events queued ÷ their payload bytes", n),
                        "MiB");
                if (i > 0) {
                    results.row("memory.flat" + i, "memory", String.format(Locale.ROOT, "heap growth %,d ÷ growth %,d queued (paging)",
                            n, s.memorySteps.get(0)), "MiB");
                }
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private void guard(String name, Step step) {
        try {
            step.run();
        } catch (Exception | Error e) {
            results.problem(name + ": " + e);
            out.println("[bench] " + name + " FAILED: " + e);
            e.printStackTrace(out);
        }
    }

    private void log(String fmt, Object... args) {
        out.printf(Locale.ROOT, "[bench %5.0fs] %s%n", (System.nanoTime() - runStart) / 1e9, String.format(Locale.ROOT, fmt, args));
        out.flush();
    }

    // ---------------------------------------------------------------- baseline

    private void baseline() throws Exception {
        long id = 1;
        byte[] payload = sizing.body(id);
        String headers = RawBroker.headersJson(ShopifySigner.headers("orders/create", payload, Webhooks.SECRET, "bench-1",
                Webhooks.SHOP_DOMAIN));
        try (RawBroker raw = new RawBroker(payload, headers)) {
            log("baseline: raw durable blocking send+receive, %d producers, %d B messages", s.clients, payload.length);
            List<RawBroker.Window> sync = raw.syncThroughput(s.clients, s.warmup, s.measure, s.reps);
            Row r = results.row("baseline.sync", "", "", "");
            Row rx = results.row("baseline.txrecv", "", "", "");
            sync.forEach(w -> {
                r.add(w.sent());
                rx.add(w.received());
            });
            rawSync = r.median();
            r.note("Embedded Artemis 2.40 in the harness JVM, configured like BrokerConfiguration (NIO journal, sync "
                    + "transactional + non-transactional, datasync, persisted id cache, omnihub.# address settings); pooled-jms "
                    + "(4 connections, 500 sessions each, anonymous producers) over an in-VM factory with consumer window 0; per message "
                    + "a pooled connection/session/producer (as camel-jms's JmsTemplate does) and a blocking persistent send of the "
                    + "hub's raw message (webhook bytes + the same properties incl. _AMQ_DUPL_ID), " + s.clients + " producer threads.");
            rx.note("Same runs: 2 consumers on one connection, each a transacted session committing every message, consumer window 0 "
                    + "(the hub's publish route: concurrentConsumers=2, transacted, CACHE_CONSUMER). The backlog is purged after the runs.");
            log("baseline sync: sent %s msg/s, received %s msg/s", Row.fmt(rawSync), Row.fmt(rx.median()));
            List<Double> async = raw.asyncThroughput(s.warmup, s.measure, s.reps);
            results.row("baseline.async", "", "", "").addAll(async)
                    .note("One producer, CompletionListener sends with 100 in flight (confirmation window 1 MiB), 2 auto-ack "
                            + "consumers with the default window: what the broker does when sends are pipelined.");
            log("baseline async: %s msg/s", Row.fmt(results.row("baseline.async", "", "", "").median()));
            List<Histogram> lat = raw.syncLatency(s.rate, s.warmup, s.measure, s.reps);
            Row p = results.row("baseline.p99", "", "", "");
            lat.forEach(h -> p.add(h.getValueAtPercentile(99) / 1000.0));
            rawP99Ms = p.median();
            p.note("Open loop, latency from the scheduled send time; blocking persistent sends from a pool of 32 threads.");
            log("baseline p99 @ %d/s: %s ms", s.rate, Row.fmt(rawP99Ms));
        }
    }

    // ---------------------------------------------------------------- hub

    private void hubWorkloads() throws Exception {
        try (DestinationStub stub = new DestinationStub();
             StockBench stock = s.runs("stock") ? new StockBench(s.stockChannels, s.stockSkus, s.stockRestoreRate, s.stockBucket) : null) {
            Map<String, String> files = new LinkedHashMap<>();
            files.put("bench-shop.yaml", webhookConnectorYaml());
            files.put("bench-erp.yaml", destinationYaml(stub.url()));
            List<String> connectors = new ArrayList<>(List.of(WEBHOOK_CONNECTOR));
            if (stock != null) {
                files.putAll(stock.connectorFiles());
                connectors.addAll(stock.connectorIds());
            }
            Map<String, String> env = Map.of("BENCH_SHOPIFY_TOKEN", TOKEN, "BENCH_SHOPIFY_WEBHOOK_SECRET", Webhooks.SECRET);
            int starts = s.runs("startup") ? s.startupReps : 1;
            Hub hub = null;
            OkHttpClient http = Load.client();
            try {
                for (int i = 1; i <= starts; i++) {
                    hub = Hub.start(s.hubJar, s.hubJvmArgs, i == starts ? s.jfr : null, files, env);
                    double ready = hub.awaitReady(Duration.ofMinutes(3));
                    hub.awaitConfigured(connectors, List.of(DESTINATION), Duration.ofMinutes(1));
                    Webhooks hooks = new Webhooks(hub.baseUrl(), WEBHOOK_CONNECTOR);
                    long t0 = System.nanoTime();
                    int code;
                    try (var resp = http.newCall(hooks.request(hooks.nextId())).execute()) {
                        code = resp.code();
                    }
                    double first = (System.nanoTime() - t0) / 1e9;
                    if (code != 200) {
                        throw new IllegalStateException("first webhook answered " + code + "; log tail:\n" + hub.logTail(30));
                    }
                    log("hub start %d/%d: ready after %.2f s (pid %d, port %d), first webhook %.3f s", i, starts, ready, hub.pid(),
                            hub.httpPort, first);
                    if (s.runs("startup")) {
                        results.row("startup.ready", "", "", "").add(ready);
                        results.row("startup.first", "", "", "").add(first);
                    }
                    if (i < starts) {
                        hub.close();
                    }
                }
                if (s.runs("startup")) {
                    results.row("startup.ready", "", "", "").target(Row.Target.atMost(15, " s"))
                            .note("Fresh data and config folders each start (new journal and H2 database), 1 connector with "
                                    + "webhooks + " + (stock == null ? 0 : s.stockChannels) + " stock connectors + 1 destination, "
                                    + "no JVM options; time from process start to /actuator/health/readiness = 200.");
                    results.row("startup.first", "", "", "").target(Row.Target.atMost(2, " s"))
                            .note("B7: first signed webhook after the connector appears in /api/v1/connectors (cold JIT).");
                }
                runOnHub(hub, stub, stock, http);
            } finally {
                if (hub != null) {
                    results.info("hubLogWarnings", hub.logCount(" WARN "));
                    results.info("hubLogErrors", hub.logCount(" ERROR "));
                    hub.close();
                }
                http.dispatcher().executorService().shutdown();
                http.connectionPool().evictAll();
            }
        }
    }

    private void runOnHub(Hub hub, DestinationStub stub, StockBench stock, OkHttpClient http) throws Exception {
        Webhooks hooks = new Webhooks(hub.baseUrl(), WEBHOOK_CONNECTOR);
        try (BrokerProbe probe = new BrokerProbe(hub.brokerPort)) {
            long conn0 = probe.totalConnectionCount();
            long errors = 0;
            if (s.runs("ingest")) {
                errors += ingest(probe, stub, http, hooks);
            }
            if (s.runs("latency")) {
                errors += latency(probe, stub, http, hooks);
            }
            if (s.runs("ingest") || s.runs("latency")) {
                long conn1 = probe.totalConnectionCount();
                long opened = conn1 - conn0;
                results.row("ingest.errors", "", "", "").add(errors);
                results.row("hygiene.conn", "", "", "").add(acceptedForHygiene == 0 ? Double.NaN : opened / (double) acceptedForHygiene)
                        .target(Row.Target.atMost(0.001, ""))
                        .note(String.format(Locale.ROOT, "%d broker connections created (Artemis totalConnectionCount, all acceptors "
                                        + "incl. in-VM, read over the hub's CORE acceptor) during %,d accepted webhooks of the ingest "
                                        + "and latency runs; open now: %d.", opened, acceptedForHygiene, probe.connectionCount()));
                log("hygiene: %d connections opened for %d webhooks", opened, acceptedForHygiene);
                long h0 = probe.totalConnectionCount();
                int probes = 20;
                for (int i = 0; i < probes; i++) {
                    hub.get("/actuator/health/readiness");
                }
                long perProbe = probe.totalConnectionCount() - h0;
                results.row("hygiene.health", "", "", "").add(perProbe / (double) probes)
                        .note("Broker connections created per GET /actuator/health/readiness (" + probes + " calls): the broker "
                                + "health indicator's queue query (BrokerAdmin.messageCount) opens a session factory per call.");
            }
            if (stock != null) {
                awaitIdle(probe, s.drainTimeout);
                guard("stock", () -> stock(hub, stock, http));
            }
            if (s.runs("memory")) {
                awaitIdle(probe, s.drainTimeout);
                guard("memory", () -> memory(hub, stub, probe, http, hooks));
            }
        }
    }

    private long ingest(BrokerProbe probe, DestinationStub stub, OkHttpClient http, Webhooks hooks) throws Exception {
        log("ingest: warm-up %d s at open throttle, %d clients", s.warmup.toSeconds(), s.clients);
        ConcurrentHashMap<Long, Long> warm = new ConcurrentHashMap<>();
        Load.Outcome w = Load.closedLoop(http, hooks, s.clients, s.warmup, warm);
        acceptedForHygiene += w.ok();
        long errors = w.failed();
        awaitDelivered(stub, warm.keySet(), s.drainTimeout);
        awaitIdle(probe, s.drainTimeout);
        Row rate = results.row("ingest.rate", "", "", "");
        Row drainRate = results.row("e2e.drain", "", "", "");
        Row openP99 = results.row("ingest.open.p99", "", "", "");
        Row e2eRate = results.row("e2e.rate", "", "", "");
        Row e2e50 = results.row("e2e.open.p50", "", "", "");
        Row e2e99 = results.row("e2e.open.p99", "", "", "");
        long undelivered = 0;
        for (int r = 0; r < s.reps; r++) {
            ConcurrentHashMap<Long, Long> sent = new ConcurrentHashMap<>();
            Load.Outcome o = Load.closedLoop(http, hooks, s.clients, s.measure, sent);
            acceptedForHygiene += o.ok();
            errors += o.failed();
            rate.add(o.okPerSecond());
            openP99.add(o.latencyMicros().getValueAtPercentile(99) / 1000.0);
            long drainStart = System.nanoTime();
            long missing = awaitDelivered(stub, sent.keySet(), s.drainTimeout);
            long drainEnd = System.nanoTime();
            double drain = (drainEnd - drainStart) / 1e9;
            undelivered += missing;
            long afterWindow = stub.arrivals.values().stream().filter(t -> t > o.endNanos() && t <= drainEnd).count();
            // no backlog left to drain: delivery kept up, so the window's delivery rate is the lower bound
            drainRate.add(drain > 0.5 ? afterWindow / ((drainEnd - o.endNanos()) / 1e9) : inWindowRate(stub, o));
            awaitIdle(probe, s.drainTimeout);
            long inWindow = stub.arrivals.values().stream().filter(t -> t >= o.startNanos() && t <= o.endNanos()).count();
            e2eRate.add(inWindow / o.seconds());
            Histogram e2e = e2eLatency(stub, sent);
            e2e50.add(e2e.getValueAtPercentile(50) / 1000.0);
            e2e99.add(e2e.getValueAtPercentile(99) / 1000.0);
            log("ingest rep %d: %s webhooks/s (%d ok, %d other %s), ack p99 %s ms; delivered %s/s in window, e2e p50 %s p99 %s ms; "
                            + "drained in %.1f s, %d undelivered",
                    r + 1, Row.fmt(o.okPerSecond()), o.ok(), o.failed(), o.statuses(), Row.fmt(o.latencyMicros().getValueAtPercentile(99) / 1000.0),
                    Row.fmt(inWindow / o.seconds()), Row.fmt(e2e.getValueAtPercentile(50) / 1000.0),
                    Row.fmt(e2e.getValueAtPercentile(99) / 1000.0), drain, missing);
        }
        rate.target(Row.Target.atLeast(2000, "/s")).target(Row.Target.ratioAtLeast(0.5));
        if (!Double.isNaN(rawSync)) {
            rate.baseline(rawSync, "msg/s raw");
        }
        rate.note("Closed loop, " + s.clients + " concurrent clients (OkHttp, keep-alive) sending signed orders/create webhooks (unique "
                + "order id and X-Shopify-Event-Id, " + hooks.bodyBytes + " B body); the hub runs as deployed: intake, publish and "
                + "delivery to the HTTP stub all run at the same time. Baseline: raw blocking durable send with the same number of "
                + "producers (while 2 transacted consumers receive).");
        e2eRate.target(Row.Target.atLeast(1000, "/s"));
        if (!Double.isNaN(rawSync)) {
            e2eRate.baseline(rawSync / 2, "msg/s raw ÷ 2 hops");
        }
        e2eRate.note(String.format(Locale.ROOT, "CloudEvents (io.omnihub.order.upserted.v1) arriving at the stub during each measured "
                        + "window ÷ window; avg CloudEvent %s B; %d undelivered after the drain timeout, %d duplicate deliveries.",
                Row.fmt(stub.averageEventBytes()), undelivered, stub.duplicates.get()));
        drainRate.note("Orders delivered per second after the window closed, until every order of the window had arrived: the "
                + "publish → deliver capacity when it does not compete with intake for the CPU (B5-like backlog drain).");
        e2e99.target(Row.Target.atMost(250, " ms"))
                .note("From the client's send of the webhook to the CloudEvent's arrival at the stub (same clock), every order of the "
                        + "window, measured after the drain; at open throttle this includes the backlog the run builds up.");
        results.info("webhookStatuses", w.statuses());
        return errors;
    }

    private long latency(BrokerProbe probe, DestinationStub stub, OkHttpClient http, Webhooks hooks) throws Exception {
        awaitIdle(probe, s.drainTimeout);
        log("latency: warm-up %d s at %d/s", s.warmup.toSeconds(), s.rate);
        ConcurrentHashMap<Long, Long> warm = new ConcurrentHashMap<>();
        Load.Outcome w = Load.openLoop(http, hooks, s.rate, s.warmup, Duration.ofSeconds(60), warm);
        acceptedForHygiene += w.ok();
        long errors = w.failed();
        awaitDelivered(stub, warm.keySet(), s.drainTimeout);
        awaitIdle(probe, s.drainTimeout);
        Row p50 = results.row("latency.p50", "", "", "");
        Row p99 = results.row("latency.p99", "", "", "");
        Row p999 = results.row("latency.p999", "", "", "");
        Row max = results.row("latency.max", "", "", "");
        Row e2e = results.row("e2e.rate.p99", "", "", "");
        for (int r = 0; r < s.reps; r++) {
            ConcurrentHashMap<Long, Long> sent = new ConcurrentHashMap<>();
            Load.Outcome o = Load.openLoop(http, hooks, s.rate, s.measure, Duration.ofSeconds(60), sent);
            acceptedForHygiene += o.ok();
            errors += o.failed();
            Histogram h = o.latencyMicros();
            p50.add(h.getValueAtPercentile(50) / 1000.0);
            p99.add(h.getValueAtPercentile(99) / 1000.0);
            p999.add(h.getValueAtPercentile(99.9) / 1000.0);
            max.add(h.getMaxValue() / 1000.0);
            long missing = awaitDelivered(stub, sent.keySet(), s.drainTimeout);
            Histogram d = e2eLatency(stub, sent);
            awaitIdle(probe, s.drainTimeout);
            e2e.add(d.getValueAtPercentile(99) / 1000.0);
            log("latency rep %d: %d ok %d other, p50 %s p99 %s p99.9 %s max %s ms; e2e p99 %s ms, %d undelivered", r + 1, o.ok(), o.failed(),
                    Row.fmt(h.getValueAtPercentile(50) / 1000.0), Row.fmt(h.getValueAtPercentile(99) / 1000.0),
                    Row.fmt(h.getValueAtPercentile(99.9) / 1000.0), Row.fmt(h.getMaxValue() / 1000.0),
                    Row.fmt(d.getValueAtPercentile(99) / 1000.0), missing);
        }
        p99.target(Row.Target.atMost(50, " ms"));
        if (!Double.isNaN(rawP99Ms)) {
            p99.baseline(rawP99Ms, "ms raw");
        }
        p99.note("Open loop at a constant " + s.rate + " requests/s, HdrHistogram, latency from each request's scheduled send time "
                + "(coordinated-omission free) to the 200 answer. Baseline: raw blocking durable send p99 at the same rate (R2).");
        max.target(Row.Target.atMost(500, " ms"));
        e2e.target(Row.Target.atMost(250, " ms"));
        return errors;
    }

    private void stock(Hub hub, StockBench stock, OkHttpClient http) throws Exception {
        double floor = stock.floorSeconds();
        long timeoutMs = (long) Math.max(180_000, floor * 10_000);
        long warmThrottled = 0;
        if (s.stockWarmup) {
            log("stock: warm-up push of %d SKUs to %d channel(s) (floor %.1f s)", s.stockSkus, s.stockChannels, floor);
            StockBench.Run warm = stock.run(http, hub.baseUrl(), s.stockBatch, timeoutMs);
            warmThrottled = warm.throttled();
            log("stock warm-up: %.1f s (POSTs %.1f s), %d THROTTLED, %d mutations, complete %s", warm.seconds(), warm.postSeconds(),
                    warm.throttled(), warm.mutations(), warm.complete());
        }
        Row time = results.row("stock.time", "", "", "");
        Row throttled = results.row("stock.throttled", "", "", "");
        List<String> detail = new ArrayList<>();
        for (int r = 0; r < s.stockReps; r++) {
            StockBench.Run run = stock.run(http, hub.baseUrl(), s.stockBatch, timeoutMs);
            time.add(run.seconds()); // an incomplete run shows its timeout (a lower bound) and fails on the ratio
            throttled.add(run.throttled());
            detail.add(String.format(Locale.ROOT, "%.1f s (POSTs done after %.1f s, %d mutations%s)", run.seconds(), run.postSeconds(),
                    run.mutations(), run.complete() ? "" : ", INCOMPLETE: " + run.missing() + " quantities missing"));
            log("stock rep %d: %.1f s (POSTs %.1f s), %d THROTTLED, %d mutations, complete %s", r + 1, run.seconds(), run.postSeconds(),
                    run.throttled(), run.mutations(), run.complete());
        }
        time.baseline(floor, "s floor").target(Row.Target.ratioAtMost(1.2));
        time.note(String.format(Locale.ROOT, "Shopify simulators with restore %d pts/s, bucket %d pts, 10 pts per inventorySetQuantities "
                        + "(≤ 250 items), 1 pt per query; floor = max(0, ceil(N/250)·10 − bucket)/restore = %.1f s per channel (queries "
                        + "for SKU lookup not counted). POST /api/v1/stock in batches of %d, one after the other%s. Runs: %s.",
                s.stockRestoreRate, s.stockBucket, floor, s.stockBatch,
                s.stockWarmup ? " (a warm-up push first, so SKU lookups are cached)" : " (no warm-up push: SKU lookups included)",
                String.join("; ", detail)));
        throttled.target(Row.Target.atMost(0, "")).note("THROTTLED answers of the simulators during the measured runs (warm-up: "
                + warmThrottled + ").");
    }

    private void memory(Hub hub, DestinationStub stub, BrokerProbe probe, OkHttpClient http, Webhooks hooks) throws Exception {
        stub.answer(503);
        double ceBytes = stub.averageEventBytes();
        String basis = "average CloudEvent delivered in the e2e runs";
        if (Double.isNaN(ceBytes)) {
            ceBytes = hooks.bodyBytes;
            basis = "webhook body size (no e2e run sized the CloudEvent)";
        }
        long raw0 = Math.max(0, probe.messageCount(RAW_QUEUE));
        long dest0 = Math.max(0, probe.messageCount(DESTINATION_QUEUE));
        long heap0 = hub.heapUsedAfterGc();
        long rss0 = hub.rssBytes();
        results.row("memory.heap0", "", "", "").add(heap0 / 1048576.0);
        results.row("memory.rss0", "", "", "").add(rss0 / 1048576.0)
                .note("Resident set size of the hub process (/proc/<pid>/status VmRSS) before the memory run, after the other workloads.");
        log("memory: destination answers 503; %d raw + %d destination messages queued; heap after GC %.1f MiB, RSS %.1f MiB",
                raw0, dest0, heap0 / 1048576.0, rss0 / 1048576.0);
        long accepted = 0;
        double growthFirst = Double.NaN;
        for (int i = 0; i < s.memorySteps.size(); i++) {
            int target = s.memorySteps.get(i);
            Load.Outcome o = Load.closedLoop(http, hooks, s.clients, Duration.ofHours(2), target - accepted, null);
            accepted += o.ok();
            Thread.sleep(2_000); // let in-flight publishes settle; events stay queued in raw or destination queue
            long raw = probe.messageCount(RAW_QUEUE) - raw0;
            long dest = probe.messageCount(DESTINATION_QUEUE) - dest0;
            long heap = hub.heapUsedAfterGc();
            long rss = hub.rssBytes();
            double growth = heap - heap0;
            results.info("heapHistogramTop.step" + i, topOfHistogram(hub, 15));
            double payload = raw * (double) hooks.bodyBytes + dest * ceBytes;
            log("memory: %d accepted (%.0f/s); queued %d raw + %d canonical; heap after GC %.1f MiB (growth %.1f MiB for %.1f MiB "
                            + "payload), RSS %.1f MiB", accepted, o.okPerSecond(), raw, dest, heap / 1048576.0, growth / 1048576.0,
                    payload / 1048576.0, rss / 1048576.0);
            Row r = results.row("memory.step" + i, "", "", "").add(growth / 1048576.0)
                    .baseline(payload / 1048576.0, "MiB payload").target(Row.Target.ratioAtMost(3));
            r.note(String.format(Locale.ROOT, "%,d webhooks accepted while the stub answers 503; queued when the heap was read: %,d raw "
                            + "webhooks in %s (× %d B body) + %,d CloudEvents in %s (× %s B, %s) = payload. Heap = jcmd GC.run twice, then "
                            + "GC.heap_info used, minus the 0-queued reading; RSS %.0f MiB.", accepted, raw, RAW_QUEUE, hooks.bodyBytes, dest,
                    DESTINATION_QUEUE, Row.fmt(ceBytes), basis, rss / 1048576.0));
            if (i == 0) {
                growthFirst = growth;
            } else {
                results.row("memory.flat" + i, "", "", "").add(growth / 1048576.0).baseline(growthFirst / 1048576.0, "MiB growth")
                        .target(Row.Target.ratioAtMost(1.5))
                        .note("B3 R3p: heap growth at this step ÷ growth at the first step; with paging (omnihub.# max-size-bytes "
                                + "64 MiB per address) it should stay flat while the queues grow.");
            }
        }
        stub.answer(200);
    }

    // ---------------------------------------------------------------- helpers

    /** The largest classes on the heap ({@code jcmd GC.class_histogram}), for the JSON result. */
    private static List<String> topOfHistogram(Hub hub, int lines) {
        try {
            List<String> out = new ArrayList<>();
            for (String l : hub.jcmd("GC.class_histogram").split("\n")) {
                if (l.matches("\\s*\\d+:\\s+\\d+\\s+\\d+\\s+.*")) {
                    out.add(l.trim().replaceAll("\\s+", " "));
                    if (out.size() == lines) {
                        break;
                    }
                }
            }
            return out;
        } catch (Exception e) {
            return List.of("not available: " + e);
        }
    }

    private static double inWindowRate(DestinationStub stub, Load.Outcome o) {
        return stub.arrivals.values().stream().filter(t -> t >= o.startNanos() && t <= o.endNanos()).count() / o.seconds();
    }

    /** Waits (bounded) until the hub's raw and destination queues are empty, so the next run starts without a backlog. */
    private void awaitIdle(BrokerProbe probe, Duration bound) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + bound.toNanos();
        long raw = -1;
        long dest = -1;
        while (System.nanoTime() < deadline) {
            raw = probe.messageCount(RAW_QUEUE);
            dest = probe.messageCount(DESTINATION_QUEUE);
            if (raw <= 0 && dest <= 0) {
                break;
            }
            Thread.sleep(250);
        }
        double waited = (System.nanoTime() - t0) / 1e9;
        if (waited > 1) {
            log("waited %.1f s for the hub to drain (now %d raw, %d destination messages queued)", waited, raw, dest);
        }
    }

    /** Waits until every id arrived at the stub; returns how many did not. */
    private static long awaitDelivered(DestinationStub stub, Collection<Long> ids, Duration timeout) throws InterruptedException {
        Set<Long> remaining = new HashSet<>(ids);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            remaining.removeIf(stub.arrivals::containsKey);
            if (remaining.isEmpty() || System.nanoTime() > deadline) {
                return remaining.size();
            }
            Thread.sleep(100);
        }
    }

    /** Receipt → delivery in µs for every sent id; the undelivered count at the drain timeout's length. */
    private Histogram e2eLatency(DestinationStub stub, Map<Long, Long> sent) {
        Histogram h = Load.histogram();
        for (Map.Entry<Long, Long> e : sent.entrySet()) {
            Long arrived = stub.arrivals.get(e.getKey());
            long micros = arrived == null ? s.drainTimeout.toNanos() / 1000 : Math.max(1, (arrived - e.getValue()) / 1000);
            h.recordValue(Math.min(micros, h.getHighestTrackableValue()));
        }
        return h;
    }

    static String webhookConnectorYaml() {
        return """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: shopify
                  enabled: true
                  connection:
                    baseUrl: http://127.0.0.1:9
                    accessToken: ${BENCH_SHOPIFY_TOKEN}
                    apiVersion: "2025-10"
                  webhooks:
                    secrets: [${BENCH_SHOPIFY_WEBHOOK_SECRET}]
                  flows:
                    webhooks: true
                    orders: false
                    products: false
                    stock: false
                """.formatted(WEBHOOK_CONNECTOR);
    }

    static String destinationYaml(String url) {
        return """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [order]
                  http:
                    url: %s
                    timeout: 10s
                  delivery:
                    maxAttempts: 100
                    initialBackoff: 1s
                    maxBackoff: 30s
                """.formatted(DESTINATION, url);
    }
}
