package io.omnihub.connector.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.WebhookRequest;
import io.omnihub.connector.api.error.MalformedPayloadException;
import io.omnihub.connector.api.error.WebhookAuthenticationException;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Signature verification (platforms.md section 4.1 vector, negatives, rotation) and webhook parsing per topic. */
class ShopifyWebhookTest {

    private static final byte[] VECTOR_BODY = "{\"foo\": \"bar\"}".getBytes(StandardCharsets.UTF_8);
    private static final String VECTOR_HMAC = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=";

    private final ShopifyWebhookReceiver receiver = new ShopifyWebhookReceiver(List.of(TestSupport.SECRET, TestSupport.OLD_SECRET));

    private static WebhookRequest withHmac(byte[] body, String hmac) {
        return new WebhookRequest("c", "POST", "http://x/webhooks/c",
                Map.of("X-Shopify-Hmac-Sha256", List.of(hmac), "X-Shopify-Topic", List.of("orders/create")), Map.of(), body,
                Instant.now());
    }

    @Test
    void vendorVectorVerifies() {
        assertThat(ShopifySigner.hmac(VECTOR_BODY, "test_secret_key")).isEqualTo(VECTOR_HMAC);
        ShopifyWebhookReceiver vendor = new ShopifyWebhookReceiver(List.of("test_secret_key"));
        assertThatCode(() -> vendor.verify(withHmac(VECTOR_BODY, VECTOR_HMAC))).doesNotThrowAnyException();
    }

    @Test
    void vendorVectorWithoutTheSpaceFails() {
        ShopifyWebhookReceiver vendor = new ShopifyWebhookReceiver(List.of("test_secret_key"));
        byte[] compact = "{\"foo\":\"bar\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> vendor.verify(withHmac(compact, VECTOR_HMAC))).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void vendorVectorWithTrailingSpaceInSecretFails() {
        ShopifyWebhookReceiver vendor = new ShopifyWebhookReceiver(List.of("test_secret_key "));
        assertThatThrownBy(() -> vendor.verify(withHmac(VECTOR_BODY, VECTOR_HMAC))).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void nonBase64SignatureFails() {
        ShopifyWebhookReceiver vendor = new ShopifyWebhookReceiver(List.of("test_secret_key"));
        assertThatThrownBy(() -> vendor.verify(withHmac(VECTOR_BODY, "%%%not-base64")))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageContaining("base64");
    }

    @Test
    void noConfiguredSecretRejectsEverything() {
        ShopifyWebhookReceiver none = new ShopifyWebhookReceiver(List.of());
        assertThatThrownBy(() -> none.verify(withHmac(VECTOR_BODY, VECTOR_HMAC))).isInstanceOf(WebhookAuthenticationException.class);
    }

    @Test
    void oldAndNewSecretsAreBothAcceptedDuringRotation() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json");
        assertThatCode(() -> receiver.verify(TestSupport.signed("orders/create", body, TestSupport.SECRET))).doesNotThrowAnyException();
        assertThatCode(() -> receiver.verify(TestSupport.signed("orders/create", body, TestSupport.OLD_SECRET))).doesNotThrowAnyException();
        assertThatThrownBy(() -> receiver.verify(TestSupport.signed("orders/create", body, "revoked-secret")))
                .isInstanceOf(WebhookAuthenticationException.class).hasMessageNotContaining(TestSupport.SECRET);
    }

    @Test
    void orderTopicsBecomeOrderUpserts() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/orders-updated-partially-fulfilled.json");
        for (String topic : List.of("orders/create", "orders/updated", "orders/cancelled", "orders/paid", "orders/fulfilled",
                "orders/partially_fulfilled")) {
            PlatformEvent e = receiver.parse(TestSupport.signed(topic, body, TestSupport.SECRET)).get(0);
            assertThat(e.kind()).isEqualTo(EntityKind.ORDER);
            assertThat(e.action()).isEqualTo(PlatformEvent.Action.UPSERT);
            assertThat(e.externalId()).isEqualTo("450789469");
            assertThat(e.version()).isEqualTo("2008-01-11T09:30:00-05:00");
            assertThat(e.occurredAt()).isEqualTo(Instant.parse("2008-01-11T14:30:00Z"));
            assertThat(e.eventId()).isEqualTo("evt-123");
            assertThat(e.topic()).isEqualTo(topic);
            assertThat(e.attributes()).containsEntry("shopDomain", "acme.myshopify.com").containsEntry("topic", topic)
                    .containsKey("triggeredAt");
            assertThat(e.thin()).isFalse();
        }
    }

    @Test
    void productCreateIsAProductUpsert() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/products-create.json");
        PlatformEvent e = receiver.parse(TestSupport.signed("products/create", body, TestSupport.SECRET)).get(0);
        assertThat(e.kind()).isEqualTo(EntityKind.PRODUCT);
        assertThat(e.externalId()).isEqualTo("632910392");
        assertThat(e.version()).isEqualTo("2011-10-20T14:05:13-04:00");
    }

    @Test
    void productDeleteTakesItsVersionFromTriggeredAt() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/products-delete.json");
        WebhookRequest signed = TestSupport.signed("products/delete", body, TestSupport.SECRET);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(signed.headers());
        h.put("X-Shopify-Triggered-At", List.of("2024-05-01T09:59:58.123Z"));
        PlatformEvent e = receiver.parse(TestSupport.withHeaders(signed, h)).get(0);
        assertThat(e.action()).isEqualTo(PlatformEvent.Action.DELETE);
        assertThat(e.externalId()).isEqualTo("632910392");
        assertThat(e.version()).isEqualTo("2024-05-01T09:59:58.123Z");
        h.remove("X-Shopify-Triggered-At");
        PlatformEvent noTrigger = receiver.parse(TestSupport.withHeaders(signed, h)).get(0);
        assertThat(noTrigger.occurredAt()).isEqualTo(signed.receivedAt());
    }

    @Test
    void inventoryLevelUpdateIsAThinStockEventKeepingThePayload() {
        byte[] body = Fixtures.bytes("fixtures/shopify/webhooks/inventory-levels-update.json");
        PlatformEvent e = receiver.parse(TestSupport.signed("inventory_levels/update", body, TestSupport.SECRET)).get(0);
        assertThat(e.kind()).isEqualTo(EntityKind.STOCK);
        assertThat(e.thin()).isTrue();
        assertThat(e.payload().path("available").asInt()).isEqualTo(6);
        assertThat(e.externalId()).isEqualTo("808950810:905684977");
        assertThat(e.attributes()).containsEntry("inventoryItemId", "808950810").containsEntry("locationId", "905684977");
    }

    @Test
    void unknownTopicsAreAcceptedWithoutEvents() {
        byte[] body = "{\"order_edit\":{\"id\":1}}".getBytes(StandardCharsets.UTF_8);
        assertThat(receiver.parse(TestSupport.signed("orders/edited", body, TestSupport.SECRET))).isEmpty();
        assertThat(receiver.parse(TestSupport.signed("app/uninstalled", "{\"id\":1}".getBytes(StandardCharsets.UTF_8),
                TestSupport.SECRET))).isEmpty();
    }

    @Test
    void eventIdFallsBackToWebhookId() {
        WebhookRequest signed = TestSupport.signed("orders/create", Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"),
                TestSupport.SECRET);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(signed.headers());
        h.remove("X-Shopify-Event-Id");
        assertThat(receiver.parse(TestSupport.withHeaders(signed, h)).get(0).eventId()).isEqualTo("wh-evt-123");
    }

    @Test
    void malformedRequestsNameTheProblem() {
        WebhookRequest ok = TestSupport.signed("orders/create", "{}".getBytes(StandardCharsets.UTF_8), TestSupport.SECRET);
        Map<String, List<String>> noTopic = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        noTopic.putAll(ok.headers());
        noTopic.remove("X-Shopify-Topic");
        assertThatThrownBy(() -> receiver.parse(TestSupport.withHeaders(ok, noTopic)))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("X-Shopify-Topic");
        assertThatThrownBy(() -> receiver.parse(TestSupport.signed("orders/create", "not json".getBytes(StandardCharsets.UTF_8), "s")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> receiver.parse(TestSupport.signed("orders/create", "[1,2]".getBytes(StandardCharsets.UTF_8), "s")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> receiver.parse(ok)).isInstanceOf(MalformedPayloadException.class).hasMessageContaining("no id");
        assertThatThrownBy(() -> receiver.parse(TestSupport.signed("inventory_levels/update",
                "{\"location_id\":1,\"available\":2}".getBytes(StandardCharsets.UTF_8), "s")))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("inventory_item_id");
    }
}
