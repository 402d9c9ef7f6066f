package io.omnihub.connector.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The hub's JSON conventions in one place: decimals are read as {@link BigDecimal} (never double),
 * times are written as ISO-8601 strings, nulls are omitted, unknown properties are ignored, and
 * inputs are bounded (nesting depth, string and document length) against JSON bombs.
 */
public final class Json {

    /** Deepest nesting accepted from a platform (real payloads stay below 15). */
    public static final int MAX_NESTING = 64;

    private static final ObjectMapper MAPPER = newMapper(16 * 1024 * 1024);

    private Json() {
    }

    /** The shared, configured mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A new mapper with the hub's conventions and a document length cap. */
    public static ObjectMapper newMapper(long maxDocumentLength) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING)
                        .maxStringLength(5_000_000)
                        .maxNumberLength(1000)
                        .maxDocumentLength(maxDocumentLength)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Text of a field, or null when missing or JSON null. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    /** Text at a JSON pointer such as {@code /customer/email}, or null. */
    public static String at(JsonNode node, String pointer) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.at(pointer);
        return v == null || v.isNull() || v.isMissingNode() ? null : v.asText();
    }

    /** A decimal field, read from a number or a decimal string; null when missing. */
    public static BigDecimal decimal(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null || t.isBlank()) {
            return null;
        }
        return new BigDecimal(t.trim());
    }

    /** An ISO-8601 time with offset (or Z) as an instant; null when missing. */
    public static Instant instant(JsonNode node, String field) {
        String t = text(node, field);
        if (t == null || t.isBlank()) {
            return null;
        }
        return parseInstant(t);
    }

    /** Parses ISO-8601 with an offset or Z. */
    public static Instant parseInstant(String t) {
        try {
            return OffsetDateTime.parse(t.trim()).toInstant();
        } catch (DateTimeParseException e) {
            return Instant.parse(t.trim());
        }
    }

    /** The UTC offset of an ISO-8601 time ({@code -05:00}), or null. */
    public static String offset(String isoTime) {
        if (isoTime == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(isoTime.trim()).getOffset().getId().replace("Z", "+00:00");
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
