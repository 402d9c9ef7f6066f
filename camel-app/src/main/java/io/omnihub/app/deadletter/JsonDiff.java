package io.omnihub.app.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The JSON Pointer paths (RFC 6901) where two JSON documents differ: changed, added and removed
 * values, never the values themselves (the audit of an edit must not copy personal data). Objects are
 * compared by field, arrays by index; a value whose type changed is one path. The root is {@code ""}.
 */
public final class JsonDiff {

    private JsonDiff() {
    }

    /** Changed paths in document order (fields of an object sorted by name). */
    public static List<String> changedPaths(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String path, JsonNode a, JsonNode b, List<String> out) {
        if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
            if (!(isAbsent(a) && isAbsent(b))) {
                out.add(path);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(path + "/" + escape(name), a.get(name), b.get(name), out);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            int n = Math.max(a.size(), b.size());
            for (int i = 0; i < n; i++) {
                diff(path + "/" + i, a.get(i), b.get(i), out);
            }
            return;
        }
        if (!sameValue(a, b)) {
            out.add(path);
        }
    }

    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isMissingNode();
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** The first {@code max} paths joined with ", ", with "(+N more)" when cut; {@code (whole body)} for the root. */
    public static String summary(List<String> paths, int max) {
        if (paths.isEmpty()) {
            return "nothing";
        }
        StringBuilder sb = new StringBuilder();
        Iterator<String> it = paths.iterator();
        int shown = 0;
        while (it.hasNext() && shown < max) {
            String p = it.next();
            if (shown > 0) {
                sb.append(", ");
            }
            sb.append(p.isEmpty() ? "(whole body)" : p);
            shown++;
        }
        if (paths.size() > max) {
            sb.append(" (+").append(paths.size() - max).append(" more)");
        }
        return sb.toString();
    }
}
