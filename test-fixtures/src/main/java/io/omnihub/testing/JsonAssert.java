package io.omnihub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * Structural JSON equality that treats numbers by value ({@code 1} equals {@code 1.0}) but keeps
 * strings strict (so {@code "19.90"} is not {@code "19.9"}: money scale matters). Reports every
 * difference with its JSON path.
 */
public final class JsonAssert {

    private JsonAssert() {
    }

    public static void assertJsonEquals(JsonNode expected, JsonNode actual) {
        List<String> diffs = new ArrayList<>();
        diff("$", expected, actual, diffs);
        if (!diffs.isEmpty()) {
            throw new AssertionFailedError(diffs.size() + " difference(s):\n  " + String.join("\n  ", diffs),
                    expected.toPrettyString(), actual.toPrettyString());
        }
    }

    /** Every difference as {@code path: expected X but was Y}. */
    public static List<String> differences(JsonNode expected, JsonNode actual) {
        List<String> diffs = new ArrayList<>();
        diff("$", expected, actual, diffs);
        return diffs;
    }

    private static void diff(String path, JsonNode e, JsonNode a, List<String> out) {
        boolean eNull = e == null || e.isNull() || e.isMissingNode();
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        if (eNull || aNull) {
            if (eNull != aNull) {
                out.add(path + ": expected " + (eNull ? "null/absent" : e) + " but was " + (aNull ? "null/absent" : a));
            }
            return;
        }
        if (e.isNumber() && a.isNumber()) {
            if (e.decimalValue().compareTo(a.decimalValue()) != 0) {
                out.add(path + ": expected " + e + " but was " + a);
            }
            return;
        }
        if (e.getNodeType() != a.getNodeType()) {
            out.add(path + ": expected " + e.getNodeType() + " " + e + " but was " + a.getNodeType() + " " + a);
            return;
        }
        if (e.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = e.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> f = it.next();
                diff(path + "." + f.getKey(), f.getValue(), a.get(f.getKey()), out);
            }
            Iterator<String> names = a.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!e.has(n) && !a.get(n).isNull()) {
                    out.add(path + "." + n + ": unexpected field with value " + a.get(n));
                }
            }
        } else if (e.isArray()) {
            if (e.size() != a.size()) {
                out.add(path + ": expected " + e.size() + " elements but was " + a.size());
            }
            for (int i = 0; i < Math.min(e.size(), a.size()); i++) {
                diff(path + "[" + i + "]", e.get(i), a.get(i), out);
            }
        } else if (!e.equals(a)) {
            out.add(path + ": expected " + e + " but was " + a);
        }
    }
}
