package io.omnihub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the quick mode against the real hub jar and checks that the harness works: every workload
 * produced numbers, the table has every row, and the Markdown and JSON files were written. It never
 * judges the numbers themselves (a slow, shared CI machine must not fail the build).
 */
class BenchSmokeTest {

    /** Every row the quick mode must fill. */
    static final List<String> ROWS = List.of(
            "baseline.sync", "baseline.txrecv", "baseline.async", "baseline.p99",
            "startup.ready", "startup.first",
            "ingest.rate", "ingest.open.p99", "e2e.rate", "e2e.drain", "e2e.open.p50", "e2e.open.p99",
            "latency.p50", "latency.p99", "latency.p999", "latency.max", "e2e.rate.p99",
            "ingest.errors", "hygiene.conn", "hygiene.health",
            "stock.time", "stock.throttled",
            "memory.heap0", "memory.rss0", "memory.step0", "memory.step1", "memory.flat1");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void quickModeFillsEveryRow() throws IOException {
        Path jar = Path.of(System.getProperty("omnihub.hub.jar", "../camel-app/target/omnihub.jar"));
        assumeTrue(Files.isRegularFile(jar), "hub jar not built (" + jar + "): run mvn install first");
        Path resultsDir = Path.of(System.getProperty("omnihub.bench.results", "target/bench-smoke"));

        BenchSettings settings = BenchSettings.parse(new String[] {"quick", "--hub-jar=" + jar, "--results=" + resultsDir});
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Results results;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                log.write(b);
                System.out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                log.write(b, off, len);
                System.out.write(b, off, len);
            }
        };
        try (PrintStream out = new PrintStream(tee, true, StandardCharsets.UTF_8)) {
            results = new BenchMain(settings, out).run();
        }
        String console = log.toString(StandardCharsets.UTF_8);

        assertThat(results.problems()).as("workloads that threw; log:\n%s", console).isEmpty();
        assertThat(results.rows().keySet()).containsExactlyInAnyOrderElementsOf(ROWS);
        for (Row r : results.rows().values()) {
            assertThat(r.hasData()).as("row %s (%s) has numbers; log:\n%s", r.id(), r.metric, console).isTrue();
            assertThat(r.verdict()).isNotEqualTo(Row.Verdict.NO_DATA);
        }
        // the hub really did the work (not just numbers from a harness that measured nothing)
        assertThat(results.rows().get("ingest.rate").median()).isGreaterThan(0);
        assertThat(results.rows().get("e2e.rate").median()).isGreaterThan(0);
        assertThat(results.rows().get("stock.time").median()).isFinite();

        String table = results.consoleTable();
        for (Row r : results.rows().values()) {
            assertThat(table).contains(r.metric);
        }
        Path md = results.write(resultsDir);
        assertThat(Files.readString(md)).contains("| workload | metric | median | spread (min–max) | baseline | ratio | target | result |");
        Path json = Path.of(md.toString().replaceFirst("\\.md$", ".json"));
        assertThat(json).exists();
        try (Stream<String> lines = Files.lines(json)) {
            assertThat(lines.filter(l -> l.contains("\"id\" :")).count()).isEqualTo(ROWS.size());
        }
    }
}
