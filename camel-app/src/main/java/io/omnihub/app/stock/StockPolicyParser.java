package io.omnihub.app.stock;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.config.ConfigFileProblem;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Validates the {@code spec} of a {@code kind: StockPolicy} file, reporting every problem with its field path. */
public final class StockPolicyParser {

    static final Set<String> SPEC_FIELDS = Set.of("description", "safetyStock", "rules");
    static final Set<String> RULE_FIELDS = Set.of("channels", "skus", "percentage", "buffer", "min", "max", "quota", "pause",
            "locations", "includeIncoming", "description");

    private StockPolicyParser() {
    }

    /** The policy, or null when there are problems (added to {@code problems}). */
    public static StockPolicy parse(String file, String id, JsonNode spec, List<ConfigFileProblem> problems) {
        int before = problems.size();
        unknown(file, "spec", spec, SPEC_FIELDS, problems);
        List<StockPolicy.SafetyStock> safety = new ArrayList<>();
        JsonNode ss = spec.get("safetyStock");
        if (ss != null && !ss.isNull()) {
            if (!ss.isArray()) {
                problems.add(new ConfigFileProblem(file, "spec.safetyStock", "must be a list of {skus, quantity}"));
            } else {
                for (int i = 0; i < ss.size(); i++) {
                    String path = "spec.safetyStock[" + i + "]";
                    JsonNode e = ss.get(i);
                    if (!e.isObject()) {
                        problems.add(new ConfigFileProblem(file, path, "must be a mapping with skus and quantity"));
                        continue;
                    }
                    unknown(file, path, e, Set.of("skus", "quantity"), problems);
                    StockPolicy.SkuSelector skus = skus(file, path + ".skus", e.get("skus"), problems);
                    Long q = whole(file, path + ".quantity", e.get("quantity"), 0, true, problems);
                    if (q == null) {
                        problems.add(new ConfigFileProblem(file, path + ".quantity", "required: whole units kept back"));
                    } else if (skus != null) {
                        safety.add(new StockPolicy.SafetyStock(skus, q));
                    }
                }
            }
        }
        List<StockPolicy.Rule> rules = new ArrayList<>();
        JsonNode rs = spec.get("rules");
        if (rs != null && !rs.isNull() && !rs.isArray()) {
            problems.add(new ConfigFileProblem(file, "spec.rules", "must be a list of rules"));
        } else if (rs != null) {
            for (int i = 0; i < rs.size(); i++) {
                StockPolicy.Rule r = rule(file, "spec.rules[" + i + "]", i, rs.get(i), problems);
                if (r != null) {
                    rules.add(r);
                }
            }
        }
        return problems.size() > before ? null : new StockPolicy(id, file, safety, rules);
    }

    private static StockPolicy.Rule rule(String file, String path, int index, JsonNode r, List<ConfigFileProblem> problems) {
        if (r == null || !r.isObject()) {
            problems.add(new ConfigFileProblem(file, path, "must be a mapping"));
            return null;
        }
        int before = problems.size();
        unknown(file, path, r, RULE_FIELDS, problems);
        Set<String> channels = null;
        JsonNode ch = r.get("channels");
        if (ch != null && !ch.isNull()) {
            List<String> l = strings(file, path + ".channels", ch, problems);
            if (l != null && !l.contains("*")) {
                channels = new LinkedHashSet<>(l);
            }
        }
        StockPolicy.SkuSelector skus = r.has("skus") ? skus(file, path + ".skus", r.get("skus"), problems) : StockPolicy.SkuSelector.ALL;
        BigDecimal percentage = BigDecimal.valueOf(100);
        JsonNode pc = r.get("percentage");
        if (pc != null && !pc.isNull()) {
            if (!pc.isNumber() || pc.decimalValue().signum() < 0 || pc.decimalValue().compareTo(BigDecimal.valueOf(100)) > 0) {
                problems.add(new ConfigFileProblem(file, path + ".percentage", "must be a number from 0 to 100 (fractions allowed)"));
            } else {
                percentage = pc.decimalValue();
            }
        }
        Long buffer = whole(file, path + ".buffer", r.get("buffer"), 0, true, problems);
        Long min = whole(file, path + ".min", r.get("min"), 0, true, problems);
        Long max = whole(file, path + ".max", r.get("max"), 0, true, problems);
        if (min != null && max != null && min > max) {
            problems.add(new ConfigFileProblem(file, path + ".min", "must not be greater than max (" + max + ")"));
        }
        StockPolicy.Quota quota = null;
        JsonNode q = r.get("quota");
        if (q != null && !q.isNull()) {
            if (!q.isObject()) {
                problems.add(new ConfigFileProblem(file, path + ".quota", "must be a mapping with share and whenAtOrBelow"));
            } else {
                unknown(file, path + ".quota", q, Set.of("share", "whenAtOrBelow"), problems);
                JsonNode share = q.get("share");
                Long when = whole(file, path + ".quota.whenAtOrBelow", q.get("whenAtOrBelow"), 0, true, problems);
                if (share == null || !share.isNumber() || share.decimalValue().signum() < 0
                        || share.decimalValue().compareTo(BigDecimal.valueOf(100)) > 0) {
                    problems.add(new ConfigFileProblem(file, path + ".quota.share", "required: a percentage from 0 to 100"));
                } else if (when == null) {
                    problems.add(new ConfigFileProblem(file, path + ".quota.whenAtOrBelow", "required: the ATP at or below which stock is scarce"));
                } else {
                    quota = new StockPolicy.Quota(share.decimalValue(), when);
                }
            }
        }
        StockPolicy.Pause pause = null;
        JsonNode p = r.get("pause");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) {
                problems.add(new ConfigFileProblem(file, path + ".pause", "must be a mapping with below and resumeAt"));
            } else {
                unknown(file, path + ".pause", p, Set.of("below", "resumeAt"), problems);
                Long below = whole(file, path + ".pause.below", p.get("below"), 0, true, problems);
                Long resume = whole(file, path + ".pause.resumeAt", p.get("resumeAt"), 0, true, problems);
                if (below == null) {
                    problems.add(new ConfigFileProblem(file, path + ".pause.below", "required: pause selling when ATP falls below this"));
                } else {
                    long ra = resume == null ? below : resume;
                    if (ra < below) {
                        problems.add(new ConfigFileProblem(file, path + ".pause.resumeAt", "must be at least below (" + below + ")"));
                    } else {
                        pause = new StockPolicy.Pause(below, ra);
                    }
                }
            }
        }
        Set<String> locations = null;
        JsonNode loc = r.get("locations");
        if (loc != null && !loc.isNull()) {
            List<String> l = strings(file, path + ".locations", loc, problems);
            if (l != null && !l.contains("*")) {
                locations = new LinkedHashSet<>(l);
            }
        }
        boolean incoming = false;
        JsonNode inc = r.get("includeIncoming");
        if (inc != null && !inc.isNull()) {
            if (!inc.isBoolean()) {
                problems.add(new ConfigFileProblem(file, path + ".includeIncoming", "must be true or false"));
            } else {
                incoming = inc.asBoolean();
            }
        }
        if (problems.size() > before || skus == null) {
            return null;
        }
        return new StockPolicy.Rule(index, channels, skus, percentage, buffer == null ? 0 : buffer, min, max, quota, pause,
                locations, incoming);
    }

    private static StockPolicy.SkuSelector skus(String file, String path, JsonNode n, List<ConfigFileProblem> problems) {
        if (n == null || n.isNull()) {
            problems.add(new ConfigFileProblem(file, path, "required: a SKU, a glob such as TSHIRT-* or a list of them"));
            return null;
        }
        List<String> l = strings(file, path, n, problems);
        if (l == null) {
            return null;
        }
        if (l.isEmpty()) {
            problems.add(new ConfigFileProblem(file, path, "must name at least one SKU or glob"));
            return null;
        }
        return new StockPolicy.SkuSelector(l);
    }

    private static List<String> strings(String file, String path, JsonNode n, List<ConfigFileProblem> problems) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                JsonNode e = n.get(i);
                if (!(e.isTextual() || e.isNumber()) || e.asText().isBlank()) {
                    problems.add(new ConfigFileProblem(file, path + "[" + i + "]", "must be a non-empty string"));
                    return null;
                }
                out.add(e.asText());
            }
        } else {
            problems.add(new ConfigFileProblem(file, path, "must be a string or a list of strings"));
            return null;
        }
        return out;
    }

    private static Long whole(String file, String path, JsonNode n, long min, boolean optional, List<ConfigFileProblem> problems) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min) {
            problems.add(new ConfigFileProblem(file, path, "must be a whole number of at least " + min));
            return null;
        }
        return n.asLong();
    }

    private static void unknown(String file, String path, JsonNode n, Set<String> allowed, List<ConfigFileProblem> problems) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                problems.add(new ConfigFileProblem(file, path + "." + f, "unknown field; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed))));
            }
        }
    }
}
