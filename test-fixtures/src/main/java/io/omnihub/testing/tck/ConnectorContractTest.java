package io.omnihub.testing.tck;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.StockReader;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.connector.support.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every connector passes, written once. A connector runs it with a one-class
 * subclass that supplies its fixture: a valid config pointed at the WireMock {@code baseUrl}, a
 * signed webhook, and the stubs for a healthy platform.
 *
 * <p>Covers: ServiceLoader discovery; descriptor completeness; config validation; check() UP and
 * DOWN; webhook signature accept/reject (tampered body, wrong secret, missing header); malformed
 * body; 429 with Retry-After becomes {@link RetryableConnectorException}; 401 becomes
 * {@link AuthenticationFailedException}; stock push and polling against the stubs; and, for a
 * connector that offers {@link StockReader}, reading listed quantities back (one answer per item in
 * the request's order, an unknown SKU answered as unknown without failing the others, throttling and
 * refused credentials classified like every other call).
 */
public abstract class ConnectorContractTest {

    protected WireMockServer platform;
    protected Connector connector;

    // ---- fixture, supplied by the subclass ----

    /** The provider under test. */
    protected abstract ConnectorProvider provider();

    /** A complete valid config pointed at {@code baseUrl}, with {@link #webhookSecret()} as webhook secret. */
    protected abstract ConnectorConfig config(String baseUrl);

    /** The webhook secret the config uses. */
    protected abstract String webhookSecret();

    /** A webhook as the platform sends it, correctly signed with {@code secret} for {@code body}. */
    protected abstract WebhookRequest signedWebhook(byte[] body, String secret);

    /** A documented example body for {@link #signedWebhook}. */
    protected abstract byte[] sampleWebhookBody();

    /** The header carrying the signature (removed in the missing-signature test). */
    protected abstract String signatureHeader();

    /** Stubs on {@link #platform} for a healthy platform (check, stock push, polling). */
    protected abstract void stubHealthyPlatform(WireMockServer server);

    /** Stock updates the healthy stubs accept (SKUs the stubs know); empty if the connector has no stock push. */
    protected List<StockSink.StockUpdate> sampleStockUpdates() {
        return List.of();
    }

    /**
     * What the healthy stubs list for the keys of {@link #sampleStockUpdates()} ({@link StockReader}); empty if
     * the connector cannot read stock back.
     */
    protected Map<StockReader.StockKey, Long> sampleListedQuantities() {
        return Map.of();
    }

    /** A SKU the healthy stubs do not know (read back as unknown). */
    protected String unknownSku() {
        return "OMNIHUB-TCK-NO-SUCH-SKU";
    }

    // ---- harness ----

    protected ConnectorContext context() {
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
        return new ConnectorContext() {
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
    }

    @BeforeEach
    void startPlatform() {
        platform = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        platform.start();
        connector = provider().create(config(platform.baseUrl()), context());
    }

    @AfterEach
    void stopPlatform() {
        if (connector != null) {
            connector.close();
        }
        platform.stop();
    }

    // ---- the contract ----

    @Test
    void providerIsDiscoverableWithServiceLoader() {
        List<String> types = ServiceLoader.load(ConnectorProvider.class).stream()
                .map(p -> p.get().type()).toList();
        assertThat(types).contains(provider().type());
    }

    @Test
    void descriptorIsComplete() {
        ConnectorDescriptor d = provider().descriptor();
        assertThat(d.type()).isEqualTo(provider().type()).matches("[a-z0-9-]+");
        assertThat(d.platform()).isNotBlank().isUpperCase();
        assertThat(d.title()).isNotBlank();
        assertThat(d.description()).isNotBlank();
        assertThat(d.documentation()).startsWith("https://");
        assertThat(d.flows()).isNotEmpty();
        assertThat(d.options()).extracting(ConfigOption::path).contains("connection.baseUrl").doesNotHaveDuplicates();
        for (ConfigOption o : d.options()) {
            assertThat(o.description()).as("description of " + o.path()).isNotBlank();
            if (o.type() == ConfigOption.Type.ENUM) {
                assertThat(o.allowed()).as("allowed values of " + o.path()).isNotEmpty();
            }
        }
        assertThat(d.options()).as("at least one secret option").anyMatch(ConfigOption::secret);
    }

    @Test
    void validConfigHasNoProblems() {
        assertThat(provider().validate(config(platform.baseUrl()))).isEmpty();
    }

    @Test
    void checkIsUpAgainstAHealthyPlatform() {
        stubHealthyPlatform(platform);
        CheckResult r = connector.check();
        assertThat(r.up()).as(r.message()).isTrue();
    }

    @Test
    void checkIsDownWhenCredentialsAreRefused() {
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401).withBody("{\"errors\":\"unauthorized\"}")));
        CheckResult r = connector.check();
        assertThat(r.up()).isFalse();
        assertThat(r.message()).isNotBlank();
    }

    @Test
    void checkNeverThrowsWhenThePlatformIsUnreachable() {
        platform.stop();
        CheckResult r = connector.check();
        assertThat(r.up()).isFalse();
    }

    @Test
    void signedWebhookIsAcceptedAndParsed() {
        WebhookReceiver receiver = webhooks();
        WebhookRequest req = signedWebhook(sampleWebhookBody(), webhookSecret());
        receiver.verify(req);
        List<PlatformEvent> events = receiver.parse(req);
        assertThat(events).isNotEmpty();
        for (PlatformEvent e : events) {
            assertThat(e.externalId()).isNotBlank();
            assertThat(e.version()).isNotBlank();
            assertThat(e.occurredAt()).isNotNull();
            assertThat(e.thin() || e.payload() != null).isTrue();
        }
    }

    @Test
    void tamperedBodyIsRejected() {
        byte[] body = sampleWebhookBody();
        WebhookRequest signed = signedWebhook(body, webhookSecret());
        byte[] tampered = Arrays.copyOf(body, body.length + 1);
        tampered[tampered.length - 1] = ' ';
        WebhookRequest req = new WebhookRequest(signed.connectorId(), signed.method(), signed.url(), signed.headers(),
                signed.query(), tampered, signed.receivedAt());
        assertThatThrownBy(() -> webhooks().verify(req)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void wrongSecretIsRejected() {
        WebhookRequest req = signedWebhook(sampleWebhookBody(), webhookSecret() + "-wrong");
        assertThatThrownBy(() -> webhooks().verify(req)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void missingSignatureIsRejected() {
        WebhookRequest signed = signedWebhook(sampleWebhookBody(), webhookSecret());
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(signed.headers());
        headers.remove(signatureHeader());
        WebhookRequest req = new WebhookRequest(signed.connectorId(), signed.method(), signed.url(), headers,
                signed.query(), signed.body(), signed.receivedAt());
        assertThatThrownBy(() -> webhooks().verify(req)).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void signedMalformedBodyIsAMalformedPayload() {
        byte[] garbage = "{\"id\": not json".getBytes(StandardCharsets.UTF_8);
        WebhookRequest req = signedWebhook(garbage, webhookSecret());
        WebhookReceiver receiver = webhooks();
        try {
            receiver.verify(req);
        } catch (WebhookAuthenticationException e) {
            // some schemes sign parsed fields; then a malformed body fails verification, also a rejection
            return;
        }
        assertThatThrownBy(() -> receiver.parse(req)).isInstanceOf(MalformedPayloadException.class);
    }

    @Test
    void rateLimitedCallIsRetryableWithRetryAfter() {
        Assumptions.assumeTrue(hasOutboundCall(), "connector makes no outbound calls");
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        assertThatThrownBy(this::outboundCall)
                .isInstanceOfSatisfying(RetryableConnectorException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
    }

    @Test
    void refusedCredentialsAreAnAuthenticationFailure() {
        Assumptions.assumeTrue(hasOutboundCall(), "connector makes no outbound calls");
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(this::outboundCall).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void serverErrorIsRetryable() {
        Assumptions.assumeTrue(hasOutboundCall(), "connector makes no outbound calls");
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(this::outboundCall).isInstanceOf(RetryableConnectorException.class);
    }

    @Test
    void stockPushAppliesEveryKnownSku() {
        Assumptions.assumeTrue(connector.capability(StockSink.class).isPresent(), "no stock push");
        assertThat(provider().descriptor().flows()).contains(Flow.STOCK_OUT);
        stubHealthyPlatform(platform);
        List<StockSink.StockUpdate> updates = sampleStockUpdates();
        assertThat(updates).as("fixture must supply sample stock updates").isNotEmpty();
        StockSink sink = connector.capability(StockSink.class).orElseThrow();
        assertThat(sink.maxBatchSize()).isPositive();
        var result = sink.push(updates);
        assertThat(result.items()).hasSize(updates.size());
        assertThat(result.applied()).isEqualTo(updates.size());
    }

    @Test
    void stockReaderReadsBackWhatThePlatformListsInTheRequestsOrder() {
        StockReader reader = stockReader();
        Map<StockReader.StockKey, Long> listed = sampleListedQuantities();
        assertThat(listed).as("fixture must supply sampleListedQuantities() for a StockReader").isNotEmpty();
        assertThat(reader.maxReadBatchSize()).isPositive();
        stubHealthyPlatform(platform);
        List<StockReader.StockKey> keys = new ArrayList<>(listed.keySet());
        for (List<StockReader.StockKey> order : List.of(keys, reversed(keys))) {
            List<StockReader.ListedQuantity> read = reader.read(order);
            assertThat(read).hasSize(order.size());
            for (int i = 0; i < order.size(); i++) {
                StockReader.ListedQuantity q = read.get(i);
                assertThat(q.sku()).as("answer %d is for the item asked at %d", i, i).isEqualTo(order.get(i).sku());
                assertThat(q.locationId()).isEqualTo(order.get(i).locationId());
                assertThat(q.known()).as("%s is listed by the stubs: %s", order.get(i), q.reason()).isTrue();
                assertThat(q.quantity()).isEqualTo(listed.get(order.get(i)));
                assertThat(q.reason()).isNull();
            }
        }
    }

    @Test
    void stockReaderAnswersAnUnknownSkuAsUnknownWithoutFailingTheOthers() {
        StockReader reader = stockReader();
        Map<StockReader.StockKey, Long> listed = sampleListedQuantities();
        assertThat(listed).as("fixture must supply sampleListedQuantities() for a StockReader").isNotEmpty();
        stubHealthyPlatform(platform);
        List<StockReader.StockKey> keys = new ArrayList<>(listed.keySet());
        StockReader.StockKey unknown = new StockReader.StockKey(unknownSku(), keys.get(0).locationId());
        keys.add(Math.min(1, keys.size()), unknown);
        List<StockReader.ListedQuantity> read = reader.read(keys);
        assertThat(read).hasSize(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            StockReader.ListedQuantity q = read.get(i);
            assertThat(q.sku()).isEqualTo(keys.get(i).sku());
            if (keys.get(i).equals(unknown)) {
                assertThat(q.known()).as("an unknown SKU has no quantity").isFalse();
                assertThat(q.quantity()).isNull();
                assertThat(q.reason()).as("an unknown SKU says why").isNotBlank();
            } else {
                assertThat(q.quantity()).isEqualTo(listed.get(keys.get(i)));
            }
        }
        assertThat(reader.read(List.of())).as("nothing asked, nothing answered").isEmpty();
    }

    @Test
    void stockReadThrottledIsRetryableWithRetryAfterAndRefusedCredentialsAreAnAuthenticationFailure() {
        StockReader reader = stockReader();
        List<StockReader.StockKey> keys = new ArrayList<>(sampleListedQuantities().keySet());
        assertThat(keys).as("fixture must supply sampleListedQuantities() for a StockReader").isNotEmpty();
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));
        assertThatThrownBy(() -> reader.read(keys))
                .isInstanceOfSatisfying(RetryableConnectorException.class,
                        e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(7)));
        platform.resetAll();
        platform.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)));
        assertThatThrownBy(() -> reader.read(keys)).isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void pollingReturnsEventsWithVersions() {
        Assumptions.assumeTrue(connector.capability(ChangePoller.class).isPresent(), "no polling");
        stubHealthyPlatform(platform);
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        for (EntityKind kind : poller.pollableKinds()) {
            ChangePoller.Page page = poller.poll(kind, Instant.parse("2000-01-01T00:00:00Z"), null);
            for (PlatformEvent e : page.events()) {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.version()).isNotBlank();
                assertThat(e.externalId()).isNotBlank();
            }
        }
    }

    // ---- helpers ----

    protected WebhookReceiver webhooks() {
        return connector.capability(WebhookReceiver.class)
                .orElseThrow(() -> new AssertionError("connector has no WebhookReceiver"));
    }

    /** The connector's {@link StockReader}; skips the test when it has none. */
    private StockReader stockReader() {
        var reader = connector.capability(StockReader.class);
        Assumptions.assumeTrue(reader.isPresent(), "no stock read-back");
        return reader.get();
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }

    private boolean hasOutboundCall() {
        return connector.capability(StockSink.class).isPresent() || connector.capability(ChangePoller.class).isPresent();
    }

    /** One outbound call: a stock push if the connector has one, else a poll. */
    protected void outboundCall() {
        var sink = connector.capability(StockSink.class);
        if (sink.isPresent() && !sampleStockUpdates().isEmpty()) {
            sink.get().push(sampleStockUpdates());
            return;
        }
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        poller.poll(poller.pollableKinds().iterator().next(), Instant.parse("2000-01-01T00:00:00Z"), null);
    }

}
