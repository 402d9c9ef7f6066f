package io.omnihub.connector.tiktokshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook verification and parsing against the documented examples (fixtures README). */
class TiktokShopWebhooksTest {

    private static WebhookReceiver receiver(String appKey, List<String> secrets, Instant now) {
        ConnectorConfig config = ConnectorConfig.of("tiktok-test", "tiktokshop", Map.of(
                "connection", Map.of("baseUrl", "http://localhost:1", "appKey", appKey, "appSecret", secrets.get(0),
                        "accessToken", "t"),
                "webhooks", Map.of("secrets", secrets)));
        Connector c = new TiktokShopConnectorProvider().create(config,
                TiktokShopConnectorContractTest.context(Clock.fixed(now, ZoneOffset.UTC)));
        return c.capability(WebhookReceiver.class).orElseThrow();
    }

    private static final Instant NEAR_ORDER_EXAMPLE = Instant.ofEpochSecond(1718305585L + 60);
    private static final Instant NEAR_PRODUCT_EXAMPLES = Instant.ofEpochSecond(1644412885L + 60);

    @Test
    void documentedWebhookVectorVerifiesWithTheDocumentedHeader() {
        byte[] body = TiktokShopTestSigner.fixture("webhook-order-status-change.json");
        WebhookRequest req = new WebhookRequest("tiktok-test", "POST", "https://hub/webhooks/tiktok-test",
                Map.of("Authorization", List.of("5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05")),
                Map.of(), body, NEAR_ORDER_EXAMPLE);
        receiver("abcdef", List.of("123"), NEAR_ORDER_EXAMPLE).verify(req);
        // same header, other app key: rejected (the app key is part of the signed material)
        assertThatThrownBy(() -> receiver("abcdeg", List.of("123"), NEAR_ORDER_EXAMPLE).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void reSerialisedBodyFailsVerification() {
        String compact = TiktokShopTestSigner.fixtureText("webhook-order-status-change.json");
        WebhookRequest signed = TiktokShopTestSigner.webhook(compact.getBytes(StandardCharsets.UTF_8), "abcdef", "123");
        byte[] pretty = compact.replace(",", ", ").getBytes(StandardCharsets.UTF_8);
        WebhookRequest req = new WebhookRequest(signed.connectorId(), "POST", signed.url(), signed.headers(), Map.of(),
                pretty, signed.receivedAt());
        assertThatThrownBy(() -> receiver("abcdef", List.of("123"), NEAR_ORDER_EXAMPLE).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("does not match");
    }

    @Test
    void everyConfiguredSecretIsAcceptedDuringRotation() {
        byte[] body = TiktokShopTestSigner.fixture("webhook-order-status-change.json");
        WebhookReceiver r = receiver("k", List.of("old-secret", "new-secret"), NEAR_ORDER_EXAMPLE);
        r.verify(TiktokShopTestSigner.webhook(body, "k", "old-secret"));
        r.verify(TiktokShopTestSigner.webhook(body, "k", "new-secret"));
        assertThatThrownBy(() -> r.verify(TiktokShopTestSigner.webhook(body, "k", "other-secret")))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void staleAndFutureTimestampsAreRejected() {
        byte[] body = TiktokShopTestSigner.fixture("webhook-order-status-change.json");
        WebhookRequest req = TiktokShopTestSigner.webhook(body, "k", "s");
        Instant sent = Instant.ofEpochSecond(1718305585L);
        receiver("k", List.of("s"), sent.plusSeconds(23 * 3600)).verify(req); // a late TikTok retry is fine
        assertThatThrownBy(() -> receiver("k", List.of("s"), sent.plusSeconds(25 * 3600)).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("stale");
        assertThatThrownBy(() -> receiver("k", List.of("s"), sent.minusSeconds(600)).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("future");
    }

    @Test
    void nonHexHeaderIsRejected() {
        byte[] body = TiktokShopTestSigner.fixture("webhook-order-status-change.json");
        WebhookRequest req = new WebhookRequest("t", "POST", "u", Map.of("Authorization", List.of("Bearer xyz")), Map.of(),
                body, NEAR_ORDER_EXAMPLE);
        assertThatThrownBy(() -> receiver("k", List.of("s"), NEAR_ORDER_EXAMPLE).verify(req))
                .isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void orderStatusChangeIsAThinOrderEventKeyedByTheNotificationId() {
        WebhookReceiver r = receiver("k", List.of("s"), NEAR_ORDER_EXAMPLE);
        WebhookRequest req = TiktokShopTestSigner.webhook(TiktokShopTestSigner.fixture("webhook-order-status-change.json"),
                "k", "s");
        List<PlatformEvent> events = r.parse(req);
        assertThat(events).hasSize(1);
        PlatformEvent e = events.get(0);
        assertThat(e.eventId()).isEqualTo("7380066284010030890");
        assertThat(e.kind()).isEqualTo(EntityKind.ORDER);
        assertThat(e.thin()).isTrue();
        assertThat(e.payload()).isNull();
        assertThat(e.externalId()).isEqualTo("576653688135258178");
        assertThat(e.version()).isEqualTo("1718305585");
        assertThat(e.occurredAt()).isEqualTo(Instant.ofEpochSecond(1718305585L));
        assertThat(e.attributes()).containsEntry("orderStatus", "UNPAID").containsEntry("shopId", "7495540735365777507");
        // a redelivery parses to the same dedupe key
        assertThat(r.parse(req).get(0).eventId()).isEqualTo(e.eventId());
    }

    @Test
    void productEventsAreThinProductEventsEvenWithNumericIds() {
        WebhookReceiver r = receiver("k", List.of("s"), NEAR_PRODUCT_EXAMPLES);
        PlatformEvent status = r.parse(TiktokShopTestSigner.webhook(
                TiktokShopTestSigner.fixture("webhook-product-status-change.json"), "k", "s")).get(0);
        assertThat(status.kind()).isEqualTo(EntityKind.PRODUCT);
        assertThat(status.thin()).isTrue();
        assertThat(status.externalId()).isEqualTo("576486316948490000");
        assertThat(status.topic()).isEqualTo("PRODUCT_STATUS_CHANGE");
        PlatformEvent info = r.parse(TiktokShopTestSigner.webhook(
                TiktokShopTestSigner.fixture("webhook-product-information-change.json"), "k", "s")).get(0);
        assertThat(info.externalId()).isEqualTo("123456789");
        assertThat(info.version()).isEqualTo("1627587600");
    }

    @Test
    void inventoryStatusChangeIsAThinStockEventForTheSku() {
        WebhookReceiver r = receiver("k", List.of("s"), NEAR_PRODUCT_EXAMPLES);
        PlatformEvent e = r.parse(TiktokShopTestSigner.webhook(
                TiktokShopTestSigner.fixture("webhook-inventory-status-change.json"), "k", "s")).get(0);
        assertThat(e.kind()).isEqualTo(EntityKind.STOCK);
        assertThat(e.thin()).isTrue();
        assertThat(e.externalId()).isEqualTo("73235770873441823254");
        assertThat(e.attributes()).containsEntry("productId", "732357708734418520388");
    }

    @Test
    void unknownTopicIsAcceptedWithNothingToDo() {
        WebhookReceiver r = receiver("k", List.of("s"), NEAR_PRODUCT_EXAMPLES);
        assertThat(r.parse(TiktokShopTestSigner.webhook(
                TiktokShopTestSigner.fixture("webhook-seller-deauthorization.json"), "k", "s"))).isEmpty();
    }

    @Test
    void malformedBodiesGetSpecificMessages() {
        WebhookReceiver r = receiver("k", List.of("s"), NEAR_ORDER_EXAMPLE);
        assertThatThrownBy(() -> r.parse(req("{\"type\": 1,")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> r.parse(req("[1]")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> r.parse(req("{\"type\":\"1\",\"tts_notification_id\":\"n\"}")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("integer 'type'");
        assertThatThrownBy(() -> r.parse(req("{\"type\":1,\"data\":{\"order_id\":\"1\"}}")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("tts_notification_id");
        assertThatThrownBy(() -> r.parse(req("{\"type\":1,\"tts_notification_id\":\"n\",\"timestamp\":1,\"data\":{}}")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("data.order_id");
    }

    private static WebhookRequest req(String body) {
        return TiktokShopTestSigner.webhook(body.getBytes(StandardCharsets.UTF_8), "k", "s");
    }
}
