package io.omnihub.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The hub as a separate JVM on its embedded defaults: fresh temporary data and config folders, free
 * HTTP and broker ports, demo off, the given connector/destination files and environment (secrets);
 * only JVM options the caller asks for. Knows its PID for {@code jcmd} and stops it by that PID.
 */
final class Hub implements AutoCloseable {

    /** The ops API password the bench gives the hub it starts (user {@code admin}). */
    static final String ADMIN_PASSWORD = "bench-admin-password";
    /** The {@code Authorization} header for the hub's ops API. */
    static final String AUTHORIZATION = okhttp3.Credentials.basic("admin", ADMIN_PASSWORD);


    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*\\S.*?heap\\s+total\\s+(\\d+)K,\\s+used\\s+(\\d+)K");

    final Path dir;
    final Path dataDir;
    final Path configDir;
    final Path log;
    final int httpPort;
    final int brokerPort;
    private final Process process;
    private final long startedNanos;
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    double readySeconds = Double.NaN;

    private Hub(Path dir, int httpPort, int brokerPort, Process process, long startedNanos) {
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.configDir = dir.resolve("config");
        this.log = dir.resolve("hub.log");
        this.httpPort = httpPort;
        this.brokerPort = brokerPort;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /** Writes the config files into a fresh folder and starts the hub; does not wait. */
    static Hub start(Path jar, List<String> jvmArgs, Path jfr, Map<String, String> configFiles, Map<String, String> env)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("hub jar not found: " + jar.toAbsolutePath() + " (build it: mvn -q -DskipTests install)");
        }
        Path dir = Files.createTempDirectory("omnihub-bench-hub-");
        Files.createDirectories(dir.resolve("data"));
        Path config = Files.createDirectories(dir.resolve("config"));
        for (Map.Entry<String, String> f : configFiles.entrySet()) {
            Files.writeString(config.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        int httpPort = freePort();
        int brokerPort = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (jfr != null) {
            cmd.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
        }
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("--omnihub.data-dir=" + dir.resolve("data"));
        cmd.add("--omnihub.config-dir=" + config);
        cmd.add("--server.port=" + httpPort);
        cmd.add("--server.address=127.0.0.1");
        cmd.add("--omnihub.demo.enabled=false");
        cmd.add("--omnihub.broker.acceptor-host=127.0.0.1");
        cmd.add("--omnihub.broker.acceptor-port=" + brokerPort);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("hub.log").toFile());
        pb.environment().remove("OMNIHUB_DEMO");
        pb.environment().remove("OMNIHUB_DATA_DIR");
        pb.environment().remove("OMNIHUB_CONFIG_DIR");
        pb.environment().remove("SPRING_PROFILES_ACTIVE");
        pb.environment().put("OMNIHUB_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        Hub hub = new Hub(dir, httpPort, brokerPort, p, t0);
        Runtime.getRuntime().addShutdownHook(new Thread(hub::kill));
        return hub;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for {@code /actuator/health/readiness} to answer 200; returns the seconds since the process started. */
    double awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + " before it was ready; log tail:\n" + logTail(40));
            }
            if (get("/actuator/health/readiness") == 200) {
                readySeconds = (System.nanoTime() - startedNanos) / 1e9;
                return readySeconds;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("hub not ready after " + timeout.toSeconds() + " s; log tail:\n" + logTail(40));
    }

    /** Waits until the ops API lists every id (connectors and destinations running from the config folder). */
    void awaitConfigured(List<String> connectorIds, List<String> destinationIds, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String c = body("/api/v1/connectors");
            String d = body("/api/v1/destinations");
            if (c != null && d != null && connectorIds.stream().allMatch(id -> c.contains("\"id\":\"" + id + "\""))
                    && destinationIds.stream().allMatch(id -> d.contains("\"id\":\"" + id + "\""))) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("hub did not load the bench config in " + timeout.toSeconds() + " s; problems: "
                + body("/api/v1/config/problems") + "\nlog tail:\n" + logTail(40));
    }

    int get(String path) {
        try (Response r = http.newCall(new Request.Builder().url(baseUrl() + path).header("Authorization", AUTHORIZATION).build()).execute()) {
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }

    String body(String path) {
        try (Response r = http.newCall(new Request.Builder().url(baseUrl() + path).header("Authorization", AUTHORIZATION).build()).execute()) {
            return r.isSuccessful() ? r.body().string() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Heap in use after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes. */
    long heapUsedAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        Thread.sleep(300);
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("cannot read heap use from jcmd GC.heap_info:\n" + info);
        }
        return Long.parseLong(m.group(2)) * 1024;
    }

    /** Resident set size of the hub process in bytes (Linux), or -1. */
    long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Counts log lines containing the text (e.g. WARN/ERROR). */
    long logCount(String text) {
        try (Stream<String> s = Files.lines(log, StandardCharsets.ISO_8859_1)) {
            return s.filter(l -> l.contains(text)).count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** SIGTERM by PID, then SIGKILL after a grace period (the JFR dump needs the graceful path). */
    private void kill() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        kill();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        deleteQuietly(dir);
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
