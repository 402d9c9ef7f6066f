package io.omnihub.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Webhook load over loopback: closed loop (C clients, each sends the next request when the previous one
 * was answered: the "open throttle" maximum) and open loop (a constant offered rate; every latency is
 * measured from the request's scheduled send time, so a stall counts for every request it delays:
 * no coordinated omission).
 */
final class Load {

    /** What one run of load produced. Latencies in microseconds. */
    record Outcome(long ok, long failed, double seconds, Histogram latencyMicros, Map<Integer, Long> statuses, long startNanos,
                   long endNanos) {

        double okPerSecond() {
            return ok / seconds;
        }
    }

    static OkHttpClient client() {
        Dispatcher d = new Dispatcher();
        d.setMaxRequests(4096);
        d.setMaxRequestsPerHost(4096);
        return new OkHttpClient.Builder()
                .dispatcher(d)
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES))
                .connectTimeout(10, TimeUnit.SECONDS)
                .readTimeout(60, TimeUnit.SECONDS)
                .callTimeout(90, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .build();
    }

    static Histogram histogram() {
        return new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
    }

    /**
     * {@code clients} threads send back to back for {@code duration}. Accepted ids go into {@code sentAt}
     * with their send time ({@link System#nanoTime()}); {@code null} to not track them.
     */
    static Outcome closedLoop(OkHttpClient client, Webhooks hooks, int clients, Duration duration,
                              ConcurrentHashMap<Long, Long> sentAt) throws InterruptedException {
        return closedLoop(client, hooks, clients, duration, Long.MAX_VALUE, sentAt);
    }

    /** Like above, but also stops once {@code accepted} requests were answered 200 (may overshoot by clients - 1). */
    static Outcome closedLoop(OkHttpClient client, Webhooks hooks, int clients, Duration duration, long accepted,
                              ConcurrentHashMap<Long, Long> sentAt) throws InterruptedException {
        Histogram h = histogram();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            threads[i] = new Thread(() -> {
                while (System.nanoTime() < end && ok.get() < accepted) {
                    long id = hooks.nextId();
                    var request = hooks.request(id);
                    long t0 = System.nanoTime();
                    if (sentAt != null) {
                        sentAt.put(id, t0);
                    }
                    int code;
                    try (Response r = client.newCall(request).execute()) {
                        r.body().bytes();
                        code = r.code();
                    } catch (IOException e) {
                        code = -1;
                    }
                    long t1 = System.nanoTime();
                    statuses.merge(code, 1L, Long::sum);
                    if (code == 200) {
                        ok.incrementAndGet();
                        h.recordValue(Math.max(1, (t1 - t0) / 1000));
                    } else {
                        failed.incrementAndGet();
                        if (sentAt != null) {
                            sentAt.remove(id);
                        }
                    }
                }
            }, "bench-client-" + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long stop = System.nanoTime();
        return new Outcome(ok.get(), failed.get(), (stop - start) / 1e9, h, statuses, start, stop);
    }

    /**
     * Offers {@code rate} requests per second for {@code duration} whatever the answers take, then waits up
     * to {@code maxWait} for the outstanding ones (those still open count as failed).
     */
    static Outcome openLoop(OkHttpClient client, Webhooks hooks, int rate, Duration duration, Duration maxWait,
                            ConcurrentHashMap<Long, Long> sentAt) throws InterruptedException {
        Histogram h = histogram();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        long period = 1_000_000_000L / rate;
        long n = duration.toNanos() / period;
        CountDownLatch done = new CountDownLatch((int) n);
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        long start = System.nanoTime() + 1_000_000;
        for (long i = 0; i < n; i++) {
            long scheduled = start + i * period;
            long wait = scheduled - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                while (System.nanoTime() < scheduled) {
                    Thread.onSpinWait();
                }
            }
            long id = hooks.nextId();
            if (sentAt != null) {
                sentAt.put(id, scheduled);
            }
            client.newCall(hooks.request(id)).enqueue(new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                    int code;
                    try (response) {
                        response.body().bytes();
                        code = response.code();
                    } catch (IOException e) {
                        code = -1;
                    }
                    finish(code);
                }

                @Override
                public void onFailure(Call call, IOException e) {
                    finish(-1);
                }

                private void finish(int code) {
                    if (closed.get()) {
                        return;
                    }
                    long now = System.nanoTime();
                    statuses.merge(code, 1L, Long::sum);
                    h.recordValue(Math.max(1, (now - scheduled) / 1000));
                    if (code == 200) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        if (sentAt != null) {
                            sentAt.remove(id);
                        }
                    }
                    done.countDown();
                }
            });
        }
        long sentEnd = System.nanoTime();
        if (!done.await(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
            closed.set(true);
            failed.addAndGet(done.getCount());
            h.recordValue(maxWait.toNanos() / 1000); // still open: at least this slow
            client.dispatcher().cancelAll();
        }
        return new Outcome(ok.get(), failed.get(), (sentEnd - start) / 1e9, h, statuses, start, sentEnd);
    }
}
