package io.omnihub.app.stock;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code kind: StockPolicy} file: safety stock per SKU group (taken off the pool before any
 * channel) and rules per channel and SKU group; the first rule (in file order) that matches a
 * channel and a SKU applies, and with no matching rule a channel lists 100 % of what is available
 * from every location (the default policy, also used when there is no policy file).
 */
public record StockPolicy(String id, String file, List<SafetyStock> safetyStock, List<Rule> rules) {

    /** No file: every channel gets on hand minus reserved, per location. */
    public static final StockPolicy DEFAULT = new StockPolicy("default", null, List.of(), List.of());

    public StockPolicy {
        safetyStock = List.copyOf(safetyStock);
        rules = List.copyOf(rules);
    }

    /** The rule for a channel and SKU: the first that matches, else {@link Rule#DEFAULT}. */
    public Rule ruleFor(String connectorId, String sku) {
        for (Rule r : rules) {
            if (r.matches(connectorId, sku)) {
                return r;
            }
        }
        return Rule.DEFAULT;
    }

    /** Safety stock of a SKU (the first matching entry), 0 when none. */
    public long safetyStockFor(String sku) {
        for (SafetyStock s : safetyStock) {
            if (s.skus().matches(sku)) {
                return s.quantity();
            }
        }
        return 0;
    }

    /** Which SKUs an entry applies to: globs ({@code *}, {@code ?}) or exact SKUs. */
    public record SkuSelector(List<String> patterns) {

        public static final SkuSelector ALL = new SkuSelector(List.of("*"));

        public SkuSelector {
            patterns = List.copyOf(patterns);
        }

        public boolean matches(String sku) {
            for (String p : patterns) {
                if (glob(p).matcher(sku).matches()) {
                    return true;
                }
            }
            return false;
        }

        static Pattern glob(String p) {
            StringBuilder b = new StringBuilder();
            for (char c : p.toCharArray()) {
                if (c == '*') {
                    b.append(".*");
                } else if (c == '?') {
                    b.append('.');
                } else {
                    b.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(b.toString());
        }
    }

    /** Units kept back from every channel for a SKU group. */
    public record SafetyStock(SkuSelector skus, long quantity) {
    }

    /** Share of scarce stock: when ATP is at or below {@code whenAtOrBelow}, the channel gets {@code share} % instead of its percentage. */
    public record Quota(BigDecimal share, long whenAtOrBelow) {
    }

    /** Pause selling (list 0) when ATP falls below {@code below}; resume when it reaches {@code resumeAt} again. */
    public record Pause(long below, long resumeAt) {
    }

    /**
     * One rule. {@code channels} null means every channel; {@code locations} null means every location,
     * an empty set means none (the channel is not offered these SKUs at all).
     */
    public record Rule(int index, Set<String> channels, SkuSelector skus, BigDecimal percentage, long buffer, Long min,
                       Long max, Quota quota, Pause pause, Set<String> locations, boolean includeIncoming) {

        public static final Rule DEFAULT = new Rule(-1, null, SkuSelector.ALL, BigDecimal.valueOf(100), 0, null, null, null,
                null, null, false);

        public boolean matches(String connectorId, String sku) {
            return (channels == null || channels.contains(connectorId)) && skus.matches(sku);
        }

        public boolean feeds(String locationId) {
            return locations == null || locations.contains(locationId);
        }
    }
}
