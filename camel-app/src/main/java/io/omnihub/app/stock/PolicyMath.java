package io.omnihub.app.stock;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stock policy formula for one channel, SKU and location, with every step recorded so the hub can
 * say why a channel lists what it lists (see docs/stock-policy.md):
 * <pre>
 * available = onHand - backOfficeReserved (+ incoming when the rule allows)
 * atp       = available - hub reservations (not yet counted by the back office) - safety stock
 * paused    = wasPaused ? atp &lt; pause.resumeAt : atp &lt; pause.below
 * share     = quota.share when atp &lt;= quota.whenAtOrBelow, else percentage
 * q         = floor(atp * share / 100) - buffer, capped at max, raised to min(min, atp), never below 0
 * listed    = paused ? 0 : q   (and 0 whenever atp &lt;= 0)
 * </pre>
 */
public final class PolicyMath {

    private PolicyMath() {
    }

    /** What goes into one computation. */
    public record Input(long onHand, long backOfficeReserved, long incoming, long reservations, long safetyStock,
                        StockPolicy.Rule rule, boolean wasPaused) {
    }

    /** The listed quantity, the new pause state and the steps that produced it. */
    public record Result(long quantity, boolean paused, long atp, Map<String, Object> steps) {
    }

    public static Result compute(Input in) {
        StockPolicy.Rule rule = in.rule();
        Map<String, Object> s = new LinkedHashMap<>();
        List<String> why = new ArrayList<>();
        s.put("onHand", in.onHand());
        s.put("backOfficeReserved", in.backOfficeReserved());
        long available = in.onHand() - in.backOfficeReserved();
        if (rule.includeIncoming()) {
            s.put("incoming", in.incoming());
            available += in.incoming();
        }
        s.put("hubReservations", in.reservations());
        s.put("safetyStock", in.safetyStock());
        long atp = available - in.reservations() - in.safetyStock();
        s.put("atp", atp);

        boolean paused = false;
        if (rule.pause() != null) {
            StockPolicy.Pause p = rule.pause();
            paused = in.wasPaused() ? atp < p.resumeAt() : atp < p.below();
            s.put("pause", Map.of("below", p.below(), "resumeAt", p.resumeAt(), "wasPaused", in.wasPaused(), "paused", paused));
        }
        long q;
        if (atp <= 0) {
            q = 0;
            why.add("nothing available to promise");
        } else {
            BigDecimal share = rule.percentage();
            if (rule.quota() != null && atp <= rule.quota().whenAtOrBelow()) {
                share = rule.quota().share();
                why.add("scarce (atp " + atp + " <= " + rule.quota().whenAtOrBelow() + "): quota share " + share.toPlainString() + "%");
                s.put("quotaApplied", true);
            }
            s.put("percentage", share.stripTrailingZeros().toPlainString());
            q = BigDecimal.valueOf(atp).multiply(share).divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
            s.put("afterPercentage", q);
            if (rule.buffer() != 0) {
                q -= rule.buffer();
                s.put("buffer", rule.buffer());
                s.put("afterBuffer", q);
            }
            if (rule.max() != null && q > rule.max()) {
                q = rule.max();
                why.add("capped at max " + rule.max());
                s.put("max", rule.max());
            }
            if (rule.min() != null) {
                long floor = Math.min(rule.min(), atp);
                if (q < floor) {
                    q = floor;
                    why.add("raised to min " + rule.min() + (floor < rule.min() ? " (limited to atp " + atp + ")" : ""));
                }
                s.put("min", rule.min());
            }
            if (q < 0) {
                q = 0;
            }
        }
        if (paused) {
            why.add("selling paused: atp " + atp + (in.wasPaused() ? " has not reached resumeAt " + rule.pause().resumeAt()
                    : " fell below " + rule.pause().below()));
            q = 0;
        }
        s.put("quantity", q);
        if (!why.isEmpty()) {
            s.put("notes", why);
        }
        return new Result(q, paused, atp, s);
    }
}
