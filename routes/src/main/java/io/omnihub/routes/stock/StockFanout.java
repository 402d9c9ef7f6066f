package io.omnihub.routes.stock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.HubHeaders;
import io.omnihub.routes.HubRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsConstants;

/**
 * Computes, for one back-office stock level, the quantity each stock-pushing channel may sell and
 * queues it on that channel's last-value push queue (keyed by SKU and location, so a newer quantity
 * replaces one not yet pushed: only the newest matters).
 */
public class StockFanout {

    private final HubRegistry registry;
    private final Clock clock;
    private volatile Allocator allocator;
    private volatile StockPushSender sender;

    /**
     * Lets a stock pool decide the quantities (policy, reservations); without one every level goes out
     * as {@code onHand - reserved} to every stock-pushing channel.
     */
    public StockFanout withAllocator(Allocator allocator) {
        this.allocator = allocator;
        return this;
    }

    /**
     * Queues the quantities of each back-office message itself, in one JMS transaction per message
     * ({@link StockPushSender}), instead of handing them to the route one by one: {@link #fanOut} then
     * leaves an empty list for the route's split.
     */
    public StockFanout withSender(StockPushSender sender) {
        this.sender = sender;
        return this;
    }

    public StockFanout(HubRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Body: one stock level JSON, or a JSON array of levels (how {@code POST /api/v1/stock} queues a
     * batch; an invalid item of an array is skipped, never the others). Out: {@code List<PushMessage>}, or an
     * empty list when a {@linkplain #withSender sender} has already queued them.
     */
    public void fanOut(Exchange exchange) {
        JsonNode item;
        try {
            item = Json.mapper().readTree(exchange.getMessage().getBody(String.class));
        } catch (IOException e) {
            throw new IllegalArgumentException("stock message is not JSON: " + e.getMessage());
        }
        if (item != null && item.isArray()) {
            List<StockLevelInput> levels = new ArrayList<>();
            for (JsonNode i : item) {
                List<String> p = StockLevelInput.problems(i);
                if (p.isEmpty()) {
                    levels.add(StockLevelInput.from(i, clock.instant()));
                } else {
                    org.slf4j.LoggerFactory.getLogger(StockFanout.class).warn("invalid stock level skipped: {}", String.join("; ", p));
                }
            }
            Allocator a = allocator;
            List<PushMessage> out = new ArrayList<>();
            if (a != null) {
                out.addAll(a.levelsReceived(levels));
            } else {
                levels.forEach(l -> out.addAll(plain(l)));
            }
            deliver(exchange, out);
            return;
        }
        List<String> problems = StockLevelInput.problems(item);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid stock level: " + String.join("; ", problems));
        }
        StockLevelInput level = StockLevelInput.from(item, clock.instant());
        Allocator a = allocator;
        deliver(exchange, a != null ? a.levelReceived(level) : plain(level));
    }

    /** Sends the quantities with the sender when there is one (body: empty list), else leaves them as the body. */
    private void deliver(Exchange exchange, List<PushMessage> out) {
        StockPushSender s = sender;
        if (s != null) {
            s.send(out);
            exchange.getMessage().setBody(List.of());
        } else {
            exchange.getMessage().setBody(out);
        }
    }

    /** Without a pool: {@code onHand - reserved} to every stock-pushing channel. */
    private List<PushMessage> plain(StockLevelInput level) {
        List<PushMessage> out = new ArrayList<>();
        for (Channel ch : registry.channels()) {
            if (ch.stockSink().isEmpty()) {
                continue;
            }
            ObjectNode push = Json.mapper().createObjectNode();
            push.put("connectorId", ch.id());
            push.put("sku", level.sku());
            push.put("locationId", level.locationId());
            push.put("quantity", level.available());
            push.put("onHand", level.onHand());
            if (level.reserved() != null) {
                push.put("reserved", level.reserved());
            }
            push.put("asOf", level.asOf().toString());
            push.put("idempotencyKey", ch.id() + ":" + level.sku() + ":" + level.locationId() + ":" + level.asOf().toEpochMilli()
                    + ":" + level.available());
            try {
                out.add(new PushMessage(ch.id(), level.sku() + "|" + level.locationId(), Json.mapper().writeValueAsString(push)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Sets the target queue and last-value key of one push message (the body). */
    public void prepareSend(Exchange exchange) {
        PushMessage pm = exchange.getMessage().getBody(PushMessage.class);
        Message m = exchange.getMessage();
        m.setHeader(JmsConstants.JMS_DESTINATION_NAME, Addresses.stockPush(pm.connectorId()));
        m.setHeader(HubHeaders.LAST_VALUE, pm.key());
        m.setHeader(HubHeaders.CONNECTOR_ID, pm.connectorId());
        m.setBody(pm.json());
    }

    /** Records a back-office level in a stock pool and returns the channel quantities to push. */
    public interface Allocator {
        List<PushMessage> levelReceived(StockLevelInput level);

        /** A batch of levels; a pool may apply them together and push each SKU once. */
        default List<PushMessage> levelsReceived(List<StockLevelInput> levels) {
            List<PushMessage> out = new ArrayList<>();
            levels.forEach(l -> out.addAll(levelReceived(l)));
            return out;
        }
    }

    /** A quantity for one channel. */
    public record PushMessage(String connectorId, String key, String json) {
    }
}
