package io.omnihub.connector.woocommerce;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.support.Json;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Base for client tests: a WireMock WooCommerce and a connector pointed at it. */
abstract class WooCommerceWireMockSupport {

    protected WireMockServer wm;
    protected Connector connector;

    protected Map<String, Object> spec(String baseUrl) {
        return WooCommerceFixtures.spec(baseUrl);
    }

    @BeforeEach
    void start() {
        wm = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        wm.start();
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
        ConnectorContext ctx = new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return http;
            }

            @Override
            public com.fasterxml.jackson.databind.ObjectMapper objectMapper() {
                return Json.mapper();
            }

            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }
        };
        connector = new WooCommerceConnectorProvider().create(ConnectorConfig.of("woo-test", "woocommerce", spec(wm.baseUrl())), ctx);
    }

    @AfterEach
    void stop() {
        connector.close();
        wm.stop();
    }
}
