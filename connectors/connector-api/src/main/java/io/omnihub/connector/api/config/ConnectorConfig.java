package io.omnihub.connector.api.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated {@code spec} of one connector file, with secrets already resolved from their
 * placeholders. Values are read by dotted path below {@code spec}. {@link #toString()} never
 * prints values, so the config is safe to log.
 */
public final class ConnectorConfig {

    private final String id;
    private final String type;
    private final Map<String, Object> spec;
    private final Set<String> secretPaths;

    public ConnectorConfig(String id, String type, Map<String, Object> spec, Set<String> secretPaths) {
        this.id = id;
        this.type = type;
        this.spec = Collections.unmodifiableMap(new LinkedHashMap<>(spec));
        this.secretPaths = Set.copyOf(secretPaths);
    }

    /** Convenience for tests and tools: no secret bookkeeping. */
    public static ConnectorConfig of(String id, String type, Map<String, Object> spec) {
        return new ConnectorConfig(id, type, spec, Set.of());
    }

    /** {@code metadata.id}. */
    public String id() {
        return id;
    }

    /** {@code spec.type}. */
    public String type() {
        return type;
    }

    /** The raw value at a dotted path below {@code spec}, or empty. */
    public Optional<Object> value(String path) {
        Object cur = spec;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(part)) {
                return Optional.empty();
            }
            cur = m.get(part);
        }
        return Optional.ofNullable(cur);
    }

    public Optional<String> string(String path) {
        return value(path).map(String::valueOf).filter(s -> !s.isBlank());
    }

    public String string(String path, String fallback) {
        return string(path).orElse(fallback);
    }

    /** A required string; throws {@link IllegalStateException} naming the path if absent. */
    public String require(String path) {
        return string(path).orElseThrow(() -> new IllegalStateException("spec." + path + " is required"));
    }

    public int integer(String path, int fallback) {
        return value(path).map(v -> v instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(v).trim()))
                .orElse(fallback);
    }

    public boolean bool(String path, boolean fallback) {
        return value(path).map(v -> v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v).trim()))
                .orElse(fallback);
    }

    public Duration duration(String path, Duration fallback) {
        return value(path).map(v -> Durations.parse(String.valueOf(v))).orElse(fallback);
    }

    public List<String> strings(String path) {
        return value(path).map(v -> v instanceof List<?> l ? l.stream().map(String::valueOf).toList()
                : List.of(String.valueOf(v))).orElse(List.of());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String path) {
        return value(path).filter(v -> v instanceof Map).map(v -> (Map<String, Object>) v).orElse(Map.of());
    }

    /** Whether a flow is switched on ({@code spec.flows.<key>.enabled}, default {@code defaultOn}). */
    public boolean flowEnabled(String flowKey, boolean defaultOn) {
        Optional<Object> flow = value("flows." + flowKey);
        if (flow.isEmpty()) {
            return defaultOn;
        }
        Object v = flow.get();
        if (v instanceof Boolean b) {
            return b;
        }
        return bool("flows." + flowKey + ".enabled", true);
    }

    /** The whole spec tree (read-only). Secret values are included: never log it. */
    public Map<String, Object> spec() {
        return spec;
    }

    /** Paths whose values came from secret placeholders. */
    public Set<String> secretPaths() {
        return secretPaths;
    }

    @Override
    public String toString() {
        return "ConnectorConfig[id=" + id + ", type=" + type + "]";
    }
}
