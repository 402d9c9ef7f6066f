package io.omnihub.app.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows off the hot path: {@link #offer} queues a row (bounded), a background thread writes
 * what is queued in one JDBC batch every {@code interval} or as soon as {@code batch} rows wait. When the
 * queue is full the caller writes synchronously instead ({@code offer} answers false): nothing is dropped.
 * A failed batch is kept and retried at the next tick. {@link #flush()} writes everything now (tests,
 * readers that need their own writes, shutdown). A process crash can lose the rows of the last interval:
 * use it only for what another mechanism also covers (see the callers).
 */
public final class BatchWriter<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

    private final String name;
    private final BlockingQueue<T> queue;
    private final int batch;
    private final Duration interval;
    private final Consumer<List<T>> sink;
    private final Thread thread;
    private final Object writeLock = new Object();
    private final List<T> retry = new ArrayList<>();
    private volatile boolean running = true;

    public BatchWriter(String name, int capacity, int batch, Duration interval, Consumer<List<T>> sink) {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batch = batch;
        this.interval = interval;
        this.sink = sink;
        this.thread = new Thread(this::run, "omnihub-" + name + "-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a row; false when the queue is full (then write it yourself). */
    public boolean offer(T row) {
        return running && queue.offer(row);
    }

    /** Writes everything queued so far, on the caller's thread. */
    public void flush() {
        synchronized (writeLock) {
            List<T> rows = new ArrayList<>(retry);
            retry.clear();
            queue.drainTo(rows);
            write(rows);
        }
    }

    /** Rows waiting to be written. */
    public int pending() {
        return queue.size() + retry.size();
    }

    private void run() {
        while (running) {
            try {
                T first = queue.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null && retry.isEmpty()) {
                    continue;
                }
                // a short linger gathers the rows of concurrent requests into one batch
                if (first != null && queue.size() < batch) {
                    Thread.sleep(Math.min(20, interval.toMillis()));
                }
                synchronized (writeLock) {
                    List<T> rows = new ArrayList<>(retry);
                    retry.clear();
                    if (first != null) {
                        rows.add(first);
                    }
                    queue.drainTo(rows, Math.max(0, batch * 4 - rows.size()));
                    write(rows);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("{} writer: {}", name, e.toString());
            }
        }
    }

    private void write(List<T> rows) {
        for (int i = 0; i < rows.size(); i += batch) {
            List<T> part = rows.subList(i, Math.min(rows.size(), i + batch));
            try {
                sink.accept(part);
            } catch (RuntimeException e) {
                LOG.warn("{} writer: {} rows not written yet ({}); retrying", name, rows.size() - i, e.toString());
                retry.addAll(rows.subList(i, rows.size()));
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
