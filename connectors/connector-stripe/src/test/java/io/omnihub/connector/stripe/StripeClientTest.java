package io.omnihub.connector.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.RequestRejectedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.support.Json;
import io.omnihub.testing.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Stripe API client against WireMock: auth headers, event polling to exhaustion, fetches, failure classes. */
class StripeClientTest {

    static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
    static WireMockServer platform;
    Connector connector;

    static ConnectorContext context() {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
        return new ConnectorContext() {
            @Override
            public OkHttpClient httpClient() {
                return http;
            }

            @Override
            public ObjectMapper objectMapper() {
                return Json.mapper();
            }

            @Override
            public Clock clock() {
                return Clock.fixed(NOW, ZoneOffset.UTC);
            }
        };
    }

    static ConnectorConfig config(String baseUrl) {
        return ConnectorConfig.of("stripe-eu", "stripe", Map.of(
                "connection", Map.of("baseUrl", baseUrl, "apiKey", "sk_test_client", "apiVersion", "2022-11-15",
                        "stripeAccount", "acct_1032D82eZvKYlo2C"),
                "webhooks", Map.of("secrets", List.of("whsec_x")),
                "limits", Map.of("pageSize", 2)));
    }

    @BeforeEach
    void start() {
        platform = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        platform.start();
        connector = new StripeConnectorProvider().create(config(platform.baseUrl()), context());
    }

    @AfterEach
    void stop() {
        connector.close();
        platform.stop();
    }

    static String event(String file, String id, long created) {
        try {
            var node = (com.fasterxml.jackson.databind.node.ObjectNode) Json.mapper().readTree(Fixtures.bytes(file));
            node.put("id", id).put("created", created);
            return node.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String list(boolean hasMore, String... events) {
        return "{\"object\":\"list\",\"url\":\"/v1/events\",\"has_more\":" + hasMore + ",\"data\":[" + String.join(",", events) + "]}";
    }

    static void stubEventPages() {
        String pi = "fixtures/event-payment_intent.payment_failed.json";
        platform.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", absent())
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(list(true, event(pi, "evt_3", 1700000300), event(pi, "evt_2", 1700000200)))));
        platform.stubFor(get(urlPathEqualTo("/v1/events")).withQueryParam("starting_after", equalTo("evt_2"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(list(false, event(pi, "evt_1", 1700000100)))));
    }

    @Test
    void pollingFollowsPagesToExhaustionOldestFirstWithinAPage() {
        stubEventPages();
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        Instant since = Instant.ofEpochSecond(1700000000);
        ChangePoller.Page first = poller.poll(EntityKind.PAYMENT, since, null);
        assertThat(first.events()).extracting(PlatformEvent::eventId).containsExactly("evt_2", "evt_3");
        assertThat(first.nextPageToken()).isEqualTo("evt_2");
        assertThat(first.highWatermark()).isEqualTo(Instant.ofEpochSecond(1700000300));
        ChangePoller.Page second = poller.poll(EntityKind.PAYMENT, since, first.nextPageToken());
        assertThat(second.events()).extracting(PlatformEvent::eventId).containsExactly("evt_1");
        assertThat(second.nextPageToken()).isNull();

        platform.verify(getRequestedFor(urlPathEqualTo("/v1/events"))
                .withQueryParam("created[gte]", equalTo("1700000000"))
                .withQueryParam("limit", equalTo("2"))
                .withQueryParam("types[]", equalTo("payment_intent.succeeded"))
                .withQueryParam("types[]", equalTo("charge.dispute.created"))
                .withHeader("Authorization", equalTo("Bearer sk_test_client"))
                .withHeader("Stripe-Version", equalTo("2022-11-15"))
                .withHeader("Stripe-Account", equalTo("acct_1032D82eZvKYlo2C")));
    }

    @Test
    void refundPollAsksForRefundEventTypesOnly() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse()
                .withBody(list(false, event("fixtures/event-charge.refund.updated.json", "evt_9", 1700000000)))));
        ChangePoller.Page page = connector.capability(ChangePoller.class).orElseThrow()
                .poll(EntityKind.REFUND, Instant.ofEpochSecond(1), null);
        assertThat(page.events()).singleElement().satisfies(e -> assertThat(e.kind()).isEqualTo(EntityKind.REFUND));
        var req = platform.getAllServeEvents().get(0).getRequest();
        assertThat(req.queryParameter("types[]").values())
                .containsExactlyInAnyOrderElementsOf(StripeEventTypes.REFUND_TYPES);
    }

    @Test
    void emptyPageKeepsTheCursor() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withBody(list(false))));
        Instant since = Instant.ofEpochSecond(1700000000);
        ChangePoller.Page page = connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, since, null);
        assertThat(page.events()).isEmpty();
        assertThat(page.highWatermark()).isEqualTo(since);
        assertThat(page.nextPageToken()).isNull();
    }

    @Test
    void rateLimitedIsRetryableWithRetryAfter() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3")
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"rate_limit\",\"message\":\"Too many requests\"}}")));
        assertThatThrownBy(() -> connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, NOW, null))
                .isInstanceOfSatisfying(RetryableConnectorException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
                    assertThat(e.getMessage()).contains("rate_limit").doesNotContain("Too many requests");
                });
    }

    @Test
    void stripeShouldRetryHeaderOverridesTheStatusClass() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(409)
                .withHeader("Stripe-Should-Retry", "true").withBody("{\"error\":{\"type\":\"api_error\",\"code\":\"lock_timeout\"}}")));
        assertThatThrownBy(() -> connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, NOW, null))
                .isInstanceOf(RetryableConnectorException.class);
        platform.resetAll();
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(500)
                .withHeader("Stripe-Should-Retry", "false")));
        assertThatThrownBy(() -> connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, NOW, null))
                .isInstanceOf(RequestRejectedException.class);
    }

    @Test
    void badRequestIsRejectedAndBadKeyIsAnAuthenticationFailure() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"param\":\"limit\"}}")));
        assertThatThrownBy(() -> connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, NOW, null))
                .isInstanceOfSatisfying(RequestRejectedException.class, e -> assertThat(e.status()).isEqualTo(400));
        platform.resetAll();
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> connector.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, NOW, null))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(connector.check().up()).isFalse();
        assertThat(connector.check().message()).doesNotContain("sk_test_client");
    }

    @Test
    void checkUsesACheapEventsCall() {
        platform.stubFor(get(urlPathEqualTo("/v1/events")).willReturn(aResponse().withBody(list(false))));
        assertThat(connector.check().up()).isTrue();
        platform.verify(getRequestedFor(urlPathEqualTo("/v1/events")).withQueryParam("limit", equalTo("1")));
    }

    @Test
    void fetchReReadsTheObjectAndIsEmptyWhenGone() throws Exception {
        var pi = Json.mapper().readTree(Fixtures.bytes("fixtures/event-payment_intent.payment_failed.json")).path("data").path("object");
        var fresh = ((com.fasterxml.jackson.databind.node.ObjectNode) pi.deepCopy()).put("status", "succeeded");
        platform.stubFor(get(urlPathEqualTo("/v1/payment_intents/pi_1PgafyB7WZ01zgkWSjxsAJo3"))
                .willReturn(aResponse().withBody(fresh.toString())));
        PlatformEvent stale = new PlatformEvent("evt_1", EntityKind.PAYMENT, PlatformEvent.Action.UPSERT,
                "payment_intent.processing", "pi_1PgafyB7WZ01zgkWSjxsAJo3", "1", NOW, pi, false, Map.of());
        EntityFetcher fetcher = connector.capability(EntityFetcher.class).orElseThrow();
        assertThat(fetcher.fetch(stale)).hasValueSatisfying(e -> assertThat(e.payload().get("status").asText()).isEqualTo("succeeded"));

        platform.stubFor(get(urlPathEqualTo("/v1/refunds/re_gone")).willReturn(aResponse().withStatus(404)
                .withBody("{\"error\":{\"type\":\"invalid_request_error\",\"code\":\"resource_missing\"}}")));
        PlatformEvent gone = new PlatformEvent("evt_2", EntityKind.REFUND, PlatformEvent.Action.UPSERT,
                "refund.updated", "re_gone", "1", NOW, null, true, Map.of());
        assertThat(fetcher.fetch(gone)).isEmpty();
    }

    @Test
    void fetchPathsFollowStripeIdPrefixes() {
        assertThat(StripeEntityFetcher.resourceFor("pi_1")).isEqualTo("payment_intents");
        assertThat(StripeEntityFetcher.resourceFor("ch_1")).isEqualTo("charges");
        assertThat(StripeEntityFetcher.resourceFor("py_1")).isEqualTo("charges");
        assertThat(StripeEntityFetcher.resourceFor("re_1")).isEqualTo("refunds");
        assertThat(StripeEntityFetcher.resourceFor("pyr_1")).isEqualTo("refunds");
        assertThat(StripeEntityFetcher.resourceFor("dp_1")).isEqualTo("disputes");
        assertThatThrownBy(() -> StripeEntityFetcher.resourceFor("cus_1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stripeHasNoStockOrFulfillmentCapability() {
        assertThat(connector.capability(io.omnihub.connector.api.capability.StockSink.class)).isEmpty();
        assertThat(connector.capability(io.omnihub.connector.api.capability.FulfillmentSink.class)).isEmpty();
    }
}
