package io.omnihub.testing.golden;

import static io.omnihub.testing.JsonAssert.assertJsonEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.support.Json;
import io.omnihub.mapping.api.CanonicalRecord;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden mapping tests: every folder {@code golden/<case>/} on the test classpath holds
 * {@code input.json} (the platform payload, from a documented example), {@code event.json} (how the
 * platform delivered it: kind, action, topic, ids, version, time, attributes) and
 * {@code expected.json} (the canonical records the mapper must produce, checked by hand).
 * Subclasses name the mapper and the mapping context in two methods.
 *
 * <p>{@code expected.json} is an array of {@code {type, subject, time, entityVersion, dedupeBase, data}}.
 * Numbers compare by value, strings strictly (money scale matters).
 */
public abstract class GoldenMappingTest {

    private static final ObjectMapper JSON = Json.mapper();

    /** The mapper under test. */
    protected abstract ChannelMapper mapper();

    /** The channel the cases are mapped for. */
    protected MappingContext context() {
        return new MappingContext("test-" + mapper().type(), mapper().type().toUpperCase(), Map.of());
    }

    /** Root folder of the cases on the test classpath. */
    protected String root() {
        return "golden";
    }

    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException, URISyntaxException {
        URL url = getClass().getClassLoader().getResource(root());
        if (url == null) {
            throw new IllegalStateException("no golden/ folder on the test classpath of " + getClass().getName());
        }
        Path dir = Path.of(url.toURI());
        List<Path> cases;
        try (Stream<Path> s = Files.list(dir)) {
            cases = s.filter(p -> Files.exists(p.resolve("input.json"))).sorted().toList();
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no golden cases under " + dir);
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c)));
    }

    private void runCase(Path dir) throws IOException {
        JsonNode input = JSON.readTree(Files.readAllBytes(dir.resolve("input.json")));
        JsonNode meta = JSON.readTree(Files.readAllBytes(dir.resolve("event.json")));
        PlatformEvent event = toEvent(input, meta);
        List<CanonicalRecord> records = mapper().map(event, context());
        ArrayNode actual = JSON.createArrayNode();
        for (CanonicalRecord r : records) {
            ObjectNode n = actual.addObject();
            n.put("type", r.type().type());
            n.put("subject", r.subject());
            n.put("time", r.time().toString());
            n.put("entityVersion", r.entityVersion());
            n.put("dedupeBase", r.dedupeBase());
            n.set("data", JSON.valueToTree(r.data()));
        }
        Path expectedFile = dir.resolve("expected.json");
        if (!Files.exists(expectedFile) && Boolean.getBoolean("omnihub.golden.write")) {
            // Only for authoring a new case: the file must then be checked line by line by hand.
            Files.writeString(expectedFile, actual.toPrettyString());
        }
        assertJsonEquals(JSON.readTree(Files.readAllBytes(expectedFile)), actual);
    }

    /** Builds the platform event from {@code event.json} and the payload. */
    protected PlatformEvent toEvent(JsonNode payload, JsonNode meta) {
        Map<String, String> attrs = meta.has("attributes")
                ? JSON.convertValue(meta.get("attributes"), JSON.getTypeFactory().constructMapType(Map.class, String.class, String.class))
                : Map.of();
        return new PlatformEvent(
                Json.text(meta, "eventId"),
                io.omnihub.connector.api.EntityKind.valueOf(meta.get("kind").asText()),
                PlatformEvent.Action.valueOf(meta.path("action").asText("UPSERT")),
                Json.text(meta, "topic"),
                meta.get("externalId").asText(),
                meta.get("version").asText(),
                Json.parseInstant(meta.get("occurredAt").asText()),
                payload,
                false,
                attrs);
    }
}
