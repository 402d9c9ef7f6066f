package io.omnihub.connector.square;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.StockPushResult;
import io.omnihub.connector.api.capability.StockPushResult.Outcome;
import io.omnihub.connector.api.capability.StockSink.StockUpdate;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.error.AuthenticationFailedException;
import io.omnihub.connector.api.error.RetryableConnectorException;
import io.omnihub.connector.support.Json;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Square client, stock sink, entity fetcher and poller against a WireMock Square. */
class SquareApiTest {

    private WireMockServer square;
    private SquareConnector connector;
    private final MutableClock clock = new MutableClock(Instant.parse("2025-04-01T12:00:00Z"));

    @BeforeEach
    void start() {
        square = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        square.start();
        SquareScenario.stub(square);
        connector = new SquareConnector(SquareTestSupport.config(square.baseUrl()), SquareTestSupport.context(clock));
    }

    @AfterEach
    void stop() {
        connector.close();
        square.stop();
    }

    private SquareStockSink sink() {
        return connector.capability(SquareStockSink.class).orElseThrow();
    }

    private SquareEntityFetcher fetcher() {
        return connector.capability(SquareEntityFetcher.class).orElseThrow();
    }

    private List<JsonNode> batchCreateBodies() throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        List<ServeEvent> events = new ArrayList<>(square.getAllServeEvents());
        java.util.Collections.reverse(events);
        for (ServeEvent e : events) {
            if (e.getRequest().getUrl().startsWith("/v2/inventory/changes/batch-create")) {
                bodies.add(Json.mapper().readTree(e.getRequest().getBodyAsString()));
            }
        }
        return bodies;
    }

    // ---------------------------------------------------------------- stock out

    @Test
    void absoluteQuantitiesArePhysicalCountsInBatchesOfAtMost100() throws Exception {
        List<StockUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            updates.add(new StockUpdate(i % 2 == 0 ? "TEA-MUG" : "coffee-reg", "store-1", i, "key-" + i));
        }
        StockPushResult result = sink().push(updates);
        assertThat(result.items()).hasSize(150).allMatch(r -> r.outcome() == Outcome.APPLIED);
        assertThat(sink().maxBatchSize()).isEqualTo(100);

        List<JsonNode> bodies = batchCreateBodies();
        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0).path("changes").size()).isEqualTo(100);
        assertThat(bodies.get(1).path("changes").size()).isEqualTo(50);
        JsonNode first = bodies.get(0).path("changes").get(0);
        assertThat(first.path("type").asText()).isEqualTo("PHYSICAL_COUNT");
        JsonNode count = first.path("physical_count");
        assertThat(count.path("catalog_object_id").asText()).isEqualTo("2TZFAOHWGG7PAK2QEXWYPZSP");
        assertThat(count.path("location_id").asText()).as("hub store-1 mapped to Square").isEqualTo("C6W5YS5QM06F5");
        assertThat(count.path("state").asText()).isEqualTo("IN_STOCK");
        assertThat(count.path("quantity").asText()).isEqualTo("0");
        assertThat(count.path("reference_id").asText()).isEqualTo("key-0");
        assertThat(count.path("occurred_at").asText()).isEqualTo("2025-04-01T12:00:00Z");
        assertThat(bodies.get(1).path("changes").get(1).path("physical_count").path("catalog_object_id").asText())
                .as("SKU lookup is case-insensitive like Square").isEqualTo("LBTYIHNHU52WOIHWT7SNRIYH");
        String key0 = bodies.get(0).path("idempotency_key").asText();
        String key1 = bodies.get(1).path("idempotency_key").asText();
        assertThat(key0).isNotEqualTo(key1).hasSizeLessThanOrEqualTo(128);

        // a retried batch is the same request: same idempotency keys, same occurred_at
        clock.advance(Duration.ofMinutes(3));
        sink().push(updates);
        List<JsonNode> again = batchCreateBodies();
        assertThat(again).hasSize(4);
        assertThat(again.get(2)).isEqualTo(bodies.get(0));
        assertThat(again.get(3)).isEqualTo(bodies.get(1));
        // SKUs were resolved once and cached
        square.verify(1, postRequestedFor(urlPathEqualTo("/v2/catalog/search")));
    }

    @Test
    void unknownSkuAndNegativeQuantityNeverFailTheGoodItems() throws Exception {
        StockPushResult result = sink().push(List.of(
                new StockUpdate("TEA-MUG", "store-1", 5, "a"),
                new StockUpdate("NO-SUCH-SKU", "store-1", 5, "b"),
                new StockUpdate("COFFEE-LRG", "store-1", -1, "c")));
        assertThat(result.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.UNKNOWN_SKU, Outcome.REJECTED);
        List<JsonNode> bodies = batchCreateBodies();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.get(0).path("changes").size()).isEqualTo(1);
    }

    @Test
    void aRejectedBatchIsRetriedItemByItemSoOnlyTheBadItemFails() throws Exception {
        square.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create")).atPriority(1)
                .withRequestBody(matchingJsonPath("$.changes[?(@.physical_count.catalog_object_id == 'PKYIC7HGGKW5CYVSCVDEIMHY')]"))
                .willReturn(aResponse().withStatus(400).withBody(SquareScenario.INVALID_VALUE)));
        StockPushResult result = sink().push(List.of(
                new StockUpdate("TEA-MUG", "store-1", 5, "a"),
                new StockUpdate("COFFEE-LRG", "store-1", 6, "b"),
                new StockUpdate("COFFEE-REG", "store-1", 7, "c")));
        assertThat(result.items()).extracting(StockPushResult.ItemResult::outcome)
                .containsExactly(Outcome.APPLIED, Outcome.REJECTED, Outcome.APPLIED);
        assertThat(result.items().get(1).reason()).contains("INVALID_VALUE");
        List<JsonNode> bodies = batchCreateBodies();
        assertThat(bodies).hasSize(4); // the batch, then each item alone
        assertThat(bodies.stream().map(b -> b.path("idempotency_key").asText()).distinct()).hasSize(4);
    }

    @Test
    void deltasAreAdjustments() throws Exception {
        StockPushResult result = sink().adjust(List.of(
                new SquareStockSink.StockDelta("TEA-MUG", "store-1", new BigDecimal("3"), "d1"),
                new SquareStockSink.StockDelta("TEA-MUG", "store-1", new BigDecimal("-2.5"), "d2")));
        assertThat(result.applied()).isEqualTo(2);
        JsonNode changes = batchCreateBodies().get(0).path("changes");
        assertThat(changes.get(0).path("type").asText()).isEqualTo("ADJUSTMENT");
        assertThat(changes.get(0).path("adjustment").path("from_state").asText()).isEqualTo("NONE");
        assertThat(changes.get(0).path("adjustment").path("to_state").asText()).isEqualTo("IN_STOCK");
        assertThat(changes.get(0).path("adjustment").path("quantity").asText()).isEqualTo("3");
        assertThat(changes.get(1).path("adjustment").path("from_state").asText()).isEqualTo("IN_STOCK");
        assertThat(changes.get(1).path("adjustment").path("to_state").asText()).isEqualTo("WASTE");
        assertThat(changes.get(1).path("adjustment").path("quantity").asText()).isEqualTo("2.5");
    }

    // ---------------------------------------------------------------- client

    @Test
    void everyRequestCarriesBearerTokenAndSquareVersion() {
        sink().push(List.of(new StockUpdate("TEA-MUG", "store-1", 1, "x")));
        connector.check();
        assertThat(square.getAllServeEvents()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.getRequest().getHeader("Authorization")).isEqualTo("Bearer " + SquareTestSupport.TOKEN);
            assertThat(e.getRequest().getHeader("Square-Version")).isEqualTo("2025-08-20");
        });
    }

    @Test
    void rateLimitedAnswerIsRetryableWithRetryAfter() {
        square.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12")
                        .withBody("{\"errors\":[{\"category\":\"RATE_LIMIT_ERROR\",\"code\":\"RATE_LIMITED\"}]}")));
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        assertThatThrownBy(() -> poller.poll(EntityKind.ORDER, Instant.EPOCH, null))
                .isInstanceOfSatisfying(RetryableConnectorException.class, e -> {
                    assertThat(e.retryAfter()).contains(Duration.ofSeconds(12));
                    assertThat(e.getMessage()).contains("RATE_LIMITED");
                });
    }

    @Test
    void oauthTokenIsObtainedOnceAndRefreshedBeforeExpiry() {
        // obtain-token.json expires_at 2025-04-03T18:31:06Z
        Map<String, Object> oauth = new HashMap<>();
        oauth.put("accessToken", null);
        oauth.put("clientId", "sq0idp-app");
        oauth.put("clientSecret", "sq0csp-secret");
        oauth.put("refreshToken", "EQAA-refresh");
        SquareConnector c = new SquareConnector(SquareTestSupport.config(square.baseUrl(), oauth),
                SquareTestSupport.context(clock));
        assertThat(new SquareConnectorProvider().validate(SquareTestSupport.config(square.baseUrl(), oauth))).isEmpty();
        assertThat(c.check().up()).isTrue();
        assertThat(c.check().up()).isTrue();
        square.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token"))
                .withRequestBody(matchingJsonPath("$.grant_type", equalTo("refresh_token")))
                .withRequestBody(matchingJsonPath("$.refresh_token", equalTo("EQAA-refresh")))
                .withRequestBody(matchingJsonPath("$.client_id", equalTo("sq0idp-app"))));
        square.verify(2, getRequestedFor(urlPathEqualTo("/v2/locations")).withHeader("Authorization",
                equalTo("Bearer EAAl3ikZIe18J-2-cHlV2bL4-EaZHGoJUhtEBT7QA6-7AgwIHw8Xe1IoUvGsNxA")));
        clock.set(Instant.parse("2025-04-03T18:27:00Z")); // inside the 5 minute margin
        assertThat(c.check().up()).isTrue();
        square.verify(2, postRequestedFor(urlPathEqualTo("/oauth2/token")));
        // the second refresh uses the refresh token Square returned with the first
        square.verify(1, postRequestedFor(urlPathEqualTo("/oauth2/token"))
                .withRequestBody(matchingJsonPath("$.refresh_token", equalTo(
                        "EQAAl0OcByu3IYJYScGGg-8E5YNf0r0b6jCTCMy5nOcRZ4ok0wbWAL8vY3tZWNcc"))));
        c.close();
    }

    @Test
    void refusedRefreshIsAnAuthenticationFailure() {
        square.stubFor(post(urlPathEqualTo("/oauth2/token")).atPriority(1).willReturn(aResponse().withStatus(401)));
        Map<String, Object> oauth = new HashMap<>();
        oauth.put("accessToken", null);
        oauth.put("clientId", "id");
        oauth.put("clientSecret", "secret");
        oauth.put("refreshToken", "revoked");
        SquareConnector c = new SquareConnector(SquareTestSupport.config(square.baseUrl(), oauth),
                SquareTestSupport.context(clock));
        assertThatThrownBy(() -> c.capability(ChangePoller.class).orElseThrow().poll(EntityKind.PAYMENT, Instant.EPOCH, null))
                .isInstanceOf(AuthenticationFailedException.class);
        assertThat(c.check().up()).isFalse();
    }

    // ---------------------------------------------------------------- fetch thin events

    @Test
    void thinOrderWebhookIsFetchedInFullWithRetrieveOrder() {
        WebhookReceiver receiver = connector.capability(WebhookReceiver.class).orElseThrow();
        var req = SquareTestSigner.request("square-pos", SquareTestSupport.NOTIFICATION_URL,
                SquareTestSupport.webhook("order-updated"), SquareTestSupport.SECRET);
        receiver.verify(req);
        PlatformEvent thin = receiver.parse(req).get(0);
        PlatformEvent full = fetcher().fetch(thin).orElseThrow();
        assertThat(full.thin()).isFalse();
        assertThat(full.payload().path("id").asText()).isEqualTo("CAISENgvlJ6jLWAzERDzjyHVybY");
        assertThat(full.version()).isEqualTo("1");
        assertThat(full.eventId()).isEqualTo(thin.eventId());
        assertThat(full.attributes()).containsEntry("locationId", "D7AVYMEAPJ3A3");
        square.verify(getRequestedFor(urlPathEqualTo("/v2/orders/eA3vssLHKJrv9H0IdJCM3gNqfdcZY")));
    }

    @Test
    void orderSquareNoLongerHasIsEmpty() {
        PlatformEvent thin = new PlatformEvent("e", EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated", "GONE",
                "3", Instant.EPOCH, null, true, Map.of());
        assertThat(fetcher().fetch(thin)).isEmpty();
    }

    @Test
    void manyThinOrdersAreFetchedWithBatchRetrieveOrdersAtMost100PerCall() throws Exception {
        List<PlatformEvent> thin = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            thin.add(new PlatformEvent("e" + i, EntityKind.ORDER, PlatformEvent.Action.UPSERT, "order.updated",
                    i == 7 ? "CAISEM82RcpmcFBM0TfOyiHV3es" : "id-" + i, "1", Instant.EPOCH, null, true, Map.of()));
        }
        List<PlatformEvent> full = fetcher().fetchAll(thin);
        assertThat(full).hasSize(1);
        assertThat(full.get(0).eventId()).isEqualTo("e7");
        assertThat(full.get(0).payload().path("reference_id").asText()).isEqualTo("my-order-001");
        List<Integer> sizes = new ArrayList<>();
        for (ServeEvent e : square.getAllServeEvents()) {
            if (e.getRequest().getUrl().startsWith("/v2/orders/batch-retrieve")) {
                sizes.add(Json.mapper().readTree(e.getRequest().getBodyAsString()).path("order_ids").size());
            }
        }
        assertThat(sizes).containsExactlyInAnyOrder(100, 50);
    }

    @Test
    void inventoryWebhookGetsItsSkusResolved() {
        WebhookReceiver receiver = connector.capability(WebhookReceiver.class).orElseThrow();
        var req = SquareTestSigner.request("square-pos", SquareTestSupport.NOTIFICATION_URL,
                SquareTestSupport.webhook("inventory-count-updated"), SquareTestSupport.SECRET);
        PlatformEvent full = fetcher().fetch(receiver.parse(req).get(0)).orElseThrow();
        assertThat(full.thin()).isFalse();
        assertThat(full.attributes()).containsEntry("sku:FGQ5JJWT2PYTHF35CKZ2DSKP", "TEA-BLACK-REG");
        assertThat(full.payload().path("inventory_counts").get(0).path("quantity").asText()).isEqualTo("10");
    }

    @Test
    void catalogVersionWebhookIsFetchedAsTheChangedItems() throws Exception {
        WebhookReceiver receiver = connector.capability(WebhookReceiver.class).orElseThrow();
        var req = SquareTestSigner.request("square-pos", SquareTestSupport.NOTIFICATION_URL,
                SquareTestSupport.webhook("catalog-version-updated"), SquareTestSupport.SECRET);
        PlatformEvent full = fetcher().fetch(receiver.parse(req).get(0)).orElseThrow();
        assertThat(full.payload().path("objects").size()).isEqualTo(2);
        ServeEvent search = square.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/v2/catalog/search")).findFirst().orElseThrow();
        JsonNode body = Json.mapper().readTree(search.getRequest().getBodyAsString());
        assertThat(body.path("begin_time").asText()).isEqualTo("2019-10-29T17:25:16.530Z"); // minus 1m lookback
        assertThat(body.path("include_deleted_objects").asBoolean()).isTrue();
    }

    // ---------------------------------------------------------------- polling

    @Test
    void ordersArePolledByUpdatedAtAcrossPages() throws Exception {
        square.stubFor(post(urlPathEqualTo("/v2/orders/search")).atPriority(1)
                .withRequestBody(matchingJsonPath("$[?(!@.cursor)]"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json")
                        .withBody(SquareTestSupport.response("search-orders").replaceFirst("\\{", "{\"cursor\":\"c2\","))));
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        ChangePoller.Page first = poller.poll(EntityKind.ORDER, Instant.parse("2020-05-01T00:00:00Z"), null);
        assertThat(first.nextPageToken()).isEqualTo("0|c2");
        ChangePoller.Page second = poller.poll(EntityKind.ORDER, Instant.parse("2020-05-01T00:00:00Z"), first.nextPageToken());
        assertThat(second.nextPageToken()).isNull();
        assertThat(second.events()).hasSize(1);
        PlatformEvent e = second.events().get(0);
        assertThat(e.thin()).isFalse();
        assertThat(e.version()).isEqualTo("1");
        assertThat(second.highWatermark()).isEqualTo(Instant.parse("2020-05-18T16:30:49.614Z"));
        List<JsonNode> bodies = new ArrayList<>();
        for (ServeEvent s : square.getAllServeEvents()) {
            if (s.getRequest().getUrl().startsWith("/v2/orders/search")) {
                bodies.add(Json.mapper().readTree(s.getRequest().getBodyAsString()));
            }
        }
        assertThat(bodies).anySatisfy(b -> assertThat(b.path("cursor").asText()).isEqualTo("c2"));
        assertThat(bodies.get(0).at("/query/sort/sort_field").asText()).isEqualTo("UPDATED_AT");
        assertThat(bodies.get(0).at("/query/filter/date_time_filter/updated_at/start_at").asText())
                .isEqualTo("2020-05-01T00:00:00Z");
        assertThat(bodies.get(0).path("location_ids").get(0).asText()).isEqualTo("D7AVYMEAPJ3A3");
    }

    @Test
    void paymentsRefundsProductsAndStockArePolled() {
        ChangePoller poller = connector.capability(ChangePoller.class).orElseThrow();
        assertThat(poller.pollableKinds()).contains(EntityKind.ORDER, EntityKind.PRODUCT, EntityKind.PAYMENT,
                EntityKind.REFUND, EntityKind.STOCK);
        ChangePoller.Page refunds = poller.poll(EntityKind.REFUND, Instant.parse("2021-01-01T00:00:00Z"), null);
        assertThat(refunds.events()).hasSize(1);
        assertThat(refunds.nextPageToken()).startsWith("5evquW1Ysw");
        square.verify(getRequestedFor(urlPathEqualTo("/v2/refunds"))
                .withQueryParam("updated_at_begin_time", equalTo("2021-01-01T00:00:00Z"))
                .withQueryParam("sort_field", equalTo("UPDATED_AT")));
        assertThat(poller.poll(EntityKind.PAYMENT, Instant.EPOCH, null).events()).isNotEmpty()
                .allMatch(e -> e.kind() == EntityKind.PAYMENT);
        ChangePoller.Page products = poller.poll(EntityKind.PRODUCT, Instant.EPOCH, null);
        assertThat(products.events()).hasSize(2).allMatch(e -> e.version().startsWith("1509"));
        ChangePoller.Page stock = poller.poll(EntityKind.STOCK, Instant.EPOCH, null);
        assertThat(stock.events()).hasSize(1);
        PlatformEvent count = stock.events().get(0);
        assertThat(count.externalId()).isEqualTo("W62UWFY35CWMYGVWK6TWJDNI@59TNP9SA8VGDA");
        assertThat(count.payload().path("inventory_counts").get(0).path("quantity").asText()).isEqualTo("79");
        // W62UWFY35CWMYGVWK6TWJDNI is no SKU-carrying variation in the stubbed catalog: no SKU attribute
        assertThat(count.attributes()).doesNotContainKey("sku:W62UWFY35CWMYGVWK6TWJDNI");
        square.verify(postRequestedFor(urlPathEqualTo("/v2/catalog/batch-retrieve"))
                .withRequestBody(matchingJsonPath("$.object_ids[0]", equalTo("W62UWFY35CWMYGVWK6TWJDNI"))));
    }

    /** A settable clock for token expiry and occurred_at. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant t) {
            now = t;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
