package io.omnihub.app.stock;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stock policy formula, rule by rule and combined, with the edge cases of issue 5. */
class PolicyMathTest {

    static StockPolicy.Rule rule(String pct, long buffer, Long min, Long max, StockPolicy.Quota quota, StockPolicy.Pause pause,
                                 boolean incoming) {
        return new StockPolicy.Rule(0, null, StockPolicy.SkuSelector.ALL, new BigDecimal(pct), buffer, min, max, quota, pause, null,
                incoming);
    }

    static PolicyMath.Result calc(long onHand, long boReserved, long reservations, long safety, StockPolicy.Rule r) {
        return PolicyMath.compute(new PolicyMath.Input(onHand, boReserved, 0, reservations, safety, r, false));
    }

    @Test
    void defaultRuleListsOnHandMinusReserved() {
        assertThat(calc(12, 2, 0, 0, StockPolicy.Rule.DEFAULT).quantity()).isEqualTo(10);
        assertThat(calc(12, 2, 3, 0, StockPolicy.Rule.DEFAULT).quantity()).isEqualTo(7);
        assertThat(calc(12, 2, 3, 4, StockPolicy.Rule.DEFAULT).quantity()).isEqualTo(3);
    }

    @Test
    void zeroAndNegativeOnHandListZero() {
        assertThat(calc(0, 0, 0, 0, StockPolicy.Rule.DEFAULT).quantity()).isZero();
        PolicyMath.Result neg = calc(-5, 0, 0, 0, rule("100", 0, 3L, null, null, null, false));
        assertThat(neg.quantity()).as("min never lists stock that does not exist").isZero();
        assertThat(neg.atp()).isEqualTo(-5);
        assertThat(calc(3, 0, 5, 0, StockPolicy.Rule.DEFAULT).quantity()).as("more reserved than on hand").isZero();
    }

    @Test
    void fractionalPercentagesRoundDown() {
        assertThat(calc(10, 0, 0, 0, rule("33.3", 0, null, null, null, null, false)).quantity()).isEqualTo(3);
        assertThat(calc(3, 0, 0, 0, rule("50", 0, null, null, null, null, false)).quantity()).isEqualTo(1);
        assertThat(calc(1, 0, 0, 0, rule("99.99", 0, null, null, null, null, false)).quantity()).isZero();
        assertThat(calc(7, 0, 0, 0, rule("0", 0, null, null, null, null, false)).quantity()).isZero();
    }

    @Test
    void bufferIsTakenAfterThePercentageAndNeverGoesNegative() {
        assertThat(calc(10, 0, 0, 0, rule("80", 2, null, null, null, null, false)).quantity()).isEqualTo(6);
        assertThat(calc(2, 0, 0, 0, rule("100", 5, null, null, null, null, false)).quantity()).isZero();
    }

    @Test
    void maxCapsAndMinRaisesButNeverAboveAtp() {
        assertThat(calc(500, 0, 0, 0, rule("100", 0, null, 50L, null, null, false)).quantity()).isEqualTo(50);
        assertThat(calc(10, 0, 0, 0, rule("10", 0, 4L, null, null, null, false)).quantity()).isEqualTo(4);
        assertThat(calc(2, 0, 0, 0, rule("10", 0, 4L, null, null, null, false)).quantity()).as("min limited by atp").isEqualTo(2);
        assertThat(calc(10, 0, 0, 0, rule("100", 0, 3L, 3L, null, null, false)).quantity()).isEqualTo(3);
    }

    @Test
    void quotaReplacesThePercentageOnlyWhenStockIsScarce() {
        StockPolicy.Rule r = rule("100", 0, null, null, new StockPolicy.Quota(new BigDecimal("60"), 10), null, false);
        assertThat(calc(11, 0, 0, 0, r).quantity()).isEqualTo(11);
        assertThat(calc(10, 0, 0, 0, r).quantity()).isEqualTo(6);
        assertThat(calc(1, 0, 0, 0, r).quantity()).as("60% of 1 rounds down").isZero();
        assertThat(calc(10, 0, 0, 0, r).steps()).containsEntry("quotaApplied", true);
    }

    @Test
    void pauseHasHysteresis() {
        StockPolicy.Rule r = rule("100", 0, null, null, null, new StockPolicy.Pause(3, 6), false);
        PolicyMath.Result a = PolicyMath.compute(new PolicyMath.Input(5, 0, 0, 0, 0, r, false));
        assertThat(a.paused()).isFalse();
        assertThat(a.quantity()).isEqualTo(5);
        PolicyMath.Result b = PolicyMath.compute(new PolicyMath.Input(2, 0, 0, 0, 0, r, a.paused()));
        assertThat(b.paused()).isTrue();
        assertThat(b.quantity()).isZero();
        PolicyMath.Result c = PolicyMath.compute(new PolicyMath.Input(5, 0, 0, 0, 0, r, b.paused()));
        assertThat(c.paused()).as("5 is above 'below' but under 'resumeAt'").isTrue();
        assertThat(c.quantity()).isZero();
        PolicyMath.Result d = PolicyMath.compute(new PolicyMath.Input(6, 0, 0, 0, 0, r, c.paused()));
        assertThat(d.paused()).isFalse();
        assertThat(d.quantity()).isEqualTo(6);
        PolicyMath.Result e = PolicyMath.compute(new PolicyMath.Input(3, 0, 0, 0, 0, r, d.paused()));
        assertThat(e.paused()).as("3 is not below 3").isFalse();
        assertThat(e.quantity()).isEqualTo(3);
    }

    @Test
    void incomingCountsOnlyWhenTheRuleAllowsIt() {
        StockPolicy.Rule without = rule("100", 0, null, null, null, null, false);
        StockPolicy.Rule with = rule("100", 0, null, null, null, null, true);
        assertThat(PolicyMath.compute(new PolicyMath.Input(4, 1, 10, 0, 0, without, false)).quantity()).isEqualTo(3);
        assertThat(PolicyMath.compute(new PolicyMath.Input(4, 1, 10, 0, 0, with, false)).quantity()).isEqualTo(13);
        assertThat(PolicyMath.compute(new PolicyMath.Input(-2, 0, 10, 0, 0, with, false)).quantity()).isEqualTo(8);
    }

    @Test
    void everythingCombinedMatchesTheDocumentedWorkedExample() {
        // docs/stock-policy.md: onHand 120, back office reserved 8, hub reservations 5, safety 2, incoming 40 (not counted)
        // atp = 120 - 8 - 5 - 2 = 105; 75% -> 78.75 -> 78; buffer 3 -> 75; max 60 -> 60
        StockPolicy.Rule r = new StockPolicy.Rule(0, Set.of("shopify-eu"), new StockPolicy.SkuSelector(java.util.List.of("TSHIRT-*")),
                new BigDecimal("75"), 3, 1L, 60L, new StockPolicy.Quota(new BigDecimal("50"), 10), new StockPolicy.Pause(2, 5),
                null, false);
        PolicyMath.Result res = PolicyMath.compute(new PolicyMath.Input(120, 8, 40, 5, 2, r, false));
        assertThat(res.atp()).isEqualTo(105);
        assertThat(res.steps()).containsEntry("afterPercentage", 78L).containsEntry("afterBuffer", 75L);
        assertThat(res.quantity()).isEqualTo(60);
        // scarce: atp 9 -> quota 50% -> 4, buffer 3 -> 1, min 1 -> 1
        assertThat(PolicyMath.compute(new PolicyMath.Input(24, 8, 0, 5, 2, r, false)).quantity()).isEqualTo(1);
        // atp 1: below pause threshold 2 -> 0
        PolicyMath.Result paused = PolicyMath.compute(new PolicyMath.Input(16, 8, 0, 5, 2, r, false));
        assertThat(paused.paused()).isTrue();
        assertThat(paused.quantity()).isZero();
    }

    @Test
    void firstMatchingRuleWinsAndSkuGlobsMatch() {
        StockPolicy.Rule a = new StockPolicy.Rule(0, Set.of("amazon-de"), new StockPolicy.SkuSelector(java.util.List.of("TSHIRT-*")),
                new BigDecimal("50"), 0, null, null, null, null, null, false);
        StockPolicy.Rule b = new StockPolicy.Rule(1, null, new StockPolicy.SkuSelector(java.util.List.of("TSHIRT-?-M", "MUG")),
                new BigDecimal("80"), 0, null, null, null, null, Set.of(), false);
        StockPolicy p = new StockPolicy("p", "f.yaml", java.util.List.of(new StockPolicy.SafetyStock(
                new StockPolicy.SkuSelector(java.util.List.of("TSHIRT-*")), 2)), java.util.List.of(a, b));
        assertThat(p.ruleFor("amazon-de", "TSHIRT-R-M")).isSameAs(a);
        assertThat(p.ruleFor("shopify-eu", "TSHIRT-R-M")).isSameAs(b);
        assertThat(p.ruleFor("shopify-eu", "TSHIRT-RED-M")).isSameAs(StockPolicy.Rule.DEFAULT);
        assertThat(p.ruleFor("shopify-eu", "MUG")).isSameAs(b);
        assertThat(p.ruleFor("shopify-eu", "MUG-2")).isSameAs(StockPolicy.Rule.DEFAULT);
        assertThat(b.feeds("WH-1")).as("an empty location list feeds nothing").isFalse();
        assertThat(StockPolicy.Rule.DEFAULT.feeds("WH-1")).isTrue();
        assertThat(p.safetyStockFor("TSHIRT-X")).isEqualTo(2);
        assertThat(p.safetyStockFor("MUG")).isZero();
        assertThat(p.ruleFor("x", "A.B")).isSameAs(StockPolicy.Rule.DEFAULT);
        assertThat(new StockPolicy.SkuSelector(java.util.List.of("A.B")).matches("AXB")).as("dots are literal").isFalse();
    }
}
