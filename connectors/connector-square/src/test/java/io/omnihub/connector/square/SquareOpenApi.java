package io.omnihub.connector.square;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.connector.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small validator for requests against Square's api.json (OpenAPI 3.0): the path template and
 * method exist, query parameters are declared (and their enums respected), and the JSON body fits
 * the request schema (known properties only, required ones present, types and enum values right).
 * Only local {@code #/components/...} refs are resolved; remote refs are never followed.
 */
final class SquareOpenApi {

    private final JsonNode root;

    SquareOpenApi(Path apiJson) throws IOException {
        this.root = Json.newMapper(64L * 1024 * 1024).readTree(Files.readAllBytes(apiJson));
    }

    /** Every problem with one request; empty when it conforms. */
    List<String> validate(String method, String path, Map<String, List<String>> query, JsonNode body) {
        List<String> problems = new ArrayList<>();
        String template = matchPath(path);
        if (template == null) {
            problems.add("no path in api.json matches " + path);
            return problems;
        }
        JsonNode op = root.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
        if (op.isMissingNode()) {
            problems.add(method + " " + template + " is not an operation in api.json");
            return problems;
        }
        String where = method + " " + template;
        for (Map.Entry<String, List<String>> q : query.entrySet()) {
            JsonNode param = null;
            for (JsonNode p : op.path("parameters")) {
                if ("query".equals(p.path("in").asText()) && q.getKey().equals(p.path("name").asText())) {
                    param = p;
                }
            }
            if (param == null) {
                problems.add(where + ": unknown query parameter " + q.getKey());
                continue;
            }
            JsonNode schema = resolve(param.path("schema"));
            for (String v : q.getValue()) {
                checkEnum(where + " ?" + q.getKey(), schema, v, problems);
                if ("integer".equals(schema.path("type").asText()) && !v.matches("-?\\d+")) {
                    problems.add(where + " ?" + q.getKey() + ": not an integer: " + v);
                }
            }
        }
        for (JsonNode p : op.path("parameters")) {
            if ("query".equals(p.path("in").asText()) && p.path("required").asBoolean()
                    && !query.containsKey(p.path("name").asText())) {
                problems.add(where + ": required query parameter " + p.path("name").asText() + " missing");
            }
        }
        JsonNode bodySchema = op.path("requestBody").path("content").path("application/json").path("schema");
        if (body != null && !body.isMissingNode()) {
            if (bodySchema.isMissingNode()) {
                problems.add(where + ": sends a body but the operation declares none");
            } else {
                checkValue(where + " body", resolve(bodySchema), body, problems);
            }
        } else if (op.path("requestBody").path("required").asBoolean()) {
            problems.add(where + ": required body missing");
        }
        return problems;
    }

    private String matchPath(String path) {
        Iterator<String> it = root.path("paths").fieldNames();
        String best = null;
        while (it.hasNext()) {
            String template = it.next();
            String regex = "^" + template.replaceAll("\\{[^/]+}", "[^/]+") + "$";
            if (path.matches(regex)) {
                // prefer literal segments over parameters (/v2/catalog/search vs /v2/catalog/{id})
                if (best == null || template.chars().filter(c -> c == '{').count() < best.chars().filter(c -> c == '{').count()) {
                    best = template;
                }
            }
        }
        return best;
    }

    JsonNode resolve(JsonNode schema) {
        int guard = 0;
        while (schema.has("$ref") && guard++ < 20) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                // remote refs are never followed (api.json has some inside examples only)
                return Json.mapper().createObjectNode();
            }
            schema = root.at(ref.substring(1));
        }
        return schema;
    }

    private void checkValue(String where, JsonNode schema, JsonNode value, List<String> problems) {
        if (value.isNull()) {
            return;
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    problems.add(where + ": expected object, got " + value.getNodeType());
                    return;
                }
                JsonNode props = schema.path("properties");
                for (JsonNode r : schema.path("required")) {
                    if (!value.has(r.asText())) {
                        problems.add(where + ": required field " + r.asText() + " missing");
                    }
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    if (!props.has(f.getKey())) {
                        if (!schema.has("additionalProperties")) {
                            problems.add(where + ": unknown field " + f.getKey());
                        }
                        continue;
                    }
                    checkValue(where + "." + f.getKey(), resolve(props.get(f.getKey())), f.getValue(), problems);
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected array, got " + value.getNodeType());
                    return;
                }
                JsonNode items = resolve(schema.path("items"));
                if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                    problems.add(where + ": more than " + schema.get("maxItems").asInt() + " items");
                }
                for (int i = 0; i < value.size(); i++) {
                    checkValue(where + "[" + i + "]", items, value.get(i), problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(where + ": expected string, got " + value.getNodeType());
                    return;
                }
                checkEnum(where, schema, value.asText(), problems);
                if (schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
                    problems.add(where + ": longer than " + schema.get("maxLength").asInt());
                }
                if (schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
                    problems.add(where + ": shorter than " + schema.get("minLength").asInt());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(where + ": expected integer, got " + value);
                } else {
                    if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
                        problems.add(where + ": above maximum " + schema.get("maximum"));
                    }
                    if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
                        problems.add(where + ": below minimum " + schema.get("minimum"));
                    }
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(where + ": expected boolean, got " + value);
                }
            }
            default -> {
                // untyped schema: anything goes
            }
        }
    }

    private static void checkEnum(String where, JsonNode schema, String value, List<String> problems) {
        JsonNode en = schema.path("enum");
        if (en.isArray() && en.size() > 0) {
            for (JsonNode e : en) {
                if (e.asText().equals(value)) {
                    return;
                }
            }
            problems.add(where + ": " + value + " is not one of " + en);
        }
    }
}
