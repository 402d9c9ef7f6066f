package io.omnihub.app.channels;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.omnihub.app.channels.ChannelFixtures.bytes;
import static io.omnihub.app.channels.ChannelFixtures.hex;
import static io.omnihub.app.channels.ChannelFixtures.hmacSha256;
import static io.omnihub.app.channels.ChannelFixtures.marker;
import static io.omnihub.app.channels.ChannelFixtures.object;
import static io.omnihub.app.channels.ChannelFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.omnihub.app.HubTestSupport;
import io.omnihub.connector.support.Json;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 4, Stripe, through the running hub: {@code payment_intent.succeeded} events built from Stripe's
 * official fixtures, signed as Stripe signs them ({@code Stripe-Signature: t=..,v1=hex HMAC-SHA256(secret,
 * t + "." + raw body)}), arrive at the ERP stub as {@code io.omnihub.payment.updated.v1} with the amount
 * converted from minor units per currency (two-, zero- and three-decimal), linked to the shop order by
 * metadata; a refund event arrives as {@code io.omnihub.refund.updated.v1}. Redelivery, bad and stale
 * signatures and malformed bodies get the contract's answers.
 */
class StripeEndToEndTest extends HubTestSupport {

    static final String STRIPE = "stripe-e2e";
    static final String DEST = "erp-stripe-e2e";
    /** The shop connector whose order ids the PaymentIntents' metadata carries. */
    static final String SHOP = "woo-e2e";
    /** Ids of fixtures3.json's payment_intent and event. */
    static final String PI_ID = "pi_1PgafyB7WZ01zgkWSjxsAJo3";
    static final String EVENT_ID = "evt_1Pgc76B7WZ01zgkWwyRHS12y";

    static final WireMockServer API = startApi();

    private static WireMockServer startApi() {
        WireMockServer s = new WireMockServer(options().dynamicPort());
        s.start();
        return s;
    }

    @BeforeAll
    static void config() {
        // webhook events are full snapshots; the API only answers the connector's own check
        API.stubFor(WireMock.get(urlPathEqualTo("/v1/events"))
                .willReturn(okJson("{\"object\":\"list\",\"data\":[],\"has_more\":false,\"url\":\"/v1/events\"}")));
        writeConfig(DEST + ".yaml", taggedErpDestination(DEST, "payment, refund"));
        writeConfig(STRIPE + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Connector
                metadata:
                  id: %s
                spec:
                  type: stripe
                  connection:
                    baseUrl: %s
                    apiKey: ${TEST_STRIPE_API_KEY}
                  webhooks:
                    secrets: [${TEST_STRIPE_SECRET_OLD}, ${TEST_STRIPE_SECRET}]
                    tolerance: 300s
                  flows:
                    webhooks: true
                    payments: false
                  mapping:
                    orderMetadataKeys: [order_id]
                    orderConnector: %s
                """.formatted(STRIPE, API.baseUrl(), SHOP));
    }

    @AfterAll
    static void removeConfig() {
        deleteConfig(STRIPE + ".yaml");
        deleteConfig(DEST + ".yaml");
        API.stop();
    }

    @BeforeEach
    void ready() {
        awaitConnector(STRIPE);
        awaitDestination(DEST);
    }

    /**
     * A {@code payment_intent.succeeded} event: fixtures3.json's event envelope and payment_intent (as in
     * the connector's {@code event-payment_intent.payment_failed.json}), with type, status, amounts,
     * currency, metadata and ids changed as a succeeded payment of {@code amount} minor units carries them.
     */
    private static ObjectNode paymentIntentSucceeded(String eventId, String intentId, String currency, long amount) {
        ObjectNode event = object("stripe/event-payment_intent.payment_failed.json");
        event.put("id", eventId);
        event.put("type", "payment_intent.succeeded");
        ObjectNode pi = (ObjectNode) event.get("data").get("object");
        pi.put("id", intentId);
        pi.put("client_secret", intentId + "_secret_Dm43xiq1k0ywrRRjDoi8y1gkM");
        pi.put("status", "succeeded");
        pi.put("currency", currency);
        pi.put("amount", amount);
        pi.put("amount_received", amount);
        pi.putNull("last_payment_error");
        pi.putNull("next_action");
        pi.putNull("canceled_at");
        pi.putObject("metadata").put("order_id", "727");
        return event;
    }

    /** Stripe sends pretty-printed JSON; the signature covers exactly these bytes. */
    private static byte[] pretty(JsonNode event) {
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code v1} value: hex HMAC-SHA256 keyed with the whsec string, over {@code t + "." + body}. */
    private static String v1(String secret, long t, byte[] body) {
        return hex(hmacSha256(secret, utf8(t + "."), body));
    }

    private static String header(String secret, long t, byte[] body) {
        return "t=" + t + ",v1=" + v1(secret, t, body);
    }

    private HttpResponse<String> deliver(byte[] body, String stripeSignature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json; charset=utf-8");
        h.put("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
        if (stripeSignature != null) {
            h.put("Stripe-Signature", stripeSignature);
        }
        return post("/webhooks/" + STRIPE, body, h);
    }

    private static List<JsonNode> delivered(String subject) {
        return erpDeliveredBy(DEST).stream().filter(n -> subject.equals(n.path("subject").asText())).toList();
    }

    @Test
    void succeededPaymentIntentsArriveAsCanonicalPaymentsWithMinorUnitsConvertedPerCurrency() throws Exception {
        long now = Instant.now().getEpochSecond();
        long duplicatesBefore = connectorCount(STRIPE, "webhook.duplicate");
        byte[] usd = pretty(paymentIntentSucceeded(EVENT_ID, PI_ID, "usd", 1099));
        byte[] jpy = pretty(paymentIntentSucceeded("evt_e2e_pi_jpy", "pi_e2e_zero_decimal_jpy", "jpy", 1099));
        byte[] kwd = pretty(paymentIntentSucceeded("evt_e2e_pi_kwd", "pi_e2e_three_decimal_kwd", "kwd", 10500));

        assertThat(deliver(usd, header(STRIPE_SECRET, now, usd)).statusCode()).isEqualTo(200);
        // our rotation: the previous endpoint secret is still accepted
        assertThat(deliver(jpy, header(STRIPE_SECRET_OLD, now, jpy)).statusCode()).isEqualTo(200);
        // Stripe's rotation: several v1 values, one of them valid; and a timestamp 200 s old is within 300 s
        long t = now - 200;
        HttpResponse<String> r = deliver(kwd, "t=" + t + ",v1=" + v1("whsec_expired_secret", t, kwd) + ",v1=" + v1(STRIPE_SECRET, t, kwd)
                + ",v0=" + v1("whsec_legacy", t, kwd));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

        assertPayment(PI_ID, "10.99", "USD");
        assertPayment("pi_e2e_zero_decimal_jpy", "1099", "JPY");
        assertPayment("pi_e2e_three_decimal_kwd", "10.500", "KWD");

        // Stripe redelivers the same event (same evt id) with a fresh signature: 200, no second event
        assertThat(deliver(usd, header(STRIPE_SECRET, Instant.now().getEpochSecond(), usd)).statusCode()).isEqualTo(200);
        await(Duration.ofSeconds(10), "the duplicate to be counted",
                () -> connectorCount(STRIPE, "webhook.duplicate") > duplicatesBefore);
        Thread.sleep(1500);
        assertThat(delivered(STRIPE + ":payment:" + PI_ID)).hasSize(1);
    }

    private void assertPayment(String intentId, String amount, String currency) {
        String subject = STRIPE + ":payment:" + intentId;
        await(Duration.ofSeconds(20), "payment " + intentId + " at the ERP", () -> !delivered(subject).isEmpty());
        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.payment.updated.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + STRIPE);
        // version and time are the event's created (1234567890)
        assertThat(ce.get("time").asText()).isEqualTo("2009-02-13T23:31:30Z");
        assertThat(ce.get("omnihubentityversion").asText()).isEqualTo("1234567890");
        JsonNode data = ce.get("data");
        assertThat(data.get("paymentId").asText()).isEqualTo(STRIPE + ":" + intentId);
        assertThat(data.get("provider").asText()).isEqualTo("STRIPE");
        assertThat(data.get("providerPaymentId").asText()).isEqualTo(intentId);
        // platforms.md section 7 (Stripe): PaymentIntent succeeded -> CAPTURED
        assertThat(data.get("status").asText()).isEqualTo("CAPTURED");
        assertThat(data.get("amount").get("amount").isTextual()).isTrue();
        assertThat(data.get("amount").get("amount").asText()).isEqualTo(amount);
        assertThat(data.get("amount").get("currency").asText()).isEqualTo(currency);
        assertThat(data.get("capturedAmount").get("amount").asText()).isEqualTo(amount);
        // linked to the shop's order through metadata.order_id
        assertThat(data.get("merchantReference").asText()).isEqualTo("727");
        assertThat(data.get("orderRef").asText()).isEqualTo(SHOP + ":727");
    }

    @Test
    void refundEventArrivesAsACanonicalRefund() {
        byte[] body = bytes("stripe/event-charge.refund.updated.json");
        String subject = STRIPE + ":refund:re_1Pgc72B7WZ01zgkWqPvrRrPE";
        HttpResponse<String> r = deliver(body, header(STRIPE_SECRET, Instant.now().getEpochSecond(), body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "refund at the ERP", () -> !delivered(subject).isEmpty());

        JsonNode ce = delivered(subject).get(0);
        assertThat(ce.get("type").asText()).isEqualTo("io.omnihub.refund.updated.v1");
        assertThat(ce.get("source").asText()).isEqualTo("omnihub:connector:" + STRIPE);
        assertThat(ce.get("omnihubentityversion").asText()).isEqualTo("1234567895");
        JsonNode data = ce.get("data");
        assertThat(data.get("refundId").asText()).isEqualTo(STRIPE + ":re_1Pgc72B7WZ01zgkWqPvrRrPE");
        assertThat(data.get("provider").asText()).isEqualTo("STRIPE");
        assertThat(data.get("paymentRef").asText()).isEqualTo(STRIPE + ":ch_1PgafuB7WZ01zgkWXYmPNZs8");
        // Refund succeeded -> SUCCEEDED; 100 usd cents -> "1.00"
        assertThat(data.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(data.get("amount").get("amount").asText()).isEqualTo("1.00");
        assertThat(data.get("amount").get("currency").asText()).isEqualTo("USD");
    }

    @Test
    void badStaleAndMalformedWebhooksAreRejectedAndNeverReachTheErp() throws Exception {
        long published = connectorCount(STRIPE, "published");
        long unauthorized = connectorCount(STRIPE, "webhook.unauthorized");
        long malformed = connectorCount(STRIPE, "webhook.malformed");
        long now = Instant.now().getEpochSecond();
        List<String> markers = new ArrayList<>();

        String wrong = marker("wrongsecret");
        markers.add(wrong);
        byte[] b1 = event(wrong);
        HttpResponse<String> r = deliver(b1, header("whsec_not_this_endpoint", now, b1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
        assertThat(r.body()).contains("No signatures found matching the expected signature");

        // correctly signed, but t is 310 s old (tolerance 300 s): a replay
        String stale = marker("stale");
        markers.add(stale);
        byte[] b2 = event(stale);
        assertThat(deliver(b2, header(STRIPE_SECRET, now - 310, b2)).statusCode()).isEqualTo(401);

        // correctly signed, t 10 minutes ahead (60 s allowed)
        String future = marker("future");
        markers.add(future);
        byte[] b3 = event(future);
        assertThat(deliver(b3, header(STRIPE_SECRET, now + 600, b3)).statusCode()).isEqualTo(401);

        String missing = marker("missing");
        markers.add(missing);
        assertThat(deliver(event(missing), null).statusCode()).isEqualTo(401);

        // only a v0 (legacy test-mode) value: v1 is required
        String v0Only = marker("v0only");
        markers.add(v0Only);
        byte[] b5 = event(v0Only);
        assertThat(deliver(b5, "t=" + now + ",v0=" + v1(STRIPE_SECRET, now, b5)).statusCode()).isEqualTo(401);

        String tamperedMarker = marker("tampered");
        markers.add(tamperedMarker);
        byte[] signed = event(tamperedMarker);
        byte[] tampered = utf8(utf8(signed).replace("1099", "1"));
        assertThat(deliver(tampered, header(STRIPE_SECRET, now, signed)).statusCode()).isEqualTo(401);

        // correctly signed, not JSON
        String broken = marker("broken");
        markers.add(broken);
        byte[] b7 = utf8("{\n  \"id\": \"evt_" + broken + "\",\n  \"object\": \"event\",\n  \"type\": ");
        HttpResponse<String> m = deliver(b7, header(STRIPE_SECRET, now, b7));
        assertThat(m.statusCode()).as(m.body()).isEqualTo(400);
        assertThat(m.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        // correctly signed Event without data.object
        String noObject = marker("noobject");
        markers.add(noObject);
        ObjectNode e = paymentIntentSucceeded("evt_" + noObject, "pi_" + noObject, "usd", 1099);
        ((ObjectNode) e.get("data")).remove("object");
        byte[] b8 = pretty(e);
        HttpResponse<String> m2 = deliver(b8, header(STRIPE_SECRET, now, b8));
        assertThat(m2.statusCode()).as(m2.body()).isEqualTo(400);
        assertThat(m2.body()).contains("data.object");

        Thread.sleep(1500);
        assertThat(ERP.requests()).noneMatch(q -> markers.stream().anyMatch(x -> q.getBodyAsString().contains(x)));
        assertThat(connectorCount(STRIPE, "published")).isEqualTo(published);
        assertThat(connectorCount(STRIPE, "webhook.unauthorized")).isEqualTo(unauthorized + 6);
        assertThat(connectorCount(STRIPE, "webhook.malformed")).isEqualTo(malformed + 2);
    }

    /** A succeeded PaymentIntent event whose event and PaymentIntent ids carry {@code marker}. */
    private static byte[] event(String marker) {
        return pretty(paymentIntentSucceeded("evt_" + marker, "pi_" + marker, "usd", 1099));
    }
}
