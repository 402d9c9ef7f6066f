package io.omnihub.app.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.omnihub.connector.api.ConnectorContext;
import java.io.IOException;
import java.time.Clock;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * Measures every HTTP call a connector makes to its platform, per connector, without the connector
 * knowing: {@code omnihub_platform_requests_seconds{connector,method,outcome}} (outcome 2xx, 3xx, 4xx,
 * 429, 5xx, io_error) and {@code omnihub_platform_throttled_total{connector}} with the platform's
 * {@code Retry-After} in {@code omnihub_platform_retry_after_seconds}. The connector's client is derived
 * from the shared one ({@code newBuilder()}), so pool and dispatcher stay shared.
 */
public final class PlatformCallMetrics implements Interceptor {

    private final String connectorId;
    private final MeterRegistry meters;

    public PlatformCallMetrics(String connectorId, MeterRegistry meters) {
        this.connectorId = connectorId;
        this.meters = meters;
    }

    /** The context a connector gets: the shared one with a measuring HTTP client. */
    public static ConnectorContext wrap(String connectorId, ConnectorContext shared, MeterRegistry meters) {
        OkHttpClient client = shared.httpClient().newBuilder().addInterceptor(new PlatformCallMetrics(connectorId, meters)).build();
        return new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return client;
            }

            @Override
            public ObjectMapper objectMapper() {
                return shared.objectMapper();
            }

            @Override
            public Clock clock() {
                return shared.clock();
            }
        };
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        long start = System.nanoTime();
        String method = chain.request().method();
        try {
            Response r = chain.proceed(chain.request());
            String outcome = r.code() == 429 ? "429" : (r.code() / 100) + "xx";
            timer(method, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            if (r.code() == 429) {
                meters.counter("omnihub.platform.throttled", "connector", connectorId).increment();
                String ra = r.header("Retry-After");
                if (ra != null) {
                    try {
                        meters.summary("omnihub.platform.retry.after", "connector", connectorId).record(Double.parseDouble(ra.trim()));
                    } catch (NumberFormatException ignored) {
                        // an HTTP date: not measured
                    }
                }
            }
            return r;
        } catch (IOException | RuntimeException e) {
            timer(method, "io_error").record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            throw e;
        }
    }

    private Timer timer(String method, String outcome) {
        return Timer.builder("omnihub.platform.requests").description("HTTP calls to the platform, per connector")
                .tag("connector", connectorId).tag("method", method).tag("outcome", outcome).register(meters);
    }
}
