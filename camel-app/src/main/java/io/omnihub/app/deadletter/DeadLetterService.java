package io.omnihub.app.deadletter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.canonical.EventType;
import io.omnihub.connector.support.Json;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.HubHeaders;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.apache.activemq.artemis.api.config.ActiveMQDefaultConfiguration;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.core.client.impl.ClientMessageImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import io.omnihub.app.trace.Hop;
import io.omnihub.app.trace.TraceHop;
import io.omnihub.app.trace.TraceRecorder;

/**
 * Dead-letter operations (contract §7): list and inspect what the hub parked in its dead-letter
 * queues ({@code omnihub.dlq.*}), replay a dead letter to the queue it failed from, or discard it.
 *
 * <p>Replay and discard each run in one transacted JMS session: the dead letter is received by its
 * {@code JMSMessageID}, the copy is sent (replay), the audit row is written in a database
 * transaction, and the JMS session commits before the database does. A failure anywhere before the
 * JMS commit rolls both back, so the message stays in its dead-letter queue; no message is ever held
 * outside a broker transaction. Reads use queue browsers and leave the queues unchanged.
 *
 * <p>Edit-and-replay ({@link #editAndReplay}) replays a corrected payload the same way: the edited
 * body replaces the original in the copy, everything else (routing, headers, group) is as for a
 * replay. Replay, edit and discard each add a hop to the entity's trace once committed.
 */
@Service
public class DeadLetterService {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterService.class);

    /** Dead-letter queue of the back-office stock fan-out route. */
    public static final String BACKOFFICE_STOCK_DLQ = Addresses.DLQ_PREFIX + "backoffice.stock";
    /** Prefix of the channels' fulfillment dead-letter queues ({@code omnihub.dlq.fulfillment.<connectorId>}). */
    static final String FULFILLMENT_DLQ_PREFIX = Addresses.fulfillmentDlq("");
    public static final String REPLAYED_AT = "OmnihubReplayedAt";
    public static final String REPLAYED_BY = "OmnihubReplayedBy";
    public static final String REPLAYED_FROM = "OmnihubReplayedFrom";
    /** Set by the delivery route next to the other error headers (HTTP status of the last attempt). */
    static final String ERROR_STATUS = "OmnihubErrorStatus";
    static final String REQUEST_QUERY = "OmnihubRequestQuery";

    private static final Pattern DLQ_NAME = Pattern.compile("omnihub\\.dlq\\.[A-Za-z0-9][A-Za-z0-9._-]{0,200}");
    private static final Pattern MESSAGE_ID = Pattern.compile("ID:[A-Za-z0-9._:-]{1,200}");
    private static final Pattern ENTITY_ID = Pattern.compile("[a-z0-9-]{1,63}");
    private static final long RECEIVE_TIMEOUT_MS = 2000;
    /** Largest edited payload accepted (the webhook body limit's default). */
    public static final int MAX_EDIT_BYTES = 1024 * 1024;
    /** CloudEvent attributes an edit must keep: they identify the event and route and deduplicate it. */
    static final List<String> CLOUDEVENT_IDENTITY = List.of("specversion", "id", "source", "type", "subject", "omnihubdedupekey");
    public static final String EDITED_BY = "OmnihubEditedBy";

    private final ConnectionFactory jms;
    private final ActiveMQConnectionFactory core;
    private final HubRuntime runtime;
    private final DeadLetterAudit audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final TraceRecorder trace;

    public DeadLetterService(ConnectionFactory jms, ActiveMQConnectionFactory core, HubRuntime runtime,
                             DataSource dataSource, Clock clock, TraceRecorder trace) {
        this.trace = trace;
        this.jms = jms;
        this.core = core;
        this.runtime = runtime;
        this.clock = clock;
        this.audit = new DeadLetterAudit(new JdbcTemplate(dataSource), clock);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Result of a listing: the summaries in queue order, and whether more matched than the limit. */
    public record Listing(List<Map<String, Object>> items, int limit, boolean truncated) {
    }

    // ---------------------------------------------------------------- list / inspect

    /** Summaries of the dead letters that match, browsing every dead-letter queue with messages. */
    public Listing list(DeadLetterFilter f) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String queue : queuesFor(f)) {
            try (Connection c = jms.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                c.start();
                QueueBrowser browser = s.createBrowser(s.createQueue(queue));
                try {
                    Enumeration<?> e = browser.getEnumeration();
                    while (e.hasMoreElements()) {
                        Map<String, Object> summary = summary(queue, (Message) e.nextElement());
                        if (!matches(f, summary)) {
                            continue;
                        }
                        if (items.size() == f.limit()) {
                            return new Listing(items, f.limit(), true);
                        }
                        items.add(summary);
                    }
                } finally {
                    browser.close();
                }
            } catch (JMSException e) {
                throw unavailable(e);
            }
        }
        return new Listing(items, f.limit(), false);
    }

    /**
     * One dead letter with its headers and body. Masked by default (personal data in CloudEvents,
     * credentials in stored request headers; a non-CloudEvent body only as size and SHA-256); with
     * {@code unmasked} everything is shown and the access is audited first.
     */
    public Map<String, Object> inspect(String queue, String id, boolean unmasked, String actor) {
        checkQueue(queue);
        checkId(id);
        return peek(queue, id, m -> {
            Map<String, Object> out = summary(queue, m);
            if (unmasked) {
                audit.record(DeadLetterAudit.Action.INSPECT_UNMASKED, actor, queue, id, subject(queue, m), null);
            }
            out.put("masked", !unmasked);
            out.put("headers", headers(m, !unmasked));
            byte[] body = body(m);
            out.put("bodyType", m instanceof TextMessage ? "text" : m instanceof BytesMessage ? "bytes" : "unsupported");
            out.put("bodySize", body.length);
            out.put("bodySha256", HexFormat.of().formatHex(sha256(body)));
            JsonNode cloudEvent = cloudEvent(m, body);
            if (cloudEvent != null) {
                out.put("bodyFormat", "cloudevent");
                out.put("body", unmasked ? cloudEvent : PersonalDataMask.cloudEvent(cloudEvent));
            } else {
                out.put("bodyFormat", "raw");
                if (unmasked) {
                    String text = utf8(body);
                    if (text != null) {
                        out.put("bodyText", text);
                    } else {
                        out.put("bodyBase64", Base64.getEncoder().encodeToString(body));
                    }
                }
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- replay / discard

    /**
     * Moves one dead letter back to the queue it failed from ({@code OmnihubOriginalQueue}; for a
     * destination that is the fully qualified {@code address::queue}, so only that destination gets it
     * again), without the error headers and the duplicate id, with {@code OmnihubReplayedAt/By}, the
     * same message group, in one JMS transaction. 404 when it is gone, 409 when its queue is gone.
     */
    public Map<String, Object> replay(String queue, String id, String actor) {
        return replay(queue, id, actor, null);
    }

    /**
     * Replays one dead letter with a corrected payload ({@code edited}, JSON): for a destination dead
     * letter the whole CloudEvent, whose identity ({@link #CLOUDEVENT_IDENTITY}) must stay as it was;
     * for a raw dead letter the platform payload. Routing, headers and the one-transaction guarantee are
     * those of {@link #replay}; the audit row ({@code EDIT_AND_REPLAY}) holds the SHA-256 of both bodies
     * and the changed JSON paths, never values.
     *
     * @param ifMatch optional: the message id or body SHA-256 the editor saw; anything else is refused (409)
     */
    public Map<String, Object> editAndReplay(String queue, String id, byte[] edited, String ifMatch, String actor) {
        checkQueue(queue);
        checkId(id);
        if (edited == null || edited.length == 0) {
            throw DeadLetterException.badRequest("send the corrected payload as the request body (JSON)");
        }
        if (edited.length > MAX_EDIT_BYTES) {
            throw new DeadLetterException(413, "the edited payload is larger than " + MAX_EDIT_BYTES + " bytes");
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(edited);
        } catch (IOException e) {
            throw DeadLetterException.badRequest("the edited payload is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (json == null || json.isMissingNode()) {
            throw DeadLetterException.badRequest("the edited payload is empty");
        }
        if (utf8(edited) == null) {
            throw DeadLetterException.badRequest("the edited payload is not UTF-8");
        }
        Edit edit = new Edit(edited, json, ifMatch);
        // refuse a bad edit by browsing, before any transaction: a rolled-back receive would count as a
        // delivery attempt of the dead letter and hold it back for the redelivery delay
        peek(queue, id, m -> checkEdit(queue, m, edit));
        return replay(queue, id, actor, edit);
    }

    /** A corrected payload for {@link #replay(String, String, String, Edit)}. */
    private record Edit(byte[] body, JsonNode json, String ifMatch) {
    }

    private Map<String, Object> replay(String queue, String id, String actor, Edit edit) {
        checkQueue(queue);
        checkId(id);
        RoutingType routing = checkTarget(queue, peek(queue, id, m -> target(queue, m)));
        TraceHop[] hop = new TraceHop[1];
        Map<String, Object> done = inTransaction(queue, id, (session, m) -> {
            String target = target(queue, m);
            Instant now = clock.instant();
            EditCheck check = edit == null ? null : checkEdit(queue, m, edit);
            Message copy = copyForReplay(session, m, queue, actor, now, edit == null ? null : edit.body());
            // a destination's queue sits on a multicast address: its FQQN is sent to as a topic, which
            // Artemis routes to that one queue only; raw and stock queues are anycast
            MessageProducer producer = session.createProducer(routing == RoutingType.MULTICAST
                    ? session.createTopic(target) : session.createQueue(target));
            try {
                producer.send(copy, DeliveryMode.PERSISTENT, m.getJMSPriority(), 0);
            } finally {
                producer.close();
            }
            String newId = copy.getJMSMessageID();
            String replayed = "replayed to " + target + " as " + newId;
            Map<String, Object> r;
            if (check == null) {
                audit.record(DeadLetterAudit.Action.REPLAY, actor, queue, id, subject(queue, m), replayed);
                r = result(queue, id, "REPLAYED");
                hop[0] = hop(queue, m, now, Hop.REPLAYED, "replayed by " + actor + " to " + target + " as " + newId);
            } else {
                String changed = JsonDiff.summary(check.changedPaths(), 30);
                audit.record(DeadLetterAudit.Action.EDIT_AND_REPLAY, actor, queue, id, subject(queue, m), replayed
                        + "; original sha256 " + check.originalSha256() + "; edited sha256 " + check.editedSha256()
                        + "; changed: " + changed);
                r = result(queue, id, "EDITED_AND_REPLAYED");
                hop[0] = hop(queue, m, now, Hop.EDITED_AND_REPLAYED, "edited and replayed by " + actor + " to " + target
                        + " as " + newId + "; changed: " + changed);
            }
            r.put("target", target);
            r.put("newMessageId", newId);
            r.put("replayedAt", now.toString());
            r.put("replayedBy", actor);
            if (check != null) {
                r.put("originalSha256", check.originalSha256());
                r.put("editedSha256", check.editedSha256());
                r.put("changedPaths", check.changedPaths());
            }
            LOG.info("dead letter {} from {} {} to {} by {}", id, queue, check == null ? "replayed" : "edited and replayed",
                    target, actor);
            return r;
        });
        trace.record(hop[0]);
        return done;
    }

    /** What an edit changed. */
    private record EditCheck(String originalSha256, String editedSha256, List<String> changedPaths) {
    }

    /** Checks an edit against the dead letter it replaces: If-Match, and a CloudEvent's identity. */
    private static EditCheck checkEdit(String queue, Message m, Edit edit) throws JMSException {
        byte[] original = body(m);
        String originalSha = HexFormat.of().formatHex(sha256(original));
        if (edit.ifMatch() != null && !edit.ifMatch().isBlank()) {
            boolean match = false;
            for (String tag : edit.ifMatch().split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                    t = t.substring(1, t.length() - 1);
                }
                match |= t.equals("*") || t.equals(m.getJMSMessageID()) || t.equalsIgnoreCase(originalSha);
            }
            if (!match) {
                throw new DeadLetterException(409, "If-Match does not match dead letter " + m.getJMSMessageID()
                        + " (its body SHA-256 is " + originalSha + "): it changed since it was read");
            }
        }
        JsonNode before = cloudEvent(m, original);
        if (before != null) {
            if (!edit.json().isObject()) {
                throw DeadLetterException.badRequest("the dead letter is a CloudEvent: send the whole corrected CloudEvent "
                        + "as a JSON object");
            }
            for (String attribute : CLOUDEVENT_IDENTITY) {
                JsonNode was = before.get(attribute);
                JsonNode now = edit.json().get(attribute);
                if (was != null && !was.isNull() && !was.equals(now)) {
                    throw DeadLetterException.badRequest("a CloudEvent's '" + attribute + "' cannot be changed by an edit "
                            + "(it identifies, routes and deduplicates the event): keep " + was);
                }
            }
            JsonNode data = edit.json().get("data");
            if (before.hasNonNull("data") && (data == null || data.isNull())) {
                throw DeadLetterException.badRequest("the edited CloudEvent has no 'data'");
            }
            if (edit.json().findValues("masked").stream().filter(JsonNode::asBoolean).count()
                    > before.findValues("masked").stream().filter(JsonNode::asBoolean).count()) {
                throw DeadLetterException.badRequest("the edited CloudEvent contains masked personal data (\"masked\": true): "
                        + "edit the unmasked body (GET ...?unmasked=true), or the masks would be delivered");
            }
        } else if (queue.startsWith(Addresses.DLQ_PREFIX + "raw.") && !(m instanceof BytesMessage || m instanceof TextMessage)) {
            throw new DeadLetterException(422, "cannot edit a " + m.getClass().getSimpleName());
        }
        JsonNode originalJson = null;
        try {
            originalJson = original.length == 0 ? null : Json.mapper().readTree(original);
        } catch (IOException e) {
            // not JSON: the whole body changed
        }
        List<String> changed = originalJson == null ? List.of("") : JsonDiff.changedPaths(originalJson, edit.json());
        return new EditCheck(originalSha, HexFormat.of().formatHex(sha256(edit.body())), changed);
    }

    /** The trace hop of an operation on a dead letter. */
    private static TraceHop hop(String queue, Message m, Instant at, Hop hop, String detail) throws JMSException {
        String rest = queue.substring(Addresses.DLQ_PREFIX.length());
        String connector = rest.startsWith("raw.") ? rest.substring(4)
                : queue.startsWith(FULFILLMENT_DLQ_PREFIX) ? queue.substring(FULFILLMENT_DLQ_PREFIX.length())
                : string(m, HubHeaders.CONNECTOR_ID);
        String destination = ENTITY_ID.matcher(rest).matches() ? rest : null;
        return new TraceHop(at, hop, subject(queue, m), null, connector, destination, string(m, HubHeaders.EVENT_ID),
                string(m, HubHeaders.EVENT_TYPE), m.getJMSMessageID(), detail);
    }

    /** Replays every dead letter matching the filter (at least one criterion required); per-item results. */
    public Map<String, Object> replayMatching(DeadLetterFilter f, String actor) {
        if (f.unrestricted()) {
            throw DeadLetterException.badRequest("give at least one criterion (queue, destination, connector, type, "
                    + "subject, since or ids); replaying every dead letter at once is not allowed");
        }
        Listing matches = list(f);
        List<Map<String, Object>> results = new ArrayList<>();
        int replayed = 0;
        int failed = 0;
        for (Map<String, Object> item : matches.items()) {
            String queue = (String) item.get("queue");
            String id = (String) item.get("id");
            try {
                results.add(replay(queue, id, actor));
                replayed++;
            } catch (DeadLetterException e) {
                Map<String, Object> r = result(queue, id, e.status() == 404 ? "GONE" : "FAILED");
                r.put("error", e.getMessage());
                results.add(r);
                failed++;
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matched", matches.items().size());
        out.put("replayed", replayed);
        out.put("failed", failed);
        out.put("truncated", matches.truncated());
        out.put("results", results);
        return out;
    }

    /** Removes one dead letter for good (consumed and committed), audited. 404 when it is gone. */
    public Map<String, Object> discard(String queue, String id, String actor) {
        checkQueue(queue);
        checkId(id);
        requireQueue(queue);
        TraceHop[] hop = new TraceHop[1];
        Map<String, Object> done = inTransaction(queue, id, (session, m) -> {
            audit.record(DeadLetterAudit.Action.DISCARD, actor, queue, id, subject(queue, m),
                    "error was: " + string(m, HubHeaders.ERROR_CLASS) + ": " + string(m, HubHeaders.ERROR_MESSAGE));
            hop[0] = hop(queue, m, clock.instant(), Hop.DISCARDED, "discarded by " + actor);
            LOG.info("dead letter {} in {} discarded by {}", id, queue, actor);
            return result(queue, id, "DISCARDED");
        });
        trace.record(hop[0]);
        return done;
    }

    /** Audit rows, newest first. */
    public List<DeadLetterAudit.Entry> audit(int limit, String action, String queue, String messageId) {
        if (limit < 1 || limit > DeadLetterFilter.MAX_LIMIT) {
            throw DeadLetterException.badRequest("limit must be between 1 and " + DeadLetterFilter.MAX_LIMIT);
        }
        if (action != null) {
            try {
                DeadLetterAudit.Action.valueOf(action);
            } catch (IllegalArgumentException e) {
                throw DeadLetterException.badRequest("action must be one of INSPECT_UNMASKED, REPLAY, EDIT_AND_REPLAY, DISCARD");
            }
        }
        return audit.list(limit, action, queue, messageId);
    }

    private interface Work {
        Map<String, Object> apply(Session session, Message received) throws JMSException;
    }

    /**
     * Receives the message in a transacted session inside a database transaction, runs the work, then
     * commits JMS and, after it, the database. Anything failing before the JMS commit rolls both back.
     */
    private Map<String, Object> inTransaction(String queue, String id, Work work) {
        return tx.execute(status -> {
            try (Connection c = jms.createConnection()) {
                c.start();
                Session session = c.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = null;
                try {
                    consumer = session.createConsumer(session.createQueue(queue), selector(id));
                    Message m = consumer.receive(RECEIVE_TIMEOUT_MS);
                    if (m == null) {
                        throw gone(queue, id);
                    }
                    Map<String, Object> result = work.apply(session, m);
                    session.commit();
                    return result;
                } catch (JMSException | RuntimeException e) {
                    rollbackQuietly(session);
                    throw e;
                } finally {
                    if (consumer != null) {
                        closeQuietly(consumer);
                    }
                    closeQuietly(session);
                }
            } catch (JMSException e) {
                throw unavailable(e);
            }
        });
    }

    /** @param editedBody the body to send instead of the original's (an edit), or null */
    private Message copyForReplay(Session session, Message m, String queue, String actor, Instant now, byte[] editedBody)
            throws JMSException {
        Message copy;
        if (m instanceof TextMessage t) {
            copy = session.createTextMessage(editedBody == null ? t.getText() : new String(editedBody, StandardCharsets.UTF_8));
        } else if (m instanceof BytesMessage b) {
            BytesMessage bm = session.createBytesMessage();
            bm.writeBytes(editedBody == null ? bytes(b) : editedBody);
            copy = bm;
        } else {
            throw new DeadLetterException(422, "cannot replay a " + m.getClass().getSimpleName()
                    + ": only text and bytes messages are supported");
        }
        for (String name : propertyNames(m)) {
            if (!dropOnReplay(name)) {
                copy.setObjectProperty(name, m.getObjectProperty(name));
            }
        }
        String group = m.getStringProperty(HubHeaders.GROUP_ID);
        if (group == null) {
            group = string(m, HubHeaders.SUBJECT) == null || string(m, HubHeaders.EVENT_TYPE) == null
                    ? null : string(m, HubHeaders.SUBJECT); // canonical events are grouped by subject
        }
        if (group != null) {
            copy.setStringProperty(HubHeaders.GROUP_ID, group);
        }
        if (m.getJMSCorrelationID() != null) {
            copy.setJMSCorrelationID(m.getJMSCorrelationID());
        }
        if (m.getJMSType() != null) {
            copy.setJMSType(m.getJMSType());
        }
        copy.setStringProperty(REPLAYED_AT, now.toString());
        copy.setStringProperty(REPLAYED_BY, actor);
        copy.setStringProperty(REPLAYED_FROM, queue);
        if (editedBody != null) {
            copy.setStringProperty(EDITED_BY, actor);
        }
        return copy;
    }

    /** Error headers, broker-internal properties and the duplicate id never travel with a replay. */
    static boolean dropOnReplay(String name) {
        return name.startsWith("OmnihubError")
                || name.equals(HubHeaders.FAILED_AT)
                || name.equals(HubHeaders.ORIGINAL_QUEUE)
                || name.equals(HubHeaders.DUPLICATE_ID)
                || name.equals(HubHeaders.LAST_VALUE)
                || name.startsWith("JMSX")
                || name.startsWith("JMS_")
                || name.startsWith("_AMQ")
                || name.startsWith("__AMQ");
    }

    // ---------------------------------------------------------------- targets and queues

    /** Where a dead letter goes back to: its {@code OmnihubOriginalQueue}, else derived from the queue name. */
    String target(String queue, Message m) throws JMSException {
        String original = string(m, HubHeaders.ORIGINAL_QUEUE);
        if (original != null && original.contains("%3A")) {
            original = java.net.URLDecoder.decode(original, StandardCharsets.UTF_8);
        }
        String rest = queue.substring(Addresses.DLQ_PREFIX.length());
        if (original == null || original.isBlank()) {
            if (rest.startsWith("raw.")) {
                original = Addresses.raw(rest.substring(4));
            } else if (queue.equals(BACKOFFICE_STOCK_DLQ)) {
                original = Addresses.BACKOFFICE_STOCK;
            } else if (queue.startsWith(FULFILLMENT_DLQ_PREFIX)) {
                original = Addresses.fulfillmentPush(queue.substring(FULFILLMENT_DLQ_PREFIX.length()));
            } else if (ENTITY_ID.matcher(rest).matches() && string(m, HubHeaders.EVENT_TYPE) != null) {
                try {
                    original = Addresses.destinationFqqn(rest, EventType.fromType(string(m, HubHeaders.EVENT_TYPE)).entity());
                } catch (IllegalArgumentException e) {
                    throw new DeadLetterException(409, "dead letter " + m.getJMSMessageID() + " has no "
                            + HubHeaders.ORIGINAL_QUEUE + " and an unknown event type");
                }
            } else {
                throw new DeadLetterException(409, "dead letter " + m.getJMSMessageID() + " has no "
                        + HubHeaders.ORIGINAL_QUEUE + " header: cannot tell where to replay it");
            }
        }
        if (original.startsWith(Addresses.DLQ_PREFIX) || !original.startsWith("omnihub.")) {
            throw new DeadLetterException(409, "refusing to replay into '" + original + "': not a hub work queue");
        }
        if (ENTITY_ID.matcher(rest).matches() && original.contains("::")
                && !original.substring(original.indexOf("::") + 2).startsWith("dest." + rest + ".")) {
            throw new DeadLetterException(409, "dead letter of destination '" + rest + "' names another destination's queue '"
                    + original + "'");
        }
        if (queue.startsWith(FULFILLMENT_DLQ_PREFIX)
                && !original.equals(Addresses.fulfillmentPush(queue.substring(FULFILLMENT_DLQ_PREFIX.length())))) {
            throw new DeadLetterException(409, "fulfillment dead letter of '" + queue.substring(FULFILLMENT_DLQ_PREFIX.length())
                    + "' names another queue '" + original + "'");
        }
        return original;
    }

    /**
     * 409 unless the target queue (and, for an FQQN, its address) still exists: never auto-create one.
     * Returns the queue's routing type.
     */
    private RoutingType checkTarget(String queue, String target) {
        int sep = target.indexOf("::");
        String address = sep < 0 ? target : target.substring(0, sep);
        String queueName = sep < 0 ? target : target.substring(sep + 2);
        return withCoreSession(session -> {
            ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(queueName));
            if (!q.isExists() || (q.getAddress() != null && !q.getAddress().toString().equals(address))) {
                throw new DeadLetterException(409, "cannot replay from " + queue + ": queue '" + target
                        + "' no longer exists (was its destination or connector removed?)");
            }
            return q.getRoutingType() == null ? RoutingType.ANYCAST : q.getRoutingType();
        });
    }

    /** The dead-letter queues to browse for a filter, each known to exist and hold messages. */
    private List<String> queuesFor(DeadLetterFilter f) {
        Set<String> wanted = new TreeSet<>();
        if (f.queue() != null) {
            checkQueue(f.queue());
            wanted.add(f.queue());
        }
        if (f.destination() != null) {
            String dq = Addresses.destinationDlq(f.destination());
            if (!wanted.isEmpty() && !wanted.contains(dq)) {
                return List.of();
            }
            wanted = new TreeSet<>(Set.of(dq));
        }
        Set<String> candidates = wanted.isEmpty() ? knownDeadLetterQueues() : wanted;
        return withCoreSession(session -> {
            List<String> out = new ArrayList<>();
            for (String name : candidates) {
                ClientSession.QueueQuery q = session.queueQuery(SimpleString.of(name));
                if (q.isExists() && q.getMessageCount() > 0) {
                    out.add(name);
                }
            }
            return out;
        });
    }

    /**
     * Every queue named {@code omnihub.dlq.*}: asked from the broker's management (works for the
     * embedded and an external broker), plus those of the live destinations and channels and the
     * stock fan-out, in case management is not permitted.
     */
    private Set<String> knownDeadLetterQueues() {
        Set<String> names = new TreeSet<>();
        runtime.destinations().forEach(d -> names.add(Addresses.destinationDlq(d.id())));
        runtime.channels().forEach(c -> names.add(Addresses.rawDlq(c.id())));
        runtime.channels().stream().filter(c -> c.fulfillmentSink().isPresent())
                .forEach(c -> names.add(Addresses.fulfillmentDlq(c.id())));
        names.add(BACKOFFICE_STOCK_DLQ);
        try {
            withCoreSession(session -> {
                // like ClientRequestor, but the temporary reply queue is named under omnihub.# so the
                // broker's address settings (dead-letter and expiry addresses) cover it
                SimpleString replyQueue = SimpleString.of("omnihub.management.reply." + UUID.randomUUID());
                session.createQueue(QueueConfiguration.of(replyQueue).setRoutingType(RoutingType.ANYCAST)
                        .setDurable(false).setTemporary(true));
                try (ClientProducer producer = session.createProducer(
                             ActiveMQDefaultConfiguration.getDefaultManagementAddress());
                     ClientConsumer consumer = session.createConsumer(replyQueue)) {
                    session.start();
                    ClientMessage request = session.createMessage(false);
                    ManagementHelper.putOperationInvocation(request, ResourceNames.BROKER, "getQueueNames");
                    request.putStringProperty(ClientMessageImpl.REPLYTO_HEADER_NAME, replyQueue);
                    producer.send(request);
                    ClientMessage reply = consumer.receive(5000);
                    if (reply != null && ManagementHelper.hasOperationSucceeded(reply)
                            && ManagementHelper.getResult(reply) instanceof Object[] all) {
                        for (Object o : all) {
                            if (o != null && o.toString().startsWith(Addresses.DLQ_PREFIX)) {
                                names.add(o.toString());
                            }
                        }
                    } else {
                        LOG.debug("broker management did not list queues; using the configured dead-letter queues");
                    }
                } finally {
                    session.deleteQueue(replyQueue);
                }
                return null;
            });
        } catch (DeadLetterException e) {
            LOG.debug("broker management unavailable: {}", e.getMessage());
        }
        names.removeIf(n -> !DLQ_NAME.matcher(n).matches());
        return names;
    }

    private interface CoreWork<T> {
        T apply(ClientSession session) throws Exception;
    }

    private <T> T withCoreSession(CoreWork<T> work) {
        try (ClientSessionFactory sf = core.getServerLocator().createSessionFactory();
             ClientSession session = sf.createSession(core.getUser(), core.getPassword(), false, true, true, false, 1)) {
            return work.apply(session);
        } catch (DeadLetterException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable(e);
        }
    }

    private interface Peek<T> {
        T apply(Message m) throws JMSException;
    }

    /**
     * Browses one message by id and reads it while the browser is open (a large message's body is
     * streamed from the broker); 404 when the queue or the message is not there.
     */
    private <T> T peek(String queue, String id, Peek<T> read) {
        requireQueue(queue);
        try (Connection c = jms.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            QueueBrowser browser = s.createBrowser(s.createQueue(queue), selector(id));
            try {
                Enumeration<?> e = browser.getEnumeration();
                if (!e.hasMoreElements()) {
                    throw gone(queue, id);
                }
                return read.apply((Message) e.nextElement());
            } finally {
                browser.close();
            }
        } catch (JMSException e) {
            throw unavailable(e);
        }
    }

    /** 404 unless the queue exists (a JMS consumer or browser must never auto-create one). */
    private void requireQueue(String queue) {
        if (!withCoreSession(cs -> cs.queueQuery(SimpleString.of(queue)).isExists())) {
            throw DeadLetterException.notFound("no dead-letter queue '" + queue + "'");
        }
    }

    static void checkQueue(String queue) {
        if (queue == null || !DLQ_NAME.matcher(queue).matches()) {
            throw DeadLetterException.badRequest("'" + queue + "' is not a dead-letter queue (names start with "
                    + Addresses.DLQ_PREFIX + ")");
        }
    }

    static void checkId(String id) {
        if (id == null || !MESSAGE_ID.matcher(id).matches()) {
            throw DeadLetterException.notFound("no dead letter '" + id + "' (message ids look like ID:...)");
        }
    }

    private static String selector(String id) {
        return "JMSMessageID = '" + id.replace("'", "''") + "'";
    }

    // ---------------------------------------------------------------- reading messages

    private static boolean matches(DeadLetterFilter f, Map<String, Object> s) {
        if (f.ids() != null && !f.ids().contains((String) s.get("id"))) {
            return false;
        }
        if (f.connector() != null && !f.connector().equals(s.get("connector"))) {
            return false;
        }
        if (!DeadLetterFilter.matches(f.type(), (String) s.get("eventType"))
                || !DeadLetterFilter.matches(f.subject(), (String) s.get("subject"))) {
            return false;
        }
        if (f.since() != null) {
            Object at = s.get("failedAt");
            return at != null && !Instant.parse((String) at).isBefore(f.since());
        }
        return true;
    }

    private Map<String, Object> summary(String queue, Message m) throws JMSException {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", m.getJMSMessageID());
        s.put("queue", queue);
        String rest = queue.substring(Addresses.DLQ_PREFIX.length());
        String kind;
        String destination = null;
        String connector = string(m, HubHeaders.CONNECTOR_ID);
        if (rest.startsWith("raw.")) {
            kind = "raw";
            connector = rest.substring(4);
        } else if (queue.equals(BACKOFFICE_STOCK_DLQ)) {
            kind = "stock";
        } else if (queue.startsWith(FULFILLMENT_DLQ_PREFIX)) {
            kind = "fulfillment";
            connector = queue.substring(FULFILLMENT_DLQ_PREFIX.length());
        } else if (ENTITY_ID.matcher(rest).matches()) {
            kind = "destination";
            destination = rest;
        } else {
            kind = "other";
        }
        s.put("kind", kind);
        s.put("destination", destination);
        s.put("connector", connector);
        s.put("originalQueue", string(m, HubHeaders.ORIGINAL_QUEUE));
        s.put("failedAt", failedAt(m).toString());
        s.put("errorClass", string(m, HubHeaders.ERROR_CLASS));
        s.put("errorMessage", string(m, HubHeaders.ERROR_MESSAGE));
        s.put("errorStatus", integer(m, ERROR_STATUS));
        s.put("attempts", integer(m, HubHeaders.ERROR_ATTEMPTS));
        s.put("eventType", string(m, HubHeaders.EVENT_TYPE));
        s.put("subject", subject(queue, m));
        s.put("dedupeKey", string(m, HubHeaders.DEDUPE_KEY));
        s.put("groupId", m.getStringProperty(HubHeaders.GROUP_ID));
        if (string(m, REPLAYED_AT) != null) {
            s.put("replayedAt", string(m, REPLAYED_AT));
            s.put("replayedBy", string(m, REPLAYED_BY));
        }
        s.put("bodySize", bodySize(m));
        return s;
    }

    /**
     * The CloudEvent subject; a raw event has none yet, so its message group (set by the intake as
     * {@code {connectorId}:{entity}:{externalId}}, the subject format) stands in for it.
     */
    private static String subject(String queue, Message m) throws JMSException {
        String subject = string(m, HubHeaders.SUBJECT);
        if (subject == null && queue.startsWith(Addresses.DLQ_PREFIX + "raw.")) {
            subject = m.getStringProperty(HubHeaders.GROUP_ID);
        }
        return subject;
    }

    private static Instant failedAt(Message m) throws JMSException {
        String at = string(m, HubHeaders.FAILED_AT);
        if (at != null) {
            try {
                return Instant.parse(at);
            } catch (DateTimeParseException e) {
                // fall through to the broker timestamp
            }
        }
        return Instant.ofEpochMilli(m.getJMSTimestamp());
    }

    /** JMS headers and every property; masked: stored request headers, query and URL without credentials. */
    private Map<String, Object> headers(Message m, boolean mask) throws JMSException {
        Map<String, Object> h = new TreeMap<>();
        h.put("JMSMessageID", m.getJMSMessageID());
        h.put("JMSTimestamp", m.getJMSTimestamp() > 0 ? Instant.ofEpochMilli(m.getJMSTimestamp()).toString() : null);
        h.put("JMSDeliveryMode", m.getJMSDeliveryMode() == DeliveryMode.PERSISTENT ? "PERSISTENT" : "NON_PERSISTENT");
        h.put("JMSPriority", m.getJMSPriority());
        if (m.getJMSCorrelationID() != null) {
            h.put("JMSCorrelationID", m.getJMSCorrelationID());
        }
        if (m.getJMSType() != null) {
            h.put("JMSType", m.getJMSType());
        }
        if (m.getJMSExpiration() > 0) {
            h.put("JMSExpiration", Instant.ofEpochMilli(m.getJMSExpiration()).toString());
        }
        for (String name : propertyNames(m)) {
            Object v = m.getObjectProperty(name);
            if (HubHeaders.REQUEST_HEADERS.equals(name) || REQUEST_QUERY.equals(name)) {
                Map<String, List<String>> map = jsonMap(v);
                if (map == null) {
                    h.put(name, mask ? PersonalDataMask.MASK : v);
                } else if (!mask) {
                    h.put(name, map);
                } else {
                    h.put(name, HubHeaders.REQUEST_HEADERS.equals(name)
                            ? PersonalDataMask.requestHeaders(map) : PersonalDataMask.query(map));
                }
            } else if (HubHeaders.REQUEST_URL.equals(name) && mask) {
                h.put(name, PersonalDataMask.url(v == null ? null : v.toString()));
            } else {
                h.put(name, v);
            }
        }
        String group = m.getStringProperty(HubHeaders.GROUP_ID);
        if (group != null) {
            h.put(HubHeaders.GROUP_ID, group);
        }
        return h;
    }

    private static Map<String, List<String>> jsonMap(Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Json.mapper().readValue(v.toString(), new TypeReference<Map<String, List<String>>>() { });
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> propertyNames(Message m) throws JMSException {
        List<String> names = new ArrayList<>();
        for (Object o : Collections.list(m.getPropertyNames())) {
            names.add(o.toString());
        }
        return names;
    }

    private static JsonNode cloudEvent(Message m, byte[] body) {
        if (!(m instanceof TextMessage) || body.length == 0) {
            return null;
        }
        try {
            JsonNode n = Json.mapper().readTree(body);
            return n != null && n.isObject() && n.has("specversion") && n.has("type") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            String text = t.getText();
            return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        }
        if (m instanceof BytesMessage b) {
            return bytes(b);
        }
        return new byte[0];
    }

    private static byte[] bytes(BytesMessage b) throws JMSException {
        b.reset();
        byte[] data = new byte[(int) b.getBodyLength()];
        b.readBytes(data);
        b.reset();
        return data;
    }

    private static long bodySize(Message m) throws JMSException {
        if (m instanceof BytesMessage b) {
            return b.getBodyLength();
        }
        return body(m).length;
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String string(Message m, String name) throws JMSException {
        Object v = m.getObjectProperty(name);
        return v == null ? null : v.toString();
    }

    private static Integer integer(Message m, String name) throws JMSException {
        Object v = m.getObjectProperty(name);
        if (v instanceof Number n) {
            return n.intValue();
        }
        try {
            return v == null ? null : Integer.valueOf(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> result(String queue, String id, String status) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("queue", queue);
        r.put("id", id);
        r.put("status", status);
        return r;
    }

    private static DeadLetterException gone(String queue, String id) {
        return DeadLetterException.notFound("no dead letter " + id + " in " + queue + " (already replayed or discarded?)");
    }

    private static DeadLetterException unavailable(Exception e) {
        if (e instanceof jakarta.jms.InvalidDestinationException) {
            return new DeadLetterException(409, "broker refused the destination: " + e.getMessage(), e);
        }
        if (e instanceof jakarta.jms.TransactionRolledBackException) {
            return new DeadLetterException(409, "broker rolled the operation back (the dead letter stays): "
                    + e.getMessage(), e);
        }
        return new DeadLetterException(503, "broker unavailable: " + e.getMessage(), e);
    }

    private static void rollbackQuietly(Session s) {
        try {
            s.rollback();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("rollback failed: {}", e.toString());
        }
    }

    private static void closeQuietly(Session s) {
        try {
            s.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing session failed: {}", e.toString());
        }
    }

    private static void closeQuietly(MessageConsumer c) {
        try {
            c.close();
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing consumer failed: {}", e.toString());
        }
    }
}
