package io.omnihub.app.deadletter;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * Which dead letters an operation applies to. Every criterion is optional and they combine with AND;
 * {@code type} and {@code subject} match exactly, or by prefix when they end with {@code *}.
 *
 * @param queue       one dead-letter queue ({@code omnihub.dlq.*})
 * @param destination a destination id (its queue {@code omnihub.dlq.<id>})
 * @param connector   a connector id (raw dead letters of it, and canonical events it published)
 * @param type        CloudEvent type, e.g. {@code io.omnihub.order.upserted.v1}
 * @param subject     CloudEvent subject, e.g. {@code shopify-eu:order:450789469}
 * @param since       only dead letters that failed at or after this instant
 * @param ids         only these JMS message ids
 * @param limit       at most this many results
 */
public record DeadLetterFilter(String queue, String destination, String connector, String type, String subject,
                               Instant since, Set<String> ids, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public DeadLetterFilter {
        queue = blankToNull(queue);
        destination = blankToNull(destination);
        connector = blankToNull(connector);
        type = blankToNull(type);
        subject = blankToNull(subject);
        ids = ids == null || ids.isEmpty() ? null : Set.copyOf(ids);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DeadLetterException.badRequest("limit must be between 1 and " + MAX_LIMIT);
        }
    }

    /** Builds a filter from request parameters, answering 400 for a malformed {@code since} or {@code limit}. */
    public static DeadLetterFilter of(String queue, String destination, String connector, String type, String subject,
                                      String since, List<String> ids, String limit) {
        return new DeadLetterFilter(queue, destination, connector, type, subject, parseSince(since),
                ids == null ? null : Set.copyOf(ids), parseLimit(limit));
    }

    /** True when no criterion is set (bulk operations refuse that). */
    public boolean unrestricted() {
        return queue == null && destination == null && connector == null && type == null && subject == null
                && since == null && ids == null;
    }

    static boolean matches(String pattern, String value) {
        if (pattern == null) {
            return true;
        }
        if (value == null) {
            return false;
        }
        return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(value);
    }

    static Instant parseSince(String s) {
        s = blankToNull(s);
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw DeadLetterException.badRequest("since must be an ISO-8601 time with offset (2026-01-31T12:00:00Z) "
                        + "or a date (2026-01-31, read as UTC midnight): '" + s + "'");
            }
        }
    }

    static int parseLimit(String s) {
        s = blankToNull(s);
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw DeadLetterException.badRequest("limit must be a number between 1 and " + MAX_LIMIT + ": '" + s + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
