package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The dead-letter operations of the ops API against real dead letters: a destination whose back
 * office answers 500 parks orders in {@code omnihub.dlq.<destination>}; they are listed with filters,
 * inspected with personal data masked, replayed (one, by filter, by ids) once the back office
 * recovers, discarded, and every revealing or changing operation lands in the audit trail. A raw
 * dead letter (as the publish route parks it) is shown as size + SHA-256 and replays to its raw queue.
 */
class DeadLetterApiTest extends HubTestSupport {

    static final String SHOP = "shop-dlq";
    static final String DEST = "erp-dlq";
    static final String DLQ = Addresses.destinationDlq(DEST);
    static final String RAW_DLQ = Addresses.rawDlq(SHOP);
    static final String ORDER_TYPE = "io.omnihub.order.upserted.v1";
    static final String EMAIL = "bob.norman@hostmail.com";
    static final String PHONE = "+15550001111";
    static final List<String> PERSONAL = List.of(EMAIL, PHONE, "Bob Norman", "Chestnut Street 92", "555-625-1199");
    static final ErpStub BACKOFFICE = ErpStub.start();

    @Autowired
    BrokerAdmin broker;

    @Autowired
    ConnectionFactory cf;

    @Autowired
    ActiveMQConnectionFactory artemis;

    @BeforeAll
    static void config() {
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
        writeConfig(DEST + ".yaml", deadLetteringDestination(DEST, BACKOFFICE.url()));
    }

    @AfterAll
    static void stop() {
        deleteConfig(DEST + ".yaml");
        deleteConfig(SHOP + ".yaml");
        BACKOFFICE.close();
    }

    @BeforeEach
    void ready() {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        BACKOFFICE.healthy();
    }

    // ------------------------------------------------------------------------------------------ tests

    @Test
    void deadLetterIsListedWithFiltersInspectedMaskedAndReplayedOnceAfterRecovery() throws Exception {
        Order o = newOrder();
        JsonNode dl = deadLetter(o);
        String id = dl.get("id").asText();

        // the summary
        assertThat(id).startsWith("ID:");
        assertThat(dl.get("queue").asText()).isEqualTo(DLQ);
        assertThat(dl.get("kind").asText()).isEqualTo("destination");
        assertThat(dl.get("destination").asText()).isEqualTo(DEST);
        assertThat(dl.get("connector").asText()).isEqualTo(SHOP);
        assertThat(dl.get("originalQueue").asText()).isEqualTo("omnihub.order::dest." + DEST + ".order");
        assertThat(dl.get("errorClass").asText()).endsWith("DeliveryFailedException");
        assertThat(dl.get("errorMessage").asText()).contains("HTTP 500");
        assertThat(dl.get("attempts").asInt()).isEqualTo(2);
        assertThat(dl.get("eventType").asText()).isEqualTo(ORDER_TYPE);
        assertThat(dl.get("subject").asText()).isEqualTo(o.subject);
        assertThat(dl.get("dedupeKey").asText()).startsWith(SHOP + ":");
        Instant failedAt = Instant.parse(dl.get("failedAt").asText());
        assertThat(failedAt).isBetween(o.sentAt.minusSeconds(5), Instant.now());
        assertThat(requestsFor(o)).hasSize(2);

        // filters: each criterion narrows, and a non-matching one excludes it
        String s = "&subject=" + enc(o.subject);
        assertThat(ids("?destination=" + DEST + "&type=" + ORDER_TYPE + s)).containsExactly(id);
        assertThat(ids("?connector=" + SHOP + s)).containsExactly(id);
        assertThat(ids("?queue=" + DLQ + s)).containsExactly(id);
        assertThat(ids("?subject=" + enc(SHOP + ":order:*") + "&destination=" + DEST)).contains(id);
        assertThat(ids("?since=" + enc(failedAt.minusSeconds(1).toString()) + s)).containsExactly(id);
        assertThat(ids("?since=" + enc(failedAt.plusSeconds(1).toString()) + s)).isEmpty();
        assertThat(ids("?destination=some-other-destination" + s)).isEmpty();
        assertThat(ids("?connector=some-other-shop" + s)).isEmpty();
        assertThat(ids("?type=io.omnihub.product.upserted.v1" + s)).isEmpty();
        assertThat(ids("?queue=" + RAW_DLQ + s)).isEmpty();
        JsonNode limited = json(call("GET", "/api/v1/dead-letters?limit=1", null, null).body());
        assertThat(limited.get("items")).hasSize(1);
        assertProblem(call("GET", "/api/v1/dead-letters?since=yesterday", null, null), 400);
        assertProblem(call("GET", "/api/v1/dead-letters?limit=0", null, null), 400);
        assertProblem(call("GET", "/api/v1/dead-letters?queue=omnihub.raw." + SHOP, null, null), 400);

        // inspect: error headers and the CloudEvent, personal data masked
        HttpResponse<String> inspected = call("GET", path(DLQ, id), null, null);
        assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
        for (String personal : PERSONAL) {
            assertThat(inspected.body()).doesNotContain(personal);
        }
        JsonNode view = json(inspected.body());
        assertThat(view.get("masked").asBoolean()).isTrue();
        assertThat(view.get("bodyFormat").asText()).isEqualTo("cloudevent");
        assertThat(view.at("/headers/OmnihubErrorMessage").asText()).contains("HTTP 500");
        assertThat(view.at("/headers/OmnihubErrorAttempts").asInt()).isEqualTo(2);
        assertThat(view.at("/headers/JMSXGroupID").asText()).isEqualTo(o.subject);
        JsonNode data = view.at("/body/data");
        assertThat(data.get("externalId").asText()).isEqualTo(String.valueOf(o.id));
        assertThat(data.at("/customer/email").asText()).isEqualTo("***");
        assertThat(data.at("/customer/name").asText()).isEqualTo("***");
        assertThat(data.at("/customer/phone").asText()).isEqualTo("***");
        assertThat(data.at("/customer/masked").asBoolean()).isTrue();
        for (String a : List.of("billingAddress", "shippingAddress")) {
            JsonNode addr = data.get(a);
            assertThat(addr.get("name").asText()).isEqualTo("***");
            assertThat(addr.get("line1").asText()).isEqualTo("***");
            assertThat(addr.get("postalCode").asText()).isEqualTo("***");
            assertThat(addr.get("phone").asText()).isEqualTo("***");
            assertThat(addr.get("city").asText()).isEqualTo("Louisville");
            assertThat(addr.get("masked").asBoolean()).isTrue();
        }
        assertThat(audit("?messageId=" + enc(id))).as("a masked inspection is not audited").isEmpty();

        // inspect unmasked: everything, audited with the actor
        JsonNode full = json(call("GET", path(DLQ, id) + "?unmasked=true", null, ADMIN_USER).body());
        assertThat(full.get("masked").asBoolean()).isFalse();
        assertThat(full.at("/body/data/customer/email").asText()).isEqualTo(EMAIL);
        assertThat(full.at("/body/data/customer/masked").isMissingNode()).isTrue();

        // replay after the back office recovers: delivered once, only to this destination, gone from the DLQ
        String probe = "dest.dlq-probe.order";
        broker.ensureDestinationQueue("dlq-probe", "order");
        try {
            long dlqBefore = broker.messageCount(DLQ);
            BACKOFFICE.healthy();
            HttpResponse<String> replayed = call("POST", path(DLQ, id) + "/replay", null, OPERATOR_USER);
            assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
            JsonNode r = json(replayed.body());
            assertThat(r.get("status").asText()).isEqualTo("REPLAYED");
            assertThat(r.get("target").asText()).isEqualTo("omnihub.order::dest." + DEST + ".order");
            assertThat(r.get("replayedBy").asText()).isEqualTo(OPERATOR_USER);
            assertThat(r.get("newMessageId").asText()).startsWith("ID:").isNotEqualTo(id);
            await(Duration.ofSeconds(20), "replayed order delivered", () -> deliveredFor(o).size() == 1);
            Thread.sleep(1500);
            assertThat(deliveredFor(o)).as("delivered exactly once").hasSize(1);
            assertThat(requestsFor(o)).as("2 failed attempts + 1 replayed delivery").hasSize(3);
            List<String> keys = requestsFor(o).stream().map(q -> q.getHeader("Idempotency-Key")).distinct().toList();
            assertThat(keys).as("the replay keeps the event's idempotency key").hasSize(1);
            assertThat(ids("?subject=" + enc(o.subject))).isEmpty();
            assertThat(broker.messageCount(DLQ)).isEqualTo(dlqBefore - 1);
            assertThat(broker.messageCount(probe)).as("the FQQN replay reaches no other queue on the address").isZero();
        } finally {
            deleteQueue(probe);
        }

        // the message is gone now
        assertProblem(call("POST", path(DLQ, id) + "/replay", null, OPERATOR_USER), 404);

        // audit trail, newest first
        List<JsonNode> trail = audit("?messageId=" + enc(id));
        assertThat(trail).hasSize(2);
        assertThat(trail.get(0).get("action").asText()).isEqualTo("REPLAY");
        assertThat(trail.get(0).get("actor").asText()).isEqualTo(OPERATOR_USER);
        assertThat(trail.get(0).get("queue").asText()).isEqualTo(DLQ);
        assertThat(trail.get(0).get("subject").asText()).isEqualTo(o.subject);
        assertThat(trail.get(0).get("detail").asText()).contains("omnihub.order::dest." + DEST + ".order");
        assertThat(trail.get(1).get("action").asText()).isEqualTo("INSPECT_UNMASKED");
        assertThat(trail.get(1).get("actor").asText()).isEqualTo(ADMIN_USER);
        assertThat(Instant.parse(trail.get(0).get("at").asText()))
                .isAfterOrEqualTo(Instant.parse(trail.get(1).get("at").asText()));
    }

    @Test
    void unknownMessagesAndQueuesAnswerProblems() {
        String unknown = "ID:" + UUID.randomUUID();
        long before = broker.messageCount(DLQ);
        assertProblem(call("POST", path(DLQ, unknown) + "/replay", null, OPERATOR_USER), 404);
        assertProblem(call("GET", path(DLQ, unknown), null, null), 404);
        assertProblem(call("DELETE", path(DLQ, unknown), null, OPERATOR_USER), 404);
        assertProblem(call("POST", path("omnihub.dlq.no-such-queue", unknown) + "/replay", null, null), 404);
        assertThat(broker.messageCount("omnihub.dlq.no-such-queue")).as("never auto-created").isEqualTo(-1);
        // a live work queue is not a dead-letter queue: refused, nothing consumed
        assertProblem(call("DELETE", path(Addresses.raw(SHOP), unknown), null, null), 400);
        assertProblem(call("POST", "/api/v1/dead-letters/replay", "{}", null), 400);
        assertProblem(call("POST", "/api/v1/dead-letters/replay", "{\"destinaton\":\"x\"}", null), 400);
        assertProblem(call("POST", "/api/v1/dead-letters/replay", "not json", null), 400);
        assertThat(broker.messageCount(DLQ)).isEqualTo(before);
        assertThat(audit("?messageId=" + enc(unknown))).isEmpty();
    }

    @Test
    void bulkReplayByIdsAndByFilterReplaysEachMatchOnce() throws Exception {
        Instant t0 = Instant.now().minusMillis(200);
        Order a = newOrder();
        Order b = newOrder();
        String idA = deadLetter(a).get("id").asText();
        String idB = deadLetter(b).get("id").asText();

        // a filter that matches nothing replays nothing
        JsonNode none = json(call("POST", "/api/v1/dead-letters/replay",
                "{\"destination\":\"" + DEST + "\",\"type\":\"io.omnihub.product.upserted.v1\"}", OPERATOR_USER).body());
        assertThat(none.get("matched").asInt()).isZero();

        BACKOFFICE.healthy();
        // by ids: only A
        HttpResponse<String> byIds = call("POST", "/api/v1/dead-letters/replay", "{\"ids\":[\"" + idA + "\"]}", OPERATOR_USER);
        assertThat(byIds.statusCode()).as(byIds.body()).isEqualTo(200);
        JsonNode r1 = json(byIds.body());
        assertThat(r1.get("matched").asInt()).as(byIds.body()).isEqualTo(1);
        assertThat(r1.get("replayed").asInt()).as(byIds.body()).isEqualTo(1);
        assertThat(r1.at("/results/0/id").asText()).isEqualTo(idA);
        assertThat(r1.at("/results/0/status").asText()).isEqualTo("REPLAYED");
        await(Duration.ofSeconds(20), "A delivered", () -> deliveredFor(a).size() == 1);
        assertThat(ids("?subject=" + enc(b.subject))).containsExactly(idB);

        // by filter: destination + since -> B (A is gone already)
        JsonNode r2 = json(call("POST", "/api/v1/dead-letters/replay",
                "{\"destination\":\"" + DEST + "\",\"since\":\"" + t0 + "\",\"type\":\"" + ORDER_TYPE + "\"}", OPERATOR_USER).body());
        assertThat(r2.get("matched").asInt()).as(r2.toString()).isEqualTo(1);
        assertThat(r2.get("replayed").asInt()).isEqualTo(1);
        assertThat(r2.get("failed").asInt()).isZero();
        assertThat(r2.at("/results/0/id").asText()).isEqualTo(idB);
        await(Duration.ofSeconds(20), "B delivered", () -> deliveredFor(b).size() == 1);
        Thread.sleep(1500);
        assertThat(deliveredFor(a)).hasSize(1);
        assertThat(deliveredFor(b)).hasSize(1);
        assertThat(ids("?destination=" + DEST + "&since=" + enc(t0.toString()))).isEmpty();
        for (String id : List.of(idA, idB)) {
            List<JsonNode> trail = audit("?messageId=" + enc(id));
            assertThat(trail).hasSize(1);
            assertThat(trail.get(0).get("action").asText()).isEqualTo("REPLAY");
            assertThat(trail.get(0).get("actor").asText()).isEqualTo(OPERATOR_USER);
        }
    }

    @Test
    void discardRemovesTheDeadLetterForGoodAndIsAudited() throws Exception {
        Order o = newOrder();
        String id = deadLetter(o).get("id").asText();
        long before = broker.messageCount(DLQ);
        BACKOFFICE.healthy();

        HttpResponse<String> discarded = call("DELETE", path(DLQ, id), null, null);
        assertThat(discarded.statusCode()).as(discarded.body()).isEqualTo(200);
        assertThat(json(discarded.body()).get("status").asText()).isEqualTo("DISCARDED");
        assertThat(ids("?subject=" + enc(o.subject))).isEmpty();
        assertThat(broker.messageCount(DLQ)).isEqualTo(before - 1);
        assertProblem(call("DELETE", path(DLQ, id), null, null), 404);
        Thread.sleep(500);
        assertThat(requestsFor(o)).as("never delivered again").hasSize(2);

        List<JsonNode> trail = audit("?messageId=" + enc(id));
        assertThat(trail).hasSize(1);
        assertThat(trail.get(0).get("action").asText()).isEqualTo("DISCARD");
        assertThat(trail.get(0).get("actor").asText()).as("the authenticated principal, never a self-declared header").isEqualTo(ADMIN_USER);
        assertThat(trail.get(0).get("detail").asText()).contains("HTTP 500");
        // the audit listing is newest first overall
        List<JsonNode> all = audit("");
        assertThat(all).isNotEmpty();
        assertThat(all.get(0).get("messageId").asText()).isEqualTo(id);
        for (int i = 1; i < all.size(); i++) {
            assertThat(Instant.parse(all.get(i - 1).get("at").asText()))
                    .isAfterOrEqualTo(Instant.parse(all.get(i).get("at").asText()));
        }
    }

    @Test
    void rawDeadLetterIsShownAsSizeAndHashAndReplaysToItsRawQueue() throws Exception {
        // a webhook accepted normally: the raw address's duplicate-id cache now holds raw:<connector>:<eventId>
        String eventId = UUID.randomUUID().toString();
        Order accepted = newOrder();
        HttpResponse<String> w = post("/webhooks/" + SHOP, accepted.body, ShopifySigner.headers("orders/create",
                accepted.body, SHOPIFY_SECRET, eventId, "dlq.myshopify.com"));
        assertThat(w.statusCode()).as(w.body()).isEqualTo(200);
        await(Duration.ofSeconds(20), "accepted order delivered", () -> deliveredFor(accepted).size() == 1);
        // a raw dead letter that still carries that duplicate id: a replay that kept it would be dropped by the broker
        Order o = newOrder();
        String id = parkRawDeadLetter(o, eventId);

        JsonNode listed = json(call("GET", "/api/v1/dead-letters?connector=" + SHOP + "&queue=" + RAW_DLQ, null, null).body());
        JsonNode item = null;
        for (JsonNode n : listed.get("items")) {
            if (id.equals(n.get("id").asText())) {
                item = n;
            }
        }
        assertThat(item).as(listed.toString()).isNotNull();
        assertThat(item.get("kind").asText()).isEqualTo("raw");
        assertThat(item.get("connector").asText()).isEqualTo(SHOP);
        assertThat(item.get("originalQueue").asText()).isEqualTo(Addresses.raw(SHOP));
        assertThat(item.get("errorClass").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(item.get("errorMessage").asText()).isEqualTo("mapping failed in test");
        assertThat(item.get("bodySize").asLong()).isEqualTo(o.body.length);
        assertThat(item.get("groupId").asText()).isEqualTo(o.subject);
        assertThat(item.get("subject").asText()).as("a raw event's group stands in for its subject").isEqualTo(o.subject);

        // masked: size and hash only, no bytes; the stored signature header is hidden
        HttpResponse<String> inspected = call("GET", path(RAW_DLQ, id), null, null);
        assertThat(inspected.statusCode()).as(inspected.body()).isEqualTo(200);
        for (String personal : PERSONAL) {
            assertThat(inspected.body()).doesNotContain(personal);
        }
        JsonNode view = json(inspected.body());
        assertThat(view.get("bodyFormat").asText()).isEqualTo("raw");
        assertThat(view.get("bodySize").asLong()).isEqualTo(o.body.length);
        assertThat(view.get("bodySha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(o.body)));
        assertThat(view.has("body")).isFalse();
        assertThat(view.has("bodyText")).isFalse();
        assertThat(view.has("bodyBase64")).isFalse();
        assertThat(view.at("/headers/OmnihubRequestHeaders/X-Shopify-Hmac-Sha256/0").asText()).isEqualTo("***");
        assertThat(view.at("/headers/OmnihubRequestHeaders/X-Shopify-Topic/0").asText()).isEqualTo("orders/create");

        // unmasked: the exact bytes as text, audited
        JsonNode full = json(call("GET", path(RAW_DLQ, id) + "?unmasked=true", null, ADMIN_USER).body());
        assertThat(full.get("bodyText").asText()).isEqualTo(new String(o.body, StandardCharsets.UTF_8));

        // replay: back to omnihub.raw.<connector>, mapped and delivered once
        HttpResponse<String> replayed = call("POST", path(RAW_DLQ, id) + "/replay", null, OPERATOR_USER);
        assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(200);
        assertThat(json(replayed.body()).get("target").asText()).isEqualTo(Addresses.raw(SHOP));
        await(Duration.ofSeconds(20), "replayed raw event mapped and delivered", () -> deliveredFor(o).size() == 1);
        Thread.sleep(1000);
        assertThat(deliveredFor(o)).hasSize(1);
        assertThat(deliveredFor(o).get(0).get("data").get("externalId").asText()).isEqualTo(String.valueOf(o.id));
        assertThat(ids("?queue=" + RAW_DLQ)).doesNotContain(id);

        List<JsonNode> trail = audit("?messageId=" + enc(id));
        assertThat(trail).extracting(n -> n.get("action").asText()).containsExactly("REPLAY", "INSPECT_UNMASKED");
        assertThat(trail).extracting(n -> n.get("actor").asText()).containsExactly(OPERATOR_USER, ADMIN_USER);
        assertThat(trail).extracting(n -> n.get("subject").asText()).containsOnly(o.subject);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** An order of the Shopify fixture with its own id and version, so every test has its own entity. */
    record Order(long id, String subject, byte[] body, Instant sentAt) {
    }

    private static Order newOrder() {
        try {
            ObjectNode o = (ObjectNode) json(new String(Fixtures.bytes("fixtures/shopify/webhooks/orders-create.json"),
                    StandardCharsets.UTF_8));
            long id = ThreadLocalRandom.current().nextLong(1_000_000_000_000L, 9_000_000_000_000L);
            o.put("id", id);
            o.put("admin_graphql_api_id", "gid://shopify/Order/" + id);
            o.put("phone", PHONE);
            o.put("updated_at", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString());
            return new Order(id, SHOP + ":order:" + id, Json.mapper().writeValueAsBytes(o), Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the order while the back office answers 500 and waits until it is dead-lettered; returns its summary. */
    private JsonNode deadLetter(Order o) {
        BACKOFFICE.failAll(500);
        Map<String, String> h = new LinkedHashMap<>(ShopifySigner.headers("orders/create", o.body, SHOPIFY_SECRET,
                UUID.randomUUID().toString(), "dlq.myshopify.com"));
        HttpResponse<String> r = post("/webhooks/" + SHOP, o.body, h);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        await(Duration.ofSeconds(30), "dead letter for " + o.subject, () -> ids("?subject=" + enc(o.subject)).size() == 1);
        JsonNode items = json(call("GET", "/api/v1/dead-letters?subject=" + enc(o.subject), null, null).body()).get("items");
        return items.get(0);
    }

    /** Parks a raw webhook in the connector's raw DLQ with the headers the publish route's error handler sets. */
    private String parkRawDeadLetter(Order o, String eventId) throws Exception {
        Map<String, List<String>> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ShopifySigner.headers("orders/create", o.body, SHOPIFY_SECRET, eventId, "dlq.myshopify.com")
                .forEach((k, v) -> requestHeaders.put(k, List.of(v)));
        try (JMSContext ctx = cf.createContext(JMSContext.AUTO_ACKNOWLEDGE)) {
            BytesMessage m = ctx.createBytesMessage();
            m.writeBytes(o.body);
            m.setStringProperty("OmnihubRequestHeaders", Json.mapper().writeValueAsString(requestHeaders));
            m.setStringProperty("OmnihubRequestUrl", url("/webhooks/" + SHOP));
            m.setStringProperty("OmnihubReceivedAt", Instant.now().toString());
            m.setStringProperty("OmnihubConnectorId", SHOP);
            m.setStringProperty("OmnihubRequestQuery", "{}");
            m.setStringProperty("OmnihubRequestMethod", "POST");
            m.setStringProperty("OmnihubErrorClass", "java.lang.IllegalStateException");
            m.setStringProperty("OmnihubErrorMessage", "mapping failed in test");
            m.setStringProperty("OmnihubFailedAt", Instant.now().toString());
            m.setStringProperty("OmnihubOriginalQueue", Addresses.raw(SHOP));
            m.setStringProperty("_AMQ_DUPL_ID", "raw:" + SHOP + ":" + eventId);
            m.setStringProperty("JMSXGroupID", o.subject);
            ctx.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT).send(ctx.createQueue(RAW_DLQ), m);
            return m.getJMSMessageID();
        }
    }

    private List<ServeEvent> servedFor(Order o) {
        return BACKOFFICE.server().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains("\"" + o.subject + "\""))
                .toList();
    }

    private List<LoggedRequest> requestsFor(Order o) {
        return servedFor(o).stream().map(ServeEvent::getRequest).toList();
    }

    private List<JsonNode> deliveredFor(Order o) {
        return servedFor(o).stream().filter(e -> e.getResponse().getStatus() / 100 == 2)
                .map(e -> json(e.getRequest().getBodyAsString())).toList();
    }

    private List<String> ids(String query) {
        HttpResponse<String> r = call("GET", "/api/v1/dead-letters" + query, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        json(r.body()).get("items").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    private List<JsonNode> audit(String query) {
        HttpResponse<String> r = call("GET", "/api/v1/dead-letters/audit" + query, null, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        json(r.body()).forEach(out::add);
        return out;
    }

    private static String path(String queue, String id) {
        return "/api/v1/dead-letters/" + queue + "/" + id;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(r.body()).get("status").asInt()).isEqualTo(status);
    }

    /** Calls as {@code user} (admin when null); the X-Omnihub-Actor header is sent too and must be ignored. */
    private HttpResponse<String> call(String method, String path, String body, String user) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        headers.put("X-Omnihub-Actor", "spoofed-actor");
        String who = user == null ? ADMIN_USER : user;
        return send(who, who.equals(ADMIN_USER) ? ADMIN_PASSWORD : USER_PASSWORD, method, path,
                body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    private void deleteQueue(String queue) {
        try (ClientSessionFactory sf = artemis.getServerLocator().createSessionFactory();
             ClientSession s = sf.createSession(artemis.getUser(), artemis.getPassword(), false, true, true, false, 1)) {
            if (s.queueQuery(SimpleString.of(queue)).isExists()) {
                s.deleteQueue(SimpleString.of(queue));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
