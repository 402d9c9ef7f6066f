package io.omnihub.app.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.config.ConfigOption;
import io.omnihub.connector.api.config.ConfigProblem;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.connector.api.config.Durations;
import io.omnihub.routes.Destination;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads and validates the config folder: one YAML file per connector ({@code kind: Connector}) or
 * destination ({@code kind: Destination}). Every problem of a file is reported at once with the file
 * name and the field path; a bad file never stops the others. Secrets must be placeholders.
 */
public class ConfigLoader {

    public static final String API_VERSION = "omnihub.io/v1";
    public static final Set<String> KINDS = Set.of("Connector", "Destination", "StockPolicy");
    public static final Set<String> DESTINATION_TYPES = Set.of("http");
    public static final List<String> ENTITIES = List.of("order", "product", "stock", "payment", "refund", "fulfillment");

    private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,63}");
    private static final Set<String> SPEC_SECTIONS = Set.of("type", "enabled", "description", "connection", "webhooks",
            "flows", "limits", "mapping", "alerts");
    private static final Set<String> STRICT_SECTIONS = Set.of("connection", "webhooks", "limits");
    private static final Set<String> SECRET_HEADER_HINTS = Set.of("authorization", "token", "secret", "key", "password");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final Map<String, ConnectorProvider> providers;
    private final Placeholders placeholders;

    public ConfigLoader(Map<String, ConnectorProvider> providers, Placeholders placeholders) {
        this.providers = new TreeMap<>(providers);
        this.placeholders = placeholders;
    }

    /** Reads every {@code *.yaml} / {@code *.yml} file of the folder (not recursive). */
    public ConfigSnapshot load(Path dir) {
        List<ConnectorDefinition> connectors = new ArrayList<>();
        List<ConfigSnapshot.DestinationDefinition> destinations = new ArrayList<>();
        Map<String, List<ConfigFileProblem>> problems = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return new ConfigSnapshot(connectors, destinations, problems);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.startsWith(".");
                    })
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            problems.put(dir.toString(), List.of(new ConfigFileProblem(dir.toString(), "", "cannot list folder: " + e.getMessage())));
            return new ConfigSnapshot(connectors, destinations, problems);
        }
        Set<String> connectorIds = new HashSet<>();
        Set<String> destinationIds = new HashSet<>();
        List<io.omnihub.app.stock.StockPolicy> stockPolicies = new ArrayList<>();
        for (Path f : files) {
            String name = displayName(dir, f);
            List<ConfigFileProblem> fileProblems = new ArrayList<>();
            Object def = loadFile(f, name, fileProblems);
            if (def instanceof ConnectorDefinition c && !connectorIds.add(c.id())) {
                fileProblems.add(new ConfigFileProblem(name, "metadata.id",
                        "connector id '" + c.id() + "' is already used by another file"));
                def = null;
            }
            if (def instanceof ConfigSnapshot.DestinationDefinition d && d.destination() == null) {
                continue; // a valid destination file with enabled: false
            }
            if (def instanceof ConfigSnapshot.DestinationDefinition d && !destinationIds.add(d.destination().id())) {
                fileProblems.add(new ConfigFileProblem(name, "metadata.id",
                        "destination id '" + d.destination().id() + "' is already used by another file"));
                def = null;
            }
            if (def instanceof io.omnihub.app.stock.StockPolicy sp && !stockPolicies.isEmpty()) {
                fileProblems.add(new ConfigFileProblem(name, "kind", "only one StockPolicy file is allowed; "
                        + stockPolicies.get(0).file() + " already defines the stock policy"));
                def = null;
            }
            if (!fileProblems.isEmpty()) {
                problems.put(name, fileProblems);
            } else if (def instanceof io.omnihub.app.stock.StockPolicy sp) {
                stockPolicies.add(sp);
            } else if (def instanceof ConnectorDefinition c) {
                connectors.add(c);
            } else if (def instanceof ConfigSnapshot.DestinationDefinition d) {
                destinations.add(d);
            }
        }
        return new ConfigSnapshot(connectors, destinations, problems, stockPolicies);
    }

    private static String displayName(Path dir, Path f) {
        Path name = dir.getFileName() == null ? f.getFileName() : dir.getFileName().resolve(f.getFileName());
        return name.toString();
    }

    /** Validates one file outside the folder (e.g. a policy for a dry run): its definition, or null with the problems. */
    public Object validateFile(Path file, String name, List<ConfigFileProblem> problems) {
        return loadFile(file, name, problems);
    }

    /** Parses and validates one file; returns a definition, or null with the problems filled in. */
    Object loadFile(Path file, String name, List<ConfigFileProblem> problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(new ConfigFileProblem(name, "", "cannot read file: " + e.getMessage()));
            return null;
        }
        // ${...} is not valid inside YAML flow collections ([${A}, ${B}] as the contract writes it), so
        // placeholders are swapped for plain tokens while parsing and restored in the values afterwards.
        Map<String, String> tokens = new LinkedHashMap<>();
        java.util.regex.Matcher pm = PLACEHOLDER.matcher(text);
        StringBuilder safe = new StringBuilder();
        while (pm.find()) {
            String token = "OMNIHUBPLACEHOLDER" + tokens.size() + "X";
            tokens.put(token, pm.group());
            pm.appendReplacement(safe, token);
        }
        pm.appendTail(safe);
        JsonNode root;
        try {
            var parser = yaml.getFactory().createParser(safe.toString());
            var it = yaml.readValues(parser, JsonNode.class);
            if (!it.hasNext()) {
                problems.add(new ConfigFileProblem(name, "", "file is empty"));
                return null;
            }
            root = it.next();
            if (it.hasNext()) {
                problems.add(new ConfigFileProblem(name, "", "one resource per file: found a second YAML document"));
                return null;
            }
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            problems.add(new ConfigFileProblem(name, "", "invalid YAML"
                    + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                    + ": " + e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).replaceAll("\\s*\\n\\s*", " ").replaceAll("\\s+\\^", "");
            problems.add(new ConfigFileProblem(name, "", "invalid YAML: " + msg));
            return null;
        }
        if (root == null || !root.isObject()) {
            problems.add(new ConfigFileProblem(name, "", "must be a YAML mapping with apiVersion, kind, metadata and spec"));
            return null;
        }
        if (!tokens.isEmpty()) {
            root = restore(root, tokens);
        }
        String apiVersion = root.path("apiVersion").asText(null);
        if (apiVersion == null) {
            problems.add(new ConfigFileProblem(name, "apiVersion", "required; use " + API_VERSION));
        } else if (!API_VERSION.equals(apiVersion)) {
            problems.add(new ConfigFileProblem(name, "apiVersion", "unsupported '" + apiVersion + "'; use " + API_VERSION));
        }
        String kind = root.path("kind").asText(null);
        if (kind == null) {
            problems.add(new ConfigFileProblem(name, "kind", "required; available kinds: " + String.join(", ", new java.util.TreeSet<>(KINDS))));
        } else if (!KINDS.contains(kind)) {
            problems.add(new ConfigFileProblem(name, "kind", "unknown kind '" + kind + "'; available kinds: "
                    + String.join(", ", new java.util.TreeSet<>(KINDS))));
        }
        String id = root.path("metadata").path("id").asText(null);
        if (id == null) {
            problems.add(new ConfigFileProblem(name, "metadata.id", "required"));
        } else if (!ID.matcher(id).matches()) {
            problems.add(new ConfigFileProblem(name, "metadata.id",
                    "must be 1-63 characters of a-z, 0-9 and '-' (it appears in URLs and queue names)"));
        }
        JsonNode spec = root.get("spec");
        if (spec == null || !spec.isObject()) {
            problems.add(new ConfigFileProblem(name, "spec", "required, a mapping"));
            return null;
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("apiVersion", "kind", "metadata", "spec").contains(f)) {
                problems.add(new ConfigFileProblem(name, f, "unknown field; allowed: apiVersion, kind, metadata, spec"));
            }
        }
        if ("Connector".equals(kind)) {
            return connector(name, id, (ObjectNode) spec, text, problems);
        }
        if ("Destination".equals(kind)) {
            return destination(name, id, (ObjectNode) spec, text, problems);
        }
        if ("StockPolicy".equals(kind)) {
            var policy = io.omnihub.app.stock.StockPolicyParser.parse(name, id, spec, problems);
            return problems.isEmpty() ? policy : null;
        }
        return null;
    }

    private ConnectorDefinition connector(String file, String id, ObjectNode spec, String text, List<ConfigFileProblem> problems) {
        String type = spec.path("type").asText(null);
        ConnectorProvider provider = type == null ? null : providers.get(type);
        if (type == null) {
            problems.add(new ConfigFileProblem(file, "spec.type", "required; available types: " + String.join(", ", providers.keySet())));
            return null;
        }
        if (provider == null) {
            problems.add(new ConfigFileProblem(file, "spec.type", "unknown connector type '" + type
                    + "'; available types: " + String.join(", ", providers.keySet())));
            return null;
        }
        ConnectorDescriptor d = provider.descriptor();
        JsonNode enabledNode = spec.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            problems.add(new ConfigFileProblem(file, "spec.enabled", "must be true or false"));
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!SPEC_SECTIONS.contains(f)) {
                problems.add(new ConfigFileProblem(file, "spec." + f, "unknown field; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(SPEC_SECTIONS))));
            }
        }
        Map<String, ConfigOption> options = new LinkedHashMap<>();
        d.options().forEach(o -> options.put(o.path(), o));
        // Unknown options in strict sections (typos like connection.baseURL).
        for (String section : STRICT_SECTIONS) {
            JsonNode s = spec.get(section);
            if (s == null || s.isNull()) {
                continue;
            }
            if (!s.isObject()) {
                problems.add(new ConfigFileProblem(file, "spec." + section, "must be a mapping"));
                continue;
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                String path = section + "." + f;
                boolean declared = options.containsKey(path)
                        || options.keySet().stream().anyMatch(p -> p.startsWith(path + "."));
                if (!declared) {
                    List<String> known = options.keySet().stream().filter(p -> p.startsWith(section + ".")).sorted().toList();
                    problems.add(new ConfigFileProblem(file, "spec." + path, "unknown option"
                            + (known.isEmpty() ? "" : "; known options: " + String.join(", ", known))));
                }
            }
        }
        validateAlerts(file, spec.get("alerts"), problems);
        JsonNode flows = spec.get("flows");
        if (flows != null && !flows.isNull()) {
            if (!flows.isObject()) {
                problems.add(new ConfigFileProblem(file, "spec.flows", "must be a mapping of flow name to true/false or settings"));
            } else {
                Set<String> supported = new LinkedHashSet<>();
                d.flows().forEach(f -> supported.add(f.key()));
                for (Iterator<Map.Entry<String, JsonNode>> it = flows.fields(); it.hasNext(); ) {
                    var e = it.next();
                    if (!supported.contains(e.getKey())) {
                        problems.add(new ConfigFileProblem(file, "spec.flows." + e.getKey(), "unknown flow for type '" + type
                                + "'; supported flows: " + String.join(", ", supported)));
                    } else if (!(e.getValue().isBoolean() || e.getValue().isObject())) {
                        problems.add(new ConfigFileProblem(file, "spec.flows." + e.getKey(), "must be true, false or a mapping"));
                    } else if (e.getValue().isObject()) {
                        JsonNode en = e.getValue().get("enabled");
                        if (en != null && !en.isBoolean()) {
                            problems.add(new ConfigFileProblem(file, "spec.flows." + e.getKey() + ".enabled", "must be true or false"));
                        }
                        JsonNode interval = e.getValue().get("interval");
                        if (interval != null) {
                            try {
                                Durations.parse(interval.asText());
                            } catch (IllegalArgumentException ex) {
                                problems.add(new ConfigFileProblem(file, "spec.flows." + e.getKey() + ".interval", ex.getMessage()));
                            }
                        }
                    }
                }
            }
        }
        Map<String, Object> resolvedSpec = new LinkedHashMap<>();
        Set<String> secretPaths = new HashSet<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> rawSpec = yaml.convertValue(spec, Map.class);
        Map<String, Object> resolved = resolveTree(file, "spec", rawSpec, options, secretPaths, problems);
        resolvedSpec.putAll(resolved);
        // Declared options: required, type, secret-as-placeholder.
        for (ConfigOption o : d.options()) {
            if (!flowNeeds(o, spec, d)) {
                continue;
            }
            JsonNode raw = spec.at("/" + o.path().replace('.', '/'));
            String path = "spec." + o.path();
            if (raw.isMissingNode() || raw.isNull() || (raw.isTextual() && raw.asText().isBlank())
                    || (raw.isArray() && raw.isEmpty())) {
                if (o.required()) {
                    problems.add(new ConfigFileProblem(file, path, "required: " + o.description()));
                }
                continue;
            }
            if (o.secret()) {
                List<JsonNode> values = raw.isArray() ? toList(raw) : List.of(raw);
                for (int i = 0; i < values.size(); i++) {
                    if (!values.get(i).isTextual() || !Placeholders.isPureReference(values.get(i).asText())) {
                        problems.add(new ConfigFileProblem(file, path + (raw.isArray() ? "[" + i + "]" : ""),
                                "is a secret: write it as a ${ENV_VAR} or ${file:/path} placeholder, never as a literal value"
                                        + " (not even as a ${VAR:default})"));
                    }
                }
            }
            Object value = new ConnectorConfig(id, type, resolvedSpec, Set.of()).value(o.path()).orElse(null);
            String typeProblem = typeProblem(o, value);
            if (typeProblem != null) {
                problems.add(new ConfigFileProblem(file, path, typeProblem));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        ConnectorConfig config = new ConnectorConfig(id, type, resolvedSpec, secretPaths);
        List<ConfigProblem> cross;
        try {
            cross = provider.validate(config);
        } catch (RuntimeException e) {
            cross = List.of(new ConfigProblem("", "validation failed: " + e.getMessage()));
        }
        for (ConfigProblem p : cross) {
            problems.add(new ConfigFileProblem(file, p.path() == null || p.path().isEmpty() ? "spec" : "spec." + p.path(), p.message()));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        boolean enabled = enabledNode == null || enabledNode.asBoolean(true);
        return new ConnectorDefinition(file, enabled, config, fingerprint(text, resolvedSpec));
    }

    /** Options under a flow's section only matter when that flow is on (e.g. webhook secrets). */
    private static boolean flowNeeds(ConfigOption o, JsonNode spec, ConnectorDescriptor d) {
        if (!o.path().startsWith("webhooks.") || !d.flows().contains(Flow.WEBHOOKS_IN)) {
            return true;
        }
        JsonNode f = spec.path("flows").path("webhooks");
        if (f.isBoolean()) {
            return f.asBoolean();
        }
        return !f.isObject() || f.path("enabled").asBoolean(true);
    }

    private ConfigSnapshot.DestinationDefinition destination(String file, String id, ObjectNode spec, String text,
                                                             List<ConfigFileProblem> problems) {
        String type = spec.path("type").asText(null);
        if (type == null) {
            problems.add(new ConfigFileProblem(file, "spec.type", "required; available types: " + String.join(", ", DESTINATION_TYPES)));
        } else if (!DESTINATION_TYPES.contains(type)) {
            problems.add(new ConfigFileProblem(file, "spec.type", "unknown destination type '" + type + "'; available types: "
                    + String.join(", ", new java.util.TreeSet<>(DESTINATION_TYPES))));
        }
        for (Iterator<String> it = spec.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("type", "subscribe", "http", "delivery", "description", "enabled").contains(f)) {
                problems.add(new ConfigFileProblem(file, "spec." + f, "unknown field; allowed: delivery, description, enabled, http, subscribe, type"));
            }
        }
        Set<String> subscribe = new LinkedHashSet<>();
        JsonNode sub = spec.get("subscribe");
        if (sub == null || !sub.isArray() || sub.isEmpty()) {
            problems.add(new ConfigFileProblem(file, "spec.subscribe", "required: a list of " + String.join(", ", ENTITIES)));
        } else {
            for (int i = 0; i < sub.size(); i++) {
                String e = sub.get(i).asText();
                if (!ENTITIES.contains(e)) {
                    problems.add(new ConfigFileProblem(file, "spec.subscribe[" + i + "]", "unknown entity '" + e
                            + "'; available: " + String.join(", ", ENTITIES)));
                } else {
                    subscribe.add(e);
                }
            }
        }
        JsonNode http = spec.path("http");
        String url = null;
        Map<String, String> headers = new LinkedHashMap<>();
        Duration timeout = Duration.ofSeconds(10);
        if (!http.isObject()) {
            problems.add(new ConfigFileProblem(file, "spec.http", "required for type http: a mapping with url and optional headers, timeout"));
        } else {
            String rawUrl = http.path("url").asText(null);
            if (rawUrl == null || rawUrl.isBlank()) {
                problems.add(new ConfigFileProblem(file, "spec.http.url", "required: the endpoint that receives the CloudEvents"));
            } else {
                var r = placeholders.resolve(rawUrl);
                r.problems().forEach(p -> problems.add(new ConfigFileProblem(file, "spec.http.url", p)));
                url = r.value();
                if (r.problems().isEmpty() && !absoluteHttpUrl(url)) {
                    problems.add(new ConfigFileProblem(file, "spec.http.url", "must be an absolute http(s) URL"));
                }
            }
            JsonNode h = http.get("headers");
            if (h != null && !h.isNull()) {
                if (!h.isObject()) {
                    problems.add(new ConfigFileProblem(file, "spec.http.headers", "must be a mapping of header name to value"));
                } else {
                    for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
                        var e = it.next();
                        String raw = e.getValue().asText();
                        String lower = e.getKey().toLowerCase(Locale.ROOT);
                        if (SECRET_HEADER_HINTS.stream().anyMatch(lower::contains) && !Placeholders.hasReference(raw)) {
                            problems.add(new ConfigFileProblem(file, "spec.http.headers." + e.getKey(),
                                    "looks like a credential: write it with a ${ENV_VAR} placeholder, never as a literal value"));
                            continue;
                        }
                        var r = placeholders.resolve(raw);
                        r.problems().forEach(p -> problems.add(new ConfigFileProblem(file, "spec.http.headers." + e.getKey(), p)));
                        headers.put(e.getKey(), r.value());
                    }
                }
            }
            timeout = duration(file, "spec.http.timeout", http.get("timeout"), timeout, problems);
        }
        JsonNode delivery = spec.path("delivery");
        int maxAttempts = intValue(file, "spec.delivery.maxAttempts", delivery.get("maxAttempts"), 5, 1, 100, problems);
        Duration initial = duration(file, "spec.delivery.initialBackoff", delivery.get("initialBackoff"), Duration.ofSeconds(1), problems);
        Duration max = duration(file, "spec.delivery.maxBackoff", delivery.get("maxBackoff"), Duration.ofSeconds(30), problems);
        int concurrency = intValue(file, "spec.delivery.concurrency", delivery.get("concurrency"), 4, 1, 64, problems);
        Duration retryWindow = duration(file, "spec.delivery.retryWindow", delivery.get("retryWindow"), Duration.ofHours(24), problems);
        JsonNode cb = delivery.path("circuitBreaker");
        int threshold = intValue(file, "spec.delivery.circuitBreaker.failureThreshold", cb.get("failureThreshold"), 5, 1, 1000, problems);
        Duration openFor = duration(file, "spec.delivery.circuitBreaker.openFor", cb.get("openFor"), Duration.ofSeconds(30), problems);
        for (Iterator<String> it = delivery.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!Set.of("maxAttempts", "initialBackoff", "maxBackoff", "concurrency", "retryWindow", "circuitBreaker").contains(f)) {
                problems.add(new ConfigFileProblem(file, "spec.delivery." + f, "unknown option; known options: circuitBreaker, "
                        + "concurrency, initialBackoff, maxAttempts, maxBackoff, retryWindow"));
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        JsonNode enabledNode = spec.get("enabled");
        if (enabledNode != null && !enabledNode.isBoolean()) {
            problems.add(new ConfigFileProblem(file, "spec.enabled", "must be true or false"));
            return null;
        }
        if (enabledNode != null && !enabledNode.asBoolean()) {
            return new ConfigSnapshot.DestinationDefinition(file, null, "disabled");
        }
        Destination dest = new Destination(id, type, subscribe, url, headers, timeout, maxAttempts, initial, max,
                concurrency, file, retryWindow, threshold, openFor);
        return new ConfigSnapshot.DestinationDefinition(file, dest, fingerprint(text, Map.of("url", url, "headers", headers)));
    }

    /** {@code spec.alerts}: per-connector business alert settings (docs/alerts.md). */
    private static void validateAlerts(String file, JsonNode alerts, List<ConfigFileProblem> problems) {
        if (alerts == null || alerts.isNull()) {
            return;
        }
        if (!alerts.isObject()) {
            problems.add(new ConfigFileProblem(file, "spec.alerts", "must be a mapping"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = alerts.fields(); it.hasNext(); ) {
            var e = it.next();
            String path = "spec.alerts." + e.getKey();
            String v = e.getValue().asText();
            switch (e.getKey()) {
                case "ordersQuietAfter" -> {
                    try {
                        Durations.parse(v);
                    } catch (IllegalArgumentException ex) {
                        problems.add(new ConfigFileProblem(file, path, ex.getMessage()));
                    }
                }
                case "usualHours" -> {
                    if (!v.matches("([01]\\d|2[0-3]):[0-5]\\d-([01]\\d|2[0-4]):[0-5]\\d")) {
                        problems.add(new ConfigFileProblem(file, path, "must be HH:MM-HH:MM, e.g. 08:00-22:00 (was '" + v + "')"));
                    }
                }
                case "zone" -> {
                    try {
                        java.time.ZoneId.of(v);
                    } catch (java.time.DateTimeException ex) {
                        problems.add(new ConfigFileProblem(file, path, "unknown time zone '" + v + "' (e.g. Europe/Berlin, Asia/Shanghai)"));
                    }
                }
                case "enabled" -> {
                    if (!e.getValue().isBoolean()) {
                        problems.add(new ConfigFileProblem(file, path, "must be true or false"));
                    }
                }
                case "credentialsExpireAt" -> {
                    try {
                        java.time.LocalDate.parse(v);
                    } catch (java.time.format.DateTimeParseException ex) {
                        try {
                            java.time.Instant.parse(v);
                        } catch (java.time.format.DateTimeParseException ex2) {
                            problems.add(new ConfigFileProblem(file, path, "must be a date (2027-01-31) or an instant (2027-01-31T00:00:00Z)"));
                        }
                    }
                }
                default -> problems.add(new ConfigFileProblem(file, path,
                        "unknown option; known options: credentialsExpireAt, enabled, ordersQuietAfter, usualHours, zone"));
            }
        }
    }

    private static Duration duration(String file, String path, JsonNode n, Duration def, List<ConfigFileProblem> problems) {
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            return Durations.parse(n.asText());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigFileProblem(file, path, e.getMessage()));
            return def;
        }
    }

    private static int intValue(String file, String path, JsonNode n, int def, int min, int max, List<ConfigFileProblem> problems) {
        if (n == null || n.isNull()) {
            return def;
        }
        if (!n.canConvertToInt() || !n.isIntegralNumber() || n.asInt() < min || n.asInt() > max) {
            problems.add(new ConfigFileProblem(file, path, "must be a whole number from " + min + " to " + max));
            return def;
        }
        return n.asInt();
    }

    /** Resolves placeholders in every string of the tree; records which option paths were secrets. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> resolveTree(String file, String prefix, Map<String, Object> node,
                                            Map<String, ConfigOption> options, Set<String> secretPaths,
                                            List<ConfigFileProblem> problems) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : node.entrySet()) {
            String path = prefix + "." + e.getKey();
            out.put(e.getKey(), resolveValue(file, path, e.getValue(), options, secretPaths, problems));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private Object resolveValue(String file, String path, Object v, Map<String, ConfigOption> options,
                                Set<String> secretPaths, List<ConfigFileProblem> problems) {
        String optionPath = path.substring("spec.".length()).replaceAll("\\[\\d+]$", "");
        if (v instanceof Map<?, ?> m) {
            return resolveTree(file, path, (Map<String, Object>) m, options, secretPaths, problems);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(resolveValue(file, path + "[" + i + "]", l.get(i), options, secretPaths, problems));
            }
            return out;
        }
        if (v instanceof String s && Placeholders.hasPlaceholder(s)) {
            Placeholders.Result r = placeholders.resolve(s);
            r.problems().forEach(p -> problems.add(new ConfigFileProblem(file, path, p)));
            ConfigOption o = options.get(optionPath);
            if (o != null && o.secret()) {
                secretPaths.add(optionPath);
            }
            return r.value();
        }
        return v;
    }

    private static String typeProblem(ConfigOption o, Object v) {
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        switch (o.type()) {
            case URL:
                return absoluteHttpUrl(s) ? null : "must be an absolute URL (http:// or https://)";
            case INT:
                if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                    return null;
                }
                try {
                    Long.parseLong(s);
                    return null;
                } catch (NumberFormatException e) {
                    return "must be a whole number";
                }
            case BOOLEAN:
                if (v instanceof Map<?, ?> && o.path().startsWith("flows.")) {
                    return null; // a flow may be true/false or a settings mapping
                }
                return v instanceof Boolean || s.equals("true") || s.equals("false") ? null : "must be true or false";
            case DURATION:
                try {
                    Durations.parse(s);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            case ENUM:
                return o.allowed().contains(s) ? null : "must be one of " + String.join(", ", o.allowed()) + "; got '" + s + "'";
            case STRING_LIST:
                return v instanceof List<?> || v instanceof String ? null : "must be a list of strings";
            case MAP:
                return v instanceof Map<?, ?> ? null : "must be a mapping";
            default:
                return v instanceof Map<?, ?> || v instanceof List<?> ? "must be a single value" : null;
        }
    }

    private static boolean absoluteHttpUrl(String s) {
        try {
            URI u = URI.create(s);
            return u.isAbsolute() && u.getHost() != null
                    && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}\\n]*}");

    private JsonNode restore(JsonNode node, Map<String, String> tokens) {
        if (node.isTextual()) {
            String t = node.asText();
            if (t.contains("OMNIHUBPLACEHOLDER")) {
                for (Map.Entry<String, String> e : tokens.entrySet()) {
                    t = t.replace(e.getKey(), e.getValue());
                }
                return yaml.getNodeFactory().textNode(t);
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode out = yaml.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), restore(e.getValue(), tokens)));
            return out;
        }
        if (node.isArray()) {
            var out = yaml.createArrayNode();
            node.forEach(n -> out.add(restore(n, tokens)));
            return out;
        }
        return node;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> l = new ArrayList<>();
        array.forEach(l::add);
        return l;
    }

    private static String fingerprint(String text, Map<String, ?> resolved) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(text.getBytes(StandardCharsets.UTF_8));
            // resolved values matter too: a rotated secret in the environment is a change
            md.update(String.valueOf(resolved).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
