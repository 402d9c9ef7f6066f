package io.omnihub.canonical;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JSON Schemas published in {@code docs/schemas/} are exactly what {@link CanonicalSchemaGenerator}
 * derives from the Java records. One dynamic test per file. With {@code -Domnihub.schemas.write=true}
 * the files are (re)written instead of compared.
 */
class SchemaSyncTest {

    static final String WRITE_PROPERTY = "omnihub.schemas.write";
    static final String REGENERATE = "mvn -pl mappings/canonical-model test -D" + WRITE_PROPERTY + "=true";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> publishedSchemasMatchTheJavaTypes() {
        Path dir = repoRoot().resolve("docs").resolve("schemas");
        boolean write = Boolean.getBoolean(WRITE_PROPERTY);
        Map<String, ObjectNode> generated = CanonicalSchemaGenerator.generateAll();
        return generated.entrySet().stream().map(e -> dynamicTest(e.getKey(), () -> {
            Path file = dir.resolve(e.getKey());
            if (write) {
                Files.createDirectories(dir);
                Files.writeString(file, CanonicalSchemaGenerator.render(e.getValue()), StandardCharsets.UTF_8);
                System.out.println("wrote " + file);
                return;
            }
            String where = "docs/schemas/" + e.getKey();
            if (!Files.isRegularFile(file)) {
                fail(where + " is missing. Run `" + REGENERATE + "` from the repository root to write it.");
            }
            JsonNode onDisk;
            try {
                onDisk = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException ex) {
                fail(where + " is not valid JSON (" + ex.getMessage() + "). Run `" + REGENERATE
                        + "` from the repository root to rewrite it.");
                return;
            }
            if (!e.getValue().equals(onDisk)) {
                fail(where + " is out of sync with the Java types in io.omnihub.canonical ("
                        + firstDifference("", e.getValue(), onDisk) + "). If the Java change is intended and"
                        + " keeps the v1 contract (fields are only ever added), run `" + REGENERATE
                        + "` from the repository root and commit docs/schemas/.");
            }
        }));
    }

    /** The repository root: the nearest directory, from the working directory up, with pom.xml and docs/. */
    static Path repoRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no directory with pom.xml and docs/ above " + start);
    }

    /** A readable pointer to the first place where the generated schema and the file differ. */
    static String firstDifference(String path, JsonNode expected, JsonNode actual) {
        String at = path.isEmpty() ? "/" : path;
        if (actual == null) {
            return at + " expected " + expected + " but the file does not have it";
        }
        if (expected == null) {
            return at + " the file has " + actual + " which the generator does not produce";
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (!java.util.Objects.equals(expected.get(name), actual.get(name))) {
                    String escaped = name.replace("~", "~0").replace("/", "~1");
                    return firstDifference(path + "/" + escaped, expected.get(name), actual.get(name));
                }
            }
        } else if (expected.isArray() && actual.isArray()) {
            Iterator<JsonNode> a = actual.elements();
            int i = 0;
            for (JsonNode e : expected) {
                JsonNode other = a.hasNext() ? a.next() : null;
                if (!e.equals(other)) {
                    return firstDifference(path + "/" + i, e, other);
                }
                i++;
            }
            if (a.hasNext()) {
                return firstDifference(path + "/" + i, null, a.next());
            }
        }
        return at + " expected " + expected + " but the file has " + actual;
    }
}
