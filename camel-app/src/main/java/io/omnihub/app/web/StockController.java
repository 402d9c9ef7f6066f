package io.omnihub.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.stock.StockLevelInput;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/stock}: a batch of stock levels from the back office. Every item is validated
 * on its own; the valid ones are durably queued on {@code omnihub.backoffice.stock} (the same
 * address back offices may send to directly) and the answer lists each item's outcome, so a bad
 * item never drops the good ones. Accepts a JSON array or {@code {"items": [...]}}.
 */
@RestController
public class StockController {

    private static final Logger LOG = LoggerFactory.getLogger(StockController.class);
    private static final int MAX_ITEMS = 10_000;
    /** Levels per queued message. */
    static final int CHUNK = 250;

    private final ProducerTemplate producer;
    private final Clock clock;

    public StockController(ProducerTemplate producer, Clock clock) {
        this.producer = producer;
        this.clock = clock;
    }

    /**
     * Queues valid items in messages of up to {@link #CHUNK} levels (one durable send each, which the
     * stock pool applies in one transaction); clears the chunk and returns how many were accepted.
     */
    private int send(com.fasterxml.jackson.databind.node.ArrayNode chunk, List<Map<String, Object>> chunkResults) {
        if (chunk.isEmpty()) {
            return 0;
        }
        int n = chunk.size();
        try {
            producer.sendBody("jms:queue:" + Addresses.BACKOFFICE_STOCK + "?deliveryPersistent=true", chunk.toString());
            chunkResults.forEach(r -> r.put("status", "accepted"));
        } catch (RuntimeException e) {
            LOG.warn("{} stock items not queued: {}", n, e.toString());
            chunkResults.forEach(r -> {
                r.put("status", "failed");
                r.put("errors", List.of("could not be stored durably; retry this item"));
            });
            n = 0;
        }
        chunk.removeAll();
        chunkResults.clear();
        return n;
    }

    @PostMapping(path = "/api/v1/stock", consumes = "*/*")
    public ResponseEntity<?> post(@RequestBody(required = false) byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            return Problems.of(400, "Bad Request", "body is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        JsonNode items = root != null && root.isObject() ? root.get("items") : root;
        if (items == null || !items.isArray()) {
            return Problems.of(400, "Bad Request", "expected a JSON array of stock levels, or an object with an 'items' array");
        }
        if (items.size() > MAX_ITEMS) {
            return Problems.of(413, "Payload Too Large", "at most " + MAX_ITEMS + " items per request");
        }
        List<Map<String, Object>> results = new ArrayList<>();
        int accepted = 0;
        com.fasterxml.jackson.databind.node.ArrayNode chunk = Json.mapper().createArrayNode();
        List<Map<String, Object>> chunkResults = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("index", i);
            if (item != null && item.hasNonNull("sku")) {
                r.put("sku", item.get("sku").asText());
            }
            List<String> problems = StockLevelInput.problems(item);
            if (!problems.isEmpty()) {
                r.put("status", "rejected");
                r.put("errors", problems);
                results.add(r);
                continue;
            }
            StockLevelInput level = StockLevelInput.from(item, clock.instant());
            ObjectNode msg = Json.mapper().createObjectNode();
            msg.put("sku", level.sku());
            msg.put("locationId", level.locationId());
            msg.put("onHand", level.onHand());
            if (level.reserved() != null) {
                msg.put("reserved", level.reserved());
            }
            if (level.incoming() != null) {
                msg.put("incoming", level.incoming());
            }
            msg.put("asOf", level.asOf().toString());
            chunk.add(msg);
            chunkResults.add(r);
            results.add(r);
            if (chunk.size() == CHUNK) {
                accepted += send(chunk, chunkResults);
            }
        }
        accepted += send(chunk, chunkResults);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("accepted", accepted);
        out.put("rejected", results.stream().filter(r -> "rejected".equals(r.get("status"))).count());
        out.put("failed", results.stream().filter(r -> "failed".equals(r.get("status"))).count());
        out.put("items", results);
        int status = accepted > 0 ? 202 : results.stream().anyMatch(r -> "failed".equals(r.get("status"))) ? 503 : 400;
        return ResponseEntity.status(status).body(out);
    }
}
