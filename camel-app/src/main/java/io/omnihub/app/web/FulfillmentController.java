package io.omnihub.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.fulfillment.ShipmentInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.jms.JmsConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/fulfillments} (contract §6): shipments from the WMS, each pushed to the channel
 * that sold the order. Every item is validated on its own (fields, and that its connector runs and
 * takes shipments); each valid one is durably queued on its channel's
 * {@code omnihub.push.fulfillment.<connectorId>} before the answer, which lists every item's outcome,
 * so a bad item never drops the good ones. Accepts a JSON array, one shipment object, or
 * {@code {"items": [...]}}; answers like {@code POST /api/v1/stock}.
 */
@RestController
public class FulfillmentController {

    private static final Logger LOG = LoggerFactory.getLogger(FulfillmentController.class);
    static final int MAX_ITEMS = 1_000;

    private final ProducerTemplate producer;
    private final HubRuntime runtime;

    public FulfillmentController(ProducerTemplate producer, HubRuntime runtime) {
        this.producer = producer;
        this.runtime = runtime;
    }

    @PostMapping(path = "/api/v1/fulfillments", consumes = "*/*")
    public ResponseEntity<?> post(@RequestBody(required = false) byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            return Problems.of(400, "Bad Request", "body is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        List<JsonNode> items = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(items::add);
        } else if (root != null && root.isObject() && root.has("items") && !root.has("orderRef")) {
            if (!root.get("items").isArray()) {
                return Problems.of(400, "Bad Request", "'items' must be an array of shipments");
            }
            root.get("items").forEach(items::add);
        } else if (root != null && root.isObject()) {
            items.add(root);
        } else {
            return Problems.of(400, "Bad Request", "expected a JSON array of shipments, one shipment object, "
                    + "or an object with an 'items' array");
        }
        if (items.size() > MAX_ITEMS) {
            return Problems.of(413, "Payload Too Large", "at most " + MAX_ITEMS + " shipments per request");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int accepted = 0;
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", i);
            if (item != null && item.path("orderRef").isTextual()) {
                r.put("orderRef", item.get("orderRef").asText());
            }
            if (item != null && item.hasNonNull("fulfillmentId") && item.get("fulfillmentId").isValueNode()) {
                r.put("fulfillmentId", item.get("fulfillmentId").asText());
            }
            results.add(r);
            List<String> problems = new ArrayList<>(ShipmentInput.problems(item));
            String connectorProblem = connectorProblem(ShipmentInput.connectorOf(item));
            if (connectorProblem != null && problems.stream().noneMatch(p -> p.startsWith("orderRef:"))) {
                problems.add(0, connectorProblem);
            }
            if (!problems.isEmpty()) {
                r.put("status", "rejected");
                r.put("errors", problems);
                continue;
            }
            ShipmentInput shipment = ShipmentInput.from(item);
            String key = shipment.idempotencyKey();
            try {
                Map<String, Object> headers = new LinkedHashMap<>();
                headers.put(JmsConstants.JMS_DESTINATION_NAME, Addresses.fulfillmentPush(shipment.connectorId()));
                headers.put(HubHeaders.CONNECTOR_ID, shipment.connectorId());
                headers.put(HubHeaders.SUBJECT, shipment.subject());
                headers.put(HubHeaders.GROUP_ID, shipment.subject()); // shipments of one order in order
                producer.sendBodyAndHeaders("jms:queue:omnihub.push.fulfillment?deliveryPersistent=true",
                        shipment.toJson().toString(), headers);
                r.put("status", "accepted");
                r.put("idempotencyKey", key);
                r.put("errors", List.of());
                accepted++;
            } catch (RuntimeException e) {
                LOG.warn("shipment {} for {} not queued: {}", key, shipment.orderRef(), e.toString());
                r.put("status", "failed");
                r.put("errors", List.of("could not be stored durably; retry this item"));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted);
        out.put("rejected", results.stream().filter(r -> "rejected".equals(r.get("status"))).count());
        out.put("failed", results.stream().filter(r -> "failed".equals(r.get("status"))).count());
        out.put("items", results);
        int status = accepted > 0 ? 202 : results.stream().anyMatch(r -> "failed".equals(r.get("status"))) ? 503 : 400;
        return ResponseEntity.status(status).body(out);
    }

    /** Why the connector cannot take shipments now, or null when it can (or the orderRef names none). */
    private String connectorProblem(String connectorId) {
        if (connectorId == null) {
            return null;
        }
        Optional<Channel> channel = runtime.channel(connectorId);
        if (channel.isEmpty()) {
            if (runtime.disabledConnectors().containsKey(connectorId)) {
                return "orderRef: connector '" + connectorId + "' is disabled (enabled: false in its file)";
            }
            return "orderRef: unknown connector '" + connectorId + "'";
        }
        Channel c = channel.get();
        if (c.fulfillmentSink().isPresent()) {
            return null;
        }
        if (c.descriptor().flows().contains(Flow.FULFILLMENT_OUT)) {
            return "orderRef: connector '" + connectorId + "' has fulfillments switched off (spec.flows.fulfillments: false)";
        }
        return "orderRef: connector '" + connectorId + "' (type " + c.type() + ") does not support fulfillments";
    }
}
