package io.omnihub.routes.fulfillment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.support.Json;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShipmentInputTest {

    private static JsonNode json(String s) {
        try {
            return Json.mapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void readsAFullShipmentWithDefaults() {
        JsonNode item = json("""
                {"orderRef": " tiktok-uk:576461413038785752 ", "fulfillmentId": 77, "carrier": "Royal Mail",
                 "trackingNumbers": ["RM123GB"], "trackingUrls": ["https://track.example/RM123GB"],
                 "shippedAt": "2026-11-20T16:05:00+01:00", "locationId": "WH-1",
                 "lines": [{"lineId": 1, "quantity": 2.0}, {"sku": "SKU-B", "quantity": 1}], "unknown": true}""");
        assertThat(ShipmentInput.problems(item)).isEmpty();
        ShipmentInput s = ShipmentInput.from(item);
        assertThat(s.connectorId()).isEqualTo("tiktok-uk");
        assertThat(s.externalId()).isEqualTo("576461413038785752");
        assertThat(s.subject()).isEqualTo("tiktok-uk:order:576461413038785752");
        assertThat(s.idempotencyKey()).isEqualTo("fulfillment:tiktok-uk:77");
        assertThat(s.lines()).containsExactly(new FulfillmentSink.Line("1", null, 2), new FulfillmentSink.Line(null, "SKU-B", 1));
        assertThat(s.shippedAt()).isEqualTo(Instant.parse("2026-11-20T15:05:00Z"));
        assertThat(s.notifyCustomer()).isTrue();
        FulfillmentSink.Shipment out = s.toShipment();
        assertThat(out.orderExternalId()).isEqualTo("576461413038785752");
        assertThat(out.trackingUrls()).containsExactly("https://track.example/RM123GB");
        assertThat(out.idempotencyKey()).isEqualTo(s.idempotencyKey());
        // the queued JSON reads back as the same shipment
        assertThat(ShipmentInput.from(s.toJson())).isEqualTo(s);
    }

    @Test
    void withoutAFulfillmentIdTheKeyIsAHashOfTheShipment() {
        String a = "{\"orderRef\": \"woo:1\", \"lines\": [{\"sku\": \"A\", \"quantity\": 1}], \"carrier\": \"ups\"}";
        String sameWithSpaces = "{\"carrier\": \"ups \", \"orderRef\": \"woo:1\", \"lines\": [{\"quantity\": 1, \"sku\": \" A\"}]}";
        String other = "{\"orderRef\": \"woo:1\", \"lines\": [{\"sku\": \"A\", \"quantity\": 2}], \"carrier\": \"ups\"}";
        String key = ShipmentInput.from(json(a)).idempotencyKey();
        assertThat(key).matches("fulfillment:woo:sha256:[0-9a-f]{32}");
        assertThat(ShipmentInput.from(json(sameWithSpaces)).idempotencyKey()).isEqualTo(key);
        assertThat(ShipmentInput.from(json(other)).idempotencyKey()).isNotEqualTo(key);
        assertThat(ShipmentInput.from(json(a.replace("}]", "}], \"notifyCustomer\": false"))).idempotencyKey()).isNotEqualTo(key);
    }

    @Test
    void reportsEveryProblemWithItsFieldPath() {
        List<String> p = ShipmentInput.problems(json("""
                {"orderRef": "Bad Id:1", "fulfillmentId": " ", "carrier": 5,
                 "lines": [{"quantity": 1}, {"sku": "A", "quantity": 1.5}, {"lineId": "x", "quantity": "2"}, 7, {"sku": "B"}],
                 "trackingNumbers": "1Z", "trackingUrls": ["ftp://x/y", ""], "shippedAt": "2026-13-01",
                 "notifyCustomer": "no", "locationId": {}}"""));
        assertThat(p).containsExactly(
                "orderRef: 'Bad Id' is not a connector id (lower-case letters, digits, '-')",
                "fulfillmentId: must not be blank (leave it out instead)",
                "lines[0]: needs a lineId or a sku",
                "lines[1].quantity: must be a whole number greater than 0",
                "lines[2].quantity: must be a whole number greater than 0",
                "lines[3]: must be an object {lineId or sku, quantity}",
                "lines[4].quantity: required, a whole number greater than 0",
                "carrier: must be a string",
                "trackingNumbers: must be an array of strings",
                "trackingUrls[1]: must be a non-empty string",
                "trackingUrls[0]: must be an absolute http(s) URL",
                "shippedAt: must be an ISO-8601 instant such as 2026-11-22T10:15:30Z",
                "notifyCustomer: must be true or false",
                "locationId: must be a string");
    }

    @Test
    void orderRefAndLinesAreRequired() {
        assertThat(ShipmentInput.problems(json("{}"))).containsExactly(
                "orderRef: required, {connectorId}:{externalId} as in the canonical order's orderId",
                "lines: required, a non-empty array of {lineId or sku, quantity}");
        assertThat(ShipmentInput.problems(json("{\"orderRef\": \"woo\", \"lines\": []}"))).containsExactly(
                "orderRef: must be {connectorId}:{externalId} (e.g. woo-us:727), got 'woo'", "lines: must not be empty");
        assertThat(ShipmentInput.problems(json("[1]"))).containsExactly("item: must be a JSON object");
        assertThat(ShipmentInput.problems(null)).containsExactly("item: must be a JSON object");
        assertThat(ShipmentInput.connectorOf(json("{\"orderRef\": \"woo-us:727\"}"))).isEqualTo("woo-us");
        assertThat(ShipmentInput.connectorOf(json("{\"orderRef\": 727}"))).isNull();
    }
}
