package io.omnihub.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one run does: the mode's durations and sizes, overridable from the command line
 * ({@code --name=value}); see {@link #usage()}.
 */
public final class BenchSettings {

    /** The workloads, in the order they run. */
    public static final List<String> WORKLOADS = List.of("baseline", "startup", "ingest", "latency", "stock", "memory");

    String mode = "quick";
    Path hubJar = Path.of("camel-app/target/omnihub.jar");
    Path resultsDir = Path.of("bench/results");
    List<String> hubJvmArgs = new ArrayList<>();
    Path jfr;
    Set<String> workloads = new LinkedHashSet<>(WORKLOADS);

    Duration warmup;
    Duration measure;
    int reps;
    /** Concurrent HTTP clients (open throttle) and concurrent producers of the raw baseline. */
    int clients = 16;
    /** Offered rate of the fixed-rate run, per second. */
    int rate = 200;
    Duration drainTimeout;
    int startupReps;

    int stockSkus;
    int stockChannels;
    int stockBatch = 500;
    int stockRestoreRate;
    int stockBucket;
    int stockReps;
    boolean stockWarmup = true;

    /** Queued events at which the heap is read, after the 0 point (e.g. 10,000 and 100,000). */
    List<Integer> memorySteps = new ArrayList<>();

    static BenchSettings forMode(String mode) {
        BenchSettings s = new BenchSettings();
        s.mode = mode;
        switch (mode) {
            case "quick" -> {
                s.warmup = Duration.ofSeconds(2);
                s.measure = Duration.ofSeconds(3);
                s.reps = 2;
                s.drainTimeout = Duration.ofSeconds(30);
                s.startupReps = 1;
                s.stockSkus = 1_000;
                s.stockChannels = 1;
                s.stockRestoreRate = 10;
                s.stockBucket = 20;
                s.stockReps = 1;
                s.stockWarmup = false;
                s.memorySteps = List.of(500, 2_000);
            }
            case "full" -> {
                s.warmup = Duration.ofSeconds(30);
                s.measure = Duration.ofSeconds(60);
                s.reps = 3;
                s.drainTimeout = Duration.ofSeconds(600);
                s.startupReps = 3;
                s.stockSkus = 10_000;
                s.stockChannels = 2;
                s.stockRestoreRate = 20;
                s.stockBucket = 100;
                s.stockReps = 3;
                s.memorySteps = List.of(10_000, 100_000);
            }
            default -> throw new IllegalArgumentException("mode must be quick or full, not " + mode);
        }
        return s;
    }

    /** Parses {@code [quick|full] [--option=value ...]}. */
    static BenchSettings parse(String[] args) {
        String mode = "quick";
        List<String> opts = new ArrayList<>();
        for (String a : args) {
            if (a.equals("quick") || a.equals("full")) {
                mode = a;
            } else if (a.startsWith("--mode=")) {
                mode = a.substring(7);
            } else {
                opts.add(a);
            }
        }
        BenchSettings s = forMode(mode);
        for (String o : opts) {
            if (!o.startsWith("--") || !o.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + o + "'\n" + usage());
            }
            String k = o.substring(2, o.indexOf('='));
            String v = o.substring(o.indexOf('=') + 1);
            switch (k) {
                case "hub-jar" -> s.hubJar = Path.of(v);
                case "results" -> s.resultsDir = Path.of(v);
                case "hub-jvm-args" -> s.hubJvmArgs = v.isBlank() ? new ArrayList<>() : new ArrayList<>(List.of(v.trim().split("\\s+")));
                case "jfr" -> s.jfr = Path.of(v).toAbsolutePath();
                case "workloads" -> {
                    s.workloads = new LinkedHashSet<>();
                    for (String w : v.split(",")) {
                        if (!WORKLOADS.contains(w.trim())) {
                            throw new IllegalArgumentException("unknown workload '" + w + "'; known: " + WORKLOADS);
                        }
                        s.workloads.add(w.trim());
                    }
                }
                case "warmup" -> s.warmup = Duration.ofSeconds(Long.parseLong(v));
                case "measure" -> s.measure = Duration.ofSeconds(Long.parseLong(v));
                case "reps" -> s.reps = Integer.parseInt(v);
                case "clients" -> s.clients = Integer.parseInt(v);
                case "rate" -> s.rate = Integer.parseInt(v);
                case "drain-timeout" -> s.drainTimeout = Duration.ofSeconds(Long.parseLong(v));
                case "startup-reps" -> s.startupReps = Integer.parseInt(v);
                case "stock-skus" -> s.stockSkus = Integer.parseInt(v);
                case "stock-channels" -> s.stockChannels = Integer.parseInt(v);
                case "stock-batch" -> s.stockBatch = Integer.parseInt(v);
                case "stock-restore-rate" -> s.stockRestoreRate = Integer.parseInt(v);
                case "stock-bucket" -> s.stockBucket = Integer.parseInt(v);
                case "stock-reps" -> s.stockReps = Integer.parseInt(v);
                case "stock-warmup" -> s.stockWarmup = Boolean.parseBoolean(v);
                case "memory-steps" -> {
                    List<Integer> steps = new ArrayList<>();
                    for (String x : v.split(",")) {
                        steps.add(Integer.parseInt(x.trim().replace("_", "")));
                    }
                    s.memorySteps = steps;
                }
                default -> throw new IllegalArgumentException("unknown option --" + k + "\n" + usage());
            }
        }
        if (s.reps < 1 || s.clients < 1 || s.rate < 1 || s.startupReps < 1 || s.stockReps < 1 || s.stockChannels < 1) {
            throw new IllegalArgumentException("reps, clients, rate, startup-reps, stock-reps and stock-channels must be ≥ 1");
        }
        return s;
    }

    boolean runs(String workload) {
        return workloads.contains(workload);
    }

    String describe() {
        return String.format(Locale.ROOT, "mode=%s warmup=%ds measure=%ds reps=%d clients=%d rate=%d/s stock=%d SKUs x %d channel(s), "
                        + "batches of %d, restore %d pts/s, bucket %d; memory steps %s; startup reps %d",
                mode, warmup.toSeconds(), measure.toSeconds(), reps, clients, rate, stockSkus, stockChannels, stockBatch,
                stockRestoreRate, stockBucket, memorySteps, startupReps);
    }

    static String usage() {
        return """
                usage: java -jar bench/target/omnihub-bench.jar [quick|full] [--option=value ...]
                  --hub-jar=PATH            hub jar (default camel-app/target/omnihub.jar)
                  --results=DIR             where <timestamp>.md/.json go (default bench/results)
                  --workloads=a,b           subset of baseline,startup,ingest,latency,stock,memory
                  --hub-jvm-args='-Xmx1g'   extra JVM options for the hub process (default: none)
                  --jfr=FILE.jfr            record the hub with Java Flight Recorder (profile settings)
                  --warmup=S --measure=S --reps=N --clients=C --rate=R --drain-timeout=S --startup-reps=N
                  --stock-skus=N --stock-channels=K --stock-batch=B --stock-restore-rate=P --stock-bucket=P --stock-reps=N --stock-warmup=true|false
                  --memory-steps=10000,100000
                """;
    }
}
