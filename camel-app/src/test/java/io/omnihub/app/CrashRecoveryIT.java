package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * R1-lite: {@code kill -9} of the hub, run as a separate JVM from the repackaged jar, while it takes
 * thousands of Shopify webhooks and delivers them to an ERP stub. A load generator plays Shopify
 * (8 concurrent senders, every request retried with the same body and event id until it gets a 200);
 * after about 600 acknowledgements the hub gets SIGKILL and is started again on the same data
 * directory. Pass criteria: every acknowledged order reaches the ERP (0 lost) and the hub is ready
 * again within 30 s; duplicate deliveries are counted and reported (see the report in
 * {@code target/crash-report.txt}).
 */
class CrashRecoveryIT {

    static final int ORDERS = Integer.getInteger("omnihub.crash.orders", 2000);
    static final int SENDERS = Integer.getInteger("omnihub.crash.senders", 8);
    static final int KILL_AFTER = Integer.getInteger("omnihub.crash.killAfter", 600);
    static final String SHOP = "shop-crash";
    static final String DEST = "erp-crash";
    static final String SECRET = "crash-webhook-secret";
    static final Duration SEND_BUDGET = Duration.ofSeconds(100);
    static final Duration DRAIN_BUDGET = Duration.ofSeconds(120);
    static final Duration READY_BUDGET = Duration.ofSeconds(30);

    static Path moduleDir;
    static Path jar;
    static Path workDir;
    static Path dataDir;
    static Path configDir;
    static ErpStub erp;
    static int port;
    static volatile Process hub;
    static int starts;
    static boolean passed;

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    @BeforeAll
    static void setUp() throws IOException {
        moduleDir = moduleDir();
        Path built = moduleDir.resolve("target/omnihub.jar");
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException("the hub jar " + built + " is missing: run `mvn verify` (or `mvn package`) in "
                    + moduleDir + " so that spring-boot:repackage builds it before the integration tests");
        }
        workDir = Files.createDirectories(moduleDir.resolve("target/crash-it"));
        Files.deleteIfExists(moduleDir.resolve("target/crash-report.txt")); // never report an older run's figures
        dataDir = Files.createTempDirectory("omnihub-crash-data");
        configDir = Files.createTempDirectory("omnihub-crash-config");
        // Both starts run the same binary, even if target/ is rebuilt meanwhile.
        jar = Files.copy(built, dataDir.resolve("omnihub.jar"));
        erp = ErpStub.start();
        port = freePort();
        Files.writeString(configDir.resolve(SHOP + ".yaml"), """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: shopify
                  connection:
                    baseUrl: http://127.0.0.1:9
                    accessToken: ${CRASH_SHOPIFY_TOKEN}
                  webhooks:
                    secrets: [${CRASH_SHOPIFY_SECRET}]
                  flows:
                    stock: false
                """.formatted(SHOP));
        Files.writeString(configDir.resolve(DEST + ".yaml"), """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [order]
                  http:
                    url: %s
                    timeout: 5s
                  delivery:
                    maxAttempts: 100
                    initialBackoff: 50ms
                    maxBackoff: 500ms
                """.formatted(DEST, erp.url()));
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        Process p = hub;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (erp != null) {
            erp.close();
        }
        if (passed) {
            deleteTree(dataDir);
            deleteTree(configDir);
        } else {
            System.out.println("crash test: data kept in " + dataDir + " and config in " + configDir);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.out.println("crash test: could not delete " + root + ": " + e);
        }
    }

    @Test
    void killDashNineLosesNoAcknowledgedWebhook() throws Exception {
        long t0 = System.nanoTime();
        List<Order> orders = new ArrayList<>(ORDERS);
        long base = 9_000_000_000L + (System.currentTimeMillis() % 1_000_000L) * 1000L;
        Instant updated = Instant.parse("2026-03-01T00:00:00Z");
        for (int i = 0; i < ORDERS; i++) {
            orders.add(Order.of(base + i, updated.plusSeconds(i)));
        }

        startHub();
        Duration firstReady = awaitReady(Duration.ofSeconds(90));
        System.out.printf("crash test: hub ready after %d ms%n", firstReady.toMillis());

        // --- the platform: 8 senders, each request retried with the same body and event id until 200 ---
        AtomicInteger next = new AtomicInteger();
        Set<Long> sent = ConcurrentHashMap.newKeySet();
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong attempts = new AtomicLong();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        long sendDeadline = System.nanoTime() + SEND_BUDGET.toNanos();
        CountDownLatch done = new CountDownLatch(SENDERS);
        URI webhook = URI.create("http://127.0.0.1:" + port + "/webhooks/" + SHOP);
        for (int s = 0; s < SENDERS; s++) {
            Thread t = new Thread(() -> {
                try {
                    int i;
                    while ((i = next.getAndIncrement()) < orders.size()) {
                        Order o = orders.get(i);
                        sent.add(o.id);
                        while (System.nanoTime() < sendDeadline) {
                            attempts.incrementAndGet();
                            String outcome = post(webhook, o);
                            if ("200".equals(outcome)) {
                                acknowledged.add(o.id);
                                break;
                            }
                            failures.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                            sleep(200);
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "shopify-sender-" + s);
            t.setDaemon(true);
            t.start();
        }

        // --- kill -9 after ~600 acknowledgements, then restart on the same data directory ---
        while (acknowledged.size() < KILL_AFTER && done.getCount() > 0 && System.nanoTime() < sendDeadline) {
            Thread.sleep(5);
        }
        assertThat(acknowledged.size()).as("acknowledged before the kill").isGreaterThanOrEqualTo(KILL_AFTER);
        Process victim = hub;
        long pid = victim.pid();
        int ackedAtKill = acknowledged.size();
        long killedAt = System.nanoTime();
        Instant killInstant = Instant.now();
        victim.destroyForcibly(); // SIGKILL on Linux
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as("hub process exited").isTrue();
        assertThat(victim.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid + " is gone").isFalse();
        int exit = victim.exitValue();
        assertThat(exit).as("exit status of a SIGKILLed JVM (128 + 9)").isEqualTo(137);
        System.out.printf("crash test: killed pid %d (exit %d) after %d acknowledged%n", pid, exit, ackedAtKill);

        startHub();
        awaitReady(Duration.ofSeconds(90));
        Duration readyAfterKill = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf("crash test: ready again %d ms after the kill%n", readyAfterKill.toMillis());

        assertThat(done.await(SEND_BUDGET.toMillis() + 5_000, TimeUnit.MILLISECONDS)).as("senders finished").isTrue();
        long sendersDone = System.nanoTime();

        // --- drain: every acknowledged order at the ERP (max 120 s) ---
        Deliveries deliveries = new Deliveries();
        long drainDeadline = System.nanoTime() + DRAIN_BUDGET.toNanos();
        while (System.nanoTime() < drainDeadline) {
            deliveries.collect(erp);
            if (deliveries.orderIds().containsAll(acknowledged)) {
                break;
            }
            Thread.sleep(500);
        }
        Duration drained = Duration.ofNanos(System.nanoTime() - sendersDone);
        Thread.sleep(2000); // late redeliveries still count as duplicates
        deliveries.collect(erp);

        Set<Long> lost = new HashSet<>(acknowledged);
        lost.removeAll(deliveries.orderIds());
        long dupCloudEvents = deliveries.duplicates(deliveries.byCloudEventId);
        long dupOrderVersions = deliveries.duplicates(deliveries.byOrderVersion);
        String hubState = hubState();

        StringBuilder report = new StringBuilder();
        report.append("OmniHub crash test (R1-lite): kill -9 of the hub JVM under webhook load\n");
        report.append("run at                      : ").append(Instant.now()).append('\n');
        report.append("orders (distinct)           : ").append(ORDERS).append(", senders ").append(SENDERS).append('\n');
        report.append("sent                        : ").append(sent.size()).append('\n');
        report.append("acknowledged (200)          : ").append(acknowledged.size()).append('\n');
        report.append("acknowledged before the kill: ").append(ackedAtKill).append('\n');
        report.append("HTTP attempts               : ").append(attempts.get()).append('\n');
        report.append("non-200 outcomes (retried)  : ").append(new TreeMap<>(snapshot(failures))).append('\n');
        report.append("delivered distinct order ids: ").append(deliveries.orderIds().size()).append('\n');
        report.append("deliveries answered 2xx     : ").append(deliveries.total).append('\n');
        report.append("lost (acked, not delivered) : ").append(lost.size()).append(lost.isEmpty() ? "" : " " + first(lost, 20)).append('\n');
        report.append("duplicated CloudEvent ids   : ").append(dupCloudEvents).append('\n');
        report.append("duplicated order id+version : ").append(dupOrderVersions).append('\n');
        for (String example : deliveries.duplicateExamples(killInstant, 10)) {
            report.append("  duplicate (vs. the kill)  : ").append(example).append('\n');
        }
        report.append("kill -> ready again         : ").append(readyAfterKill.toMillis()).append(" ms\n");
        report.append("first start -> ready        : ").append(firstReady.toMillis()).append(" ms\n");
        report.append("senders done -> all drained : ").append(drained.toMillis()).append(" ms\n");
        report.append("whole test                  : ").append(Duration.ofNanos(System.nanoTime() - t0).toMillis()).append(" ms\n");
        report.append("hub state after the drain   : ").append(hubState).append('\n');
        System.out.print(report);
        StringBuilder csv = new StringBuilder("ms_since_kill,order_id,cloudevent_id\n");
        deliveries.log.stream().sorted(java.util.Comparator.comparing((String[] r) -> r[0])).forEach(r -> csv
                .append(Duration.between(killInstant, Instant.parse(r[0])).toMillis()).append(',')
                .append(r[1]).append(',').append(r[2]).append('\n'));
        Files.writeString(workDir.resolve("deliveries.csv"), csv);
        Files.writeString(moduleDir.resolve("target/crash-report.txt"), report.toString());

        assertThat(acknowledged).as("every order acknowledged within the send budget").hasSize(ORDERS);
        assertThat(failures.keySet()).as("no webhook rejected as bad input").noneMatch(k -> k.equals("400") || k.equals("401"));
        assertThat(lost).as("acknowledged but never delivered").isEmpty();
        assertThat(readyAfterKill).as("ready again after the kill").isLessThanOrEqualTo(READY_BUDGET);
        passed = true;
    }

    // ------------------------------------------------------------------------------------------

    /** One Shopify orders/create webhook, identical on every retry. */
    record Order(long id, String eventId, byte[] body, Map<String, String> headers) {

        static final ObjectNode TEMPLATE = (ObjectNode) read(Fixtures.text("fixtures/shopify/webhooks/orders-create.json"));

        static Order of(long id, Instant updatedAt) {
            ObjectNode o = TEMPLATE.deepCopy();
            o.put("id", id);
            o.put("updated_at", updatedAt.toString());
            try {
                byte[] body = Json.mapper().writeValueAsBytes(o);
                String eventId = UUID.randomUUID().toString();
                return new Order(id, eventId, body, ShopifySigner.headers("orders/create", body, SECRET, eventId, "crash.myshopify.com"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What the ERP stub received with 2xx, parsed once per request. */
    static final class Deliveries {
        final Set<UUID> seen = new HashSet<>();
        final Map<String, Integer> byCloudEventId = new HashMap<>();
        final Map<String, Integer> byOrderVersion = new HashMap<>();
        final Set<Long> orders = new HashSet<>();
        final Map<String, List<Instant>> timesByCloudEventId = new HashMap<>();
        final Map<String, String> orderByCloudEventId = new HashMap<>();
        final List<String[]> log = new ArrayList<>();
        long total;

        void collect(ErpStub stub) {
            for (ServeEvent e : stub.server().getAllServeEvents()) {
                if (e.getResponse() == null || seen.contains(e.getId())) {
                    continue;
                }
                seen.add(e.getId());
                if (e.getResponse().getStatus() / 100 != 2 || !e.getRequest().getUrl().startsWith("/events")) {
                    continue;
                }
                JsonNode ce = read(e.getRequest().getBodyAsString());
                String orderId = ce.path("data").path("externalId").asText();
                total++;
                byCloudEventId.merge(ce.path("id").asText(), 1, Integer::sum);
                timesByCloudEventId.computeIfAbsent(ce.path("id").asText(), k -> new ArrayList<>())
                        .add(e.getRequest().getLoggedDate().toInstant());
                orderByCloudEventId.put(ce.path("id").asText(), orderId);
                log.add(new String[] {e.getRequest().getLoggedDate().toInstant().toString(), orderId, ce.path("id").asText()});
                byOrderVersion.merge(orderId + "@" + ce.path("omnihubentityversion").asText(), 1, Integer::sum);
                orders.add(Long.parseLong(orderId));
            }
        }

        Set<Long> orderIds() {
            return orders;
        }

        long duplicates(Map<String, Integer> counts) {
            return counts.values().stream().mapToLong(n -> n - 1).sum();
        }

        /** Up to {@code n} duplicated CloudEvents: order id and delivery times in ms relative to the kill. */
        List<String> duplicateExamples(Instant kill, int n) {
            return byCloudEventId.entrySet().stream().filter(en -> en.getValue() > 1).limit(n)
                    .map(en -> "order " + orderByCloudEventId.get(en.getKey()) + " delivered at "
                            + timesByCloudEventId.get(en.getKey()).stream().sorted()
                                    .map(t -> String.format("%+d ms", Duration.between(kill, t).toMillis())).toList())
                    .toList();
        }
    }

    /** POSTs the webhook; the HTTP status, or the kind of I/O failure (connection refused, reset, timeout). */
    static String post(URI uri, Order o) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(o.body));
        o.headers.forEach(b::header);
        try {
            return String.valueOf(HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return e.getClass().getSimpleName();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static void startHub() throws IOException {
        starts++;
        hub = startJar(jar, port, dataDir, configDir, workDir, starts, Map.of("CRASH_SHOPIFY_TOKEN", "shpat_crash_token",
                "OMNIHUB_ADMIN_PASSWORD", "crash-admin-password", "CRASH_SHOPIFY_SECRET", SECRET));
    }

    /**
     * Starts the packaged hub as its own process on its embedded defaults (demo and broker acceptor off), with
     * the given data and config folders, output in {@code workDir/hub-<n>.out|err}, and {@code env} added.
     */
    static Process startJar(Path jar, int port, Path dataDir, Path configDir, Path workDir, int n, Map<String, String> env)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--omnihub.data-dir=" + dataDir,
                "--omnihub.config-dir=" + configDir,
                "--omnihub.demo.enabled=false",
                "--omnihub.broker.acceptor-port=-1")
                .directory(workDir.toFile())
                .redirectOutput(workDir.resolve("hub-" + n + ".out").toFile())
                .redirectError(workDir.resolve("hub-" + n + ".err").toFile());
        pb.environment().remove("OMNIHUB_DATA_DIR");
        pb.environment().remove("OMNIHUB_CONFIG_DIR");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Waits until readiness is 200 and the connector and destination are live; the time it took. */
    static Duration awaitReady(Duration max) {
        long start = System.nanoTime();
        long end = start + max.toNanos();
        while (System.nanoTime() < end) {
            if (!hub.isAlive()) {
                throw new AssertionError("the hub exited with " + hub.exitValue() + "; see " + workDir);
            }
            try {
                HttpResponse<String> r = get("/actuator/health/readiness");
                if (r.statusCode() == 200
                        && read(get("/api/v1/connectors").body()).findValuesAsText("id").contains(SHOP)
                        && read(get("/api/v1/destinations").body()).findValuesAsText("id").contains(DEST)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (IOException | RuntimeException e) {
                // not listening yet
            }
            sleep(100);
        }
        throw new AssertionError("the hub was not ready within " + max.toSeconds() + " s; see " + workDir);
    }

    static String hubState() {
        try {
            JsonNode c = read(get("/api/v1/connectors").body());
            JsonNode d = read(get("/api/v1/destinations").body());
            StringBuilder sb = new StringBuilder();
            for (JsonNode n : c) {
                sb.append("connector ").append(n.path("id").asText()).append(" backlog=").append(n.path("backlog"))
                        .append(" deadLetters=").append(n.path("deadLetters")).append("; ");
            }
            for (JsonNode n : d) {
                sb.append("destination ").append(n.path("id").asText()).append(" backlog=").append(n.path("backlog"))
                        .append(" deadLetters=").append(n.path("deadLetters"));
            }
            return sb.toString();
        } catch (IOException | RuntimeException e) {
            return "unavailable: " + e;
        }
    }

    static HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:crash-admin-password".getBytes()))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        if (basedir != null && Files.isDirectory(Path.of(basedir, "src"))) {
            return Path.of(basedir).toAbsolutePath();
        }
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("camel-app")) ? cwd.resolve("camel-app") : cwd;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static JsonNode read(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Long> snapshot(Map<String, AtomicLong> m) {
        Map<String, Long> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    static List<Long> first(Set<Long> s, int n) {
        return s.stream().sorted().limit(n).toList();
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
