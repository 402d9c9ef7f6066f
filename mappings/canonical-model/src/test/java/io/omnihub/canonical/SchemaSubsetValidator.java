package io.omnihub.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A minimal JSON Schema validator for exactly the keywords {@link CanonicalSchemaGenerator} emits (an
 * unknown keyword is an error, so the two cannot drift apart silently). Test code only; it exists so
 * that the tests can check that what Jackson actually writes conforms to the published schemas without
 * adding a validator dependency.
 *
 * <p>In strict mode a property that the schema does not declare is an error even though the published
 * schemas are open: it means Jackson writes a field that the schemas (and the record components) miss.
 */
final class SchemaSubsetValidator {

    private static final Set<String> KEYWORDS = Set.of("$schema", "$id", "$defs", "$ref", "title", "description",
            "type", "properties", "required", "additionalProperties", "items", "enum", "const", "pattern",
            "format", "minLength");

    private final JsonNode root;
    private final boolean strict;

    SchemaSubsetValidator(JsonNode root, boolean strict) {
        this.root = root;
        this.strict = strict;
    }

    /** Every violation as {@code /json/pointer: message}; empty when valid. */
    List<String> validate(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        check(root, instance, "", errors);
        return errors;
    }

    private void check(JsonNode schema, JsonNode value, String path, List<String> errors) {
        String at = path.isEmpty() ? "/" : path;
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYWORDS.contains(k)) {
                throw new IllegalArgumentException("keyword " + k + " at " + at + " is not supported by this validator");
            }
        }
        if (schema.has("$ref")) {
            check(resolve(schema.get("$ref").asText()), value, path, errors);
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            errors.add(at + ": must be " + schema.get("const") + " but is " + value);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("type") && !hasType(value, schema.get("type").asText())) {
            errors.add(at + ": must be " + schema.get("type").asText() + " but is " + value.getNodeType());
            return;
        }
        if (value.isTextual()) {
            String text = value.asText();
            if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
                errors.add(at + ": shorter than " + schema.get("minLength").asInt());
            }
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
                errors.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
            }
            if (schema.has("format") && "date-time".equals(schema.get("format").asText())) {
                try {
                    OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                } catch (DateTimeParseException e) {
                    errors.add(at + ": \"" + text + "\" is not an RFC 3339 date-time");
                }
            }
        }
        if (value.isObject()) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) {
                    if (!value.has(r.asText())) {
                        errors.add(at + ": required property " + r.asText() + " is missing");
                    }
                }
            }
            JsonNode props = schema.get("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String child = path + "/" + f.getKey();
                if (props != null && props.has(f.getKey())) {
                    check(props.get(f.getKey()), f.getValue(), child, errors);
                } else if (schema.has("additionalProperties")) {
                    check(schema.get("additionalProperties"), f.getValue(), child, errors);
                } else if (strict && props != null) {
                    errors.add(child + ": property not declared in the schema");
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                check(schema.get("items"), item, path + "/" + i++, errors);
            }
        }
    }

    private JsonNode resolve(String ref) {
        if (ref.equals("#")) {
            return root;
        }
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref are supported: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return target;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("unsupported type " + type);
        };
    }
}
