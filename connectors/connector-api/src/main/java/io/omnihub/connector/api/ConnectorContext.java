package io.omnihub.connector.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import okhttp3.OkHttpClient;

/**
 * Services the runtime lends to a connector. Connectors never create their own connection pools,
 * clocks or JSON mappers: they derive from these ({@code httpClient().newBuilder()...}).
 */
public interface ConnectorContext {

    /** Shared OkHttp client (shared pool and dispatcher); derive with {@code newBuilder()}. */
    OkHttpClient httpClient();

    /** BigDecimal-safe JSON mapper (decimals never become doubles). */
    ObjectMapper objectMapper();

    /** Injectable clock, for token expiry and timestamp tolerances. */
    Clock clock();
}
