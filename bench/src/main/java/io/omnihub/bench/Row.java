package io.omnihub.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * One line of the result table: a metric measured once per repetition (median and min–max spread),
 * optionally a baseline from the same run and the ratio to it, and the target it is judged against.
 */
public final class Row {

    /** Outcome of judging a row against its target. */
    public enum Verdict { PASS, FAIL, INFO, NO_DATA }

    /** A bound on the median ({@code onRatio = false}) or on the ratio to the baseline. */
    public record Target(String text, boolean atLeast, double value, boolean onRatio) {

        static Target atLeast(double v, String unit) {
            return new Target("≥ " + Row.fmt(v) + unit, true, v, false);
        }

        static Target atMost(double v, String unit) {
            return new Target("≤ " + Row.fmt(v) + unit, false, v, false);
        }

        static Target ratioAtLeast(double v) {
            return new Target("ratio ≥ " + Row.fmt(v), true, v, true);
        }

        static Target ratioAtMost(double v) {
            return new Target("ratio ≤ " + Row.fmt(v), false, v, true);
        }

        boolean met(double median, Double ratio) {
            double x = onRatio ? (ratio == null ? Double.NaN : ratio) : median;
            if (Double.isNaN(x)) {
                return false;
            }
            return atLeast ? x >= value : x <= value;
        }
    }

    final String id;
    final String workload;
    final String metric;
    final String unit;
    final List<Double> samples = new ArrayList<>();
    Double baseline;
    String baselineLabel = "";
    /** When set, the ratio is median / baseline (or baseline / median when {@code inverse}). */
    boolean inverse;
    final List<Target> targets = new ArrayList<>();
    String note = "";

    Row(String id, String workload, String metric, String unit) {
        this.id = id;
        this.workload = workload;
        this.metric = metric;
        this.unit = unit;
    }

    Row add(double v) {
        samples.add(v);
        return this;
    }

    Row addAll(List<Double> vs) {
        samples.addAll(vs);
        return this;
    }

    Row baseline(double v, String label) {
        this.baseline = v;
        this.baselineLabel = label;
        return this;
    }

    Row target(Target t) {
        targets.add(t);
        return this;
    }

    Row note(String n) {
        this.note = n;
        return this;
    }

    public String id() {
        return id;
    }

    public List<Double> samples() {
        return Collections.unmodifiableList(samples);
    }

    public boolean hasData() {
        return samples.stream().anyMatch(d -> d != null && !d.isNaN() && !d.isInfinite());
    }

    public double median() {
        List<Double> s = samples.stream().filter(d -> d != null && !d.isNaN()).sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    public double min() {
        return samples.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(d -> d).min().orElse(Double.NaN);
    }

    public double max() {
        return samples.stream().filter(d -> d != null && !d.isNaN()).mapToDouble(d -> d).max().orElse(Double.NaN);
    }

    public Double ratio() {
        if (baseline == null || baseline == 0 || !hasData()) {
            return null;
        }
        return inverse ? baseline / median() : median() / baseline;
    }

    public Verdict verdict() {
        if (!hasData()) {
            return Verdict.NO_DATA;
        }
        if (targets.isEmpty()) {
            return Verdict.INFO;
        }
        double m = median();
        Double r = ratio();
        return targets.stream().allMatch(t -> t.met(m, r)) ? Verdict.PASS : Verdict.FAIL;
    }

    public String targetText() {
        return targets.isEmpty() ? "—" : String.join(" and ", targets.stream().map(Target::text).toList());
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return "∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        if (a >= 0.001) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }
}
