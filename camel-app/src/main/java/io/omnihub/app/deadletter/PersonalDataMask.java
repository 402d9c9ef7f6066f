package io.omnihub.app.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Masks personal data in what the dead-letter API shows (contract §4 and §7): in a CloudEvent,
 * {@code data.customer.{email, phone, name}} and the {@code name, company, line1, line2, phone,
 * postalCode} of {@code data.billingAddress} / {@code data.shippingAddress} become {@code "***"} and
 * the containing object gets {@code "masked": true}; credentials in stored request headers, query
 * parameters and URL query strings are hidden too.
 */
public final class PersonalDataMask {

    public static final String MASK = "***";

    private static final List<String> CUSTOMER_FIELDS = List.of("email", "phone", "name");
    private static final List<String> ADDRESS_FIELDS = List.of("name", "company", "line1", "line2", "phone", "postalCode");
    private static final List<String> ADDRESSES = List.of("billingAddress", "shippingAddress");
    private static final List<String> SENSITIVE_HEADER_PARTS =
            List.of("auth", "token", "secret", "signature", "hmac", "cookie", "key", "password", "session");

    private PersonalDataMask() {
    }

    /** Masks a CloudEvent in place and returns it. */
    public static JsonNode cloudEvent(JsonNode event) {
        JsonNode data = event.path("data");
        if (data.isObject()) {
            maskFields(data.get("customer"), CUSTOMER_FIELDS);
            for (String a : ADDRESSES) {
                maskFields(data.get(a), ADDRESS_FIELDS);
            }
        }
        return event;
    }

    private static void maskFields(JsonNode node, List<String> fields) {
        if (node instanceof ObjectNode o) {
            for (String f : fields) {
                if (o.hasNonNull(f)) {
                    o.put(f, MASK);
                }
            }
            o.put("masked", true);
        }
    }

    /** True when a request header's value is a credential or signature that must not be shown. */
    public static boolean sensitiveHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return SENSITIVE_HEADER_PARTS.stream().anyMatch(n::contains);
    }

    /** A stored request header map ({@code name -> values}) with sensitive values replaced. */
    public static Map<String, Object> requestHeaders(Map<String, List<String>> headers) {
        Map<String, Object> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> out.put(k, sensitiveHeader(k) ? List.of(MASK) : v));
        return out;
    }

    /** A stored query parameter map with every value replaced (query strings may carry keys). */
    public static Map<String, Object> query(Map<String, List<String>> query) {
        Map<String, Object> out = new TreeMap<>();
        query.forEach((k, v) -> out.put(k, List.of(MASK)));
        return out;
    }

    /** A URL with its query string replaced. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            URI u = URI.create(url);
            return u.getRawQuery() == null ? url : url.substring(0, url.indexOf('?')) + "?" + MASK;
        } catch (IllegalArgumentException e) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q) + "?" + MASK;
        }
    }
}
