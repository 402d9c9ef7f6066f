package io.omnihub.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The back office the hub delivers to: an HTTP endpoint on 127.0.0.1 that answers 200 at once (or 503,
 * to make events queue in the hub) and records, per order id found in the CloudEvent subject
 * ({@code <connector>:order:<id>}), the {@link System#nanoTime()} of its first arrival.
 */
final class DestinationStub implements AutoCloseable {

    private static final byte[] SUBJECT = "\"subject\":\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService pool;
    final ConcurrentHashMap<Long, Long> arrivals = new ConcurrentHashMap<>();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong bodyBytes = new AtomicLong();
    final AtomicLong unparsed = new AtomicLong();
    private volatile int status = 200;

    DestinationStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
        pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-destination-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/events", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    /** 200 (deliveries succeed) or e.g. 503 (the hub retries and queues). */
    void answer(int status) {
        this.status = status;
    }

    private void handle(HttpExchange ex) throws IOException {
        long now = System.nanoTime();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        requests.incrementAndGet();
        int s = status;
        if (s == 200) {
            bodyBytes.addAndGet(body.length);
            long id = orderId(body);
            if (id < 0) {
                unparsed.incrementAndGet();
            } else if (arrivals.putIfAbsent(id, now) != null) {
                duplicates.incrementAndGet();
            }
        } else {
            refused.incrementAndGet();
        }
        ex.getResponseHeaders().set("Content-Length", "0");
        ex.sendResponseHeaders(s, -1);
        ex.close();
    }

    /** Average body size of the CloudEvents answered 200, in bytes. */
    double averageEventBytes() {
        long n = requests.get() - refused.get();
        return n <= 0 ? Double.NaN : bodyBytes.get() / (double) n;
    }

    /** The number after the last ':' of the subject, or -1. */
    static long orderId(byte[] body) {
        int i = indexOf(body, SUBJECT);
        if (i < 0) {
            return -1;
        }
        int start = i + SUBJECT.length;
        int end = start;
        while (end < body.length && body[end] != '"') {
            end++;
        }
        int colon = end - 1;
        while (colon > start && body[colon] != ':') {
            colon--;
        }
        long v = 0;
        boolean any = false;
        for (int k = colon + 1; k < end; k++) {
            byte b = body[k];
            if (b < '0' || b > '9') {
                return -1;
            }
            v = v * 10 + (b - '0');
            any = true;
        }
        return any ? v : -1;
    }

    private static int indexOf(byte[] a, byte[] p) {
        outer:
        for (int i = 0; i <= a.length - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (a[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
