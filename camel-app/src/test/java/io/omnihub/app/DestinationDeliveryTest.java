package io.omnihub.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.routes.Addresses;
import io.omnihub.testing.Fixtures;
import io.omnihub.testing.sign.ShopifySigner;
import io.omnihub.testing.sim.ErpStub;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * HTTP destination delivery: retries with backoff on 5xx/429 (honouring Retry-After), and parks
 * what still fails in the destination's own dead-letter queue with the reason, losing nothing.
 */
class DestinationDeliveryTest extends HubTestSupport {

    static final String SHOP = "shop-delivery";
    static final String DEST = "erp-flaky";
    static final ErpStub FLAKY = ErpStub.start();

    @Autowired
    BrokerAdmin broker;

    @Autowired
    ConnectionFactory cf;

    @BeforeAll
    static void config() {
        writeConfig(SHOP + ".yaml", shopifyConnector(SHOP, ""));
        writeConfig(DEST + ".yaml", """
                apiVersion: omnihub.io/v1
                kind: Destination
                metadata:
                  id: %s
                spec:
                  type: http
                  subscribe: [product]
                  http:
                    url: %s
                  delivery:
                    maxAttempts: 3
                    initialBackoff: 100ms
                    maxBackoff: 2s
                    concurrency: 1
                """.formatted(DEST, FLAKY.url()));
    }

    @AfterAll
    static void stop() {
        deleteConfig(DEST + ".yaml");
        deleteConfig(SHOP + ".yaml");
        FLAKY.close();
    }

    /** Sends a products/create webhook for a new product (unique id); returns the product id. */
    private String sendProduct(String tag) {
        try {
            var product = (com.fasterxml.jackson.databind.node.ObjectNode) json(
                    new String(Fixtures.bytes("fixtures/shopify/webhooks/products-create.json"), java.nio.charset.StandardCharsets.UTF_8));
            long id = Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000_000L);
            product.put("id", id);
            byte[] body = io.omnihub.connector.support.Json.mapper().writeValueAsBytes(product);
            Map<String, String> h = new HashMap<>(ShopifySigner.headers("products/create", body, SHOPIFY_SECRET,
                    tag + "-" + UUID.randomUUID(), "d.myshopify.com"));
            assertThat(post("/webhooks/" + SHOP, body, h).statusCode()).isEqualTo(200);
            return String.valueOf(id);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<LoggedRequest> requestsFor(String productId) {
        return FLAKY.requests().stream().filter(r -> r.getBodyAsString().contains("\"subject\":\"" + SHOP + ":product:" + productId + "\"")).toList();
    }

    @Test
    void serverErrorsAndRateLimitsAreRetriedHonouringRetryAfter() {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        FLAKY.failNext(503, 1, null);
        String id = sendProduct("retry");
        await(Duration.ofSeconds(20), "delivery after a 503", () -> requestsFor(id).size() == 2);
        FLAKY.failNext(429, 1, "1");
        String id2 = sendProduct("ratelimit");
        await(Duration.ofSeconds(20), "delivery after a 429", () -> requestsFor(id2).size() == 2);
        List<LoggedRequest> r = new ArrayList<>(requestsFor(id2));
        r.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        long gap = r.get(1).getLoggedDate().getTime() - r.get(0).getLoggedDate().getTime();
        assertThat(gap).as("Retry-After: 1 honoured").isGreaterThanOrEqualTo(900);
        assertThat(r.get(0).getHeader("Idempotency-Key")).isEqualTo(r.get(1).getHeader("Idempotency-Key"));
    }

    @Test
    void whatStillFailsIsParkedInTheDestinationsDeadLetterQueueWithTheReason() throws Exception {
        awaitConnector(SHOP);
        awaitDestination(DEST);
        FLAKY.failAll(500);
        long before = broker.messageCount(Addresses.destinationDlq(DEST));
        String id = sendProduct("poison");
        await(Duration.ofSeconds(30), "dead letter", () -> broker.messageCount(Addresses.destinationDlq(DEST)) == before + 1);
        assertThat(requestsFor(id)).hasSize(3);
        try (JMSContext ctx = cf.createContext()) {
            QueueBrowser browser = ctx.createBrowser(ctx.createQueue(Addresses.destinationDlq(DEST)));
            List<Message> parked = Collections.list(browser.getEnumeration()).stream().map(m -> (Message) m).toList();
            Message m = parked.stream().filter(x -> {
                try {
                    return ((TextMessage) x).getText().contains(SHOP + ":product:" + id);
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElseThrow();
            assertThat(m.getStringProperty("OmnihubErrorMessage")).contains("failed after 3 attempts").contains("HTTP 500");
            assertThat(m.getIntProperty("OmnihubErrorAttempts")).isEqualTo(3);
            assertThat(m.getStringProperty("OmnihubFailedAt")).isNotBlank();
            assertThat(((TextMessage) m).getText()).contains("\"specversion\":\"1.0\"");
        } finally {
            FLAKY.healthy();
        }
        // the destination keeps working for the next event
        String next = sendProduct("after");
        await(Duration.ofSeconds(20), "delivery after recovery", () -> requestsFor(next).size() == 1);
    }
}
