package io.omnihub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The result table of one run, rendered for the console and written as Markdown and JSON. */
public final class Results {

    private final Map<String, Row> rows = new LinkedHashMap<>();
    private final Map<String, Object> info = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Instant started = Instant.now();

    Row row(String id, String workload, String metric, String unit) {
        return rows.computeIfAbsent(id, k -> new Row(id, workload, metric, unit));
    }

    void info(String key, Object value) {
        info.put(key, value);
    }

    /** A workload that threw: recorded, the run goes on, the table shows NO_DATA for its rows. */
    void problem(String text) {
        problems.add(text);
    }

    public Map<String, Row> rows() {
        return rows;
    }

    public List<String> problems() {
        return problems;
    }

    public Map<String, Object> info() {
        return info;
    }

    String consoleTable() {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"workload", "metric", "median", "spread (min–max)", "baseline", "ratio", "target", "result"});
        for (Row r : rows.values()) {
            lines.add(cells(r));
        }
        int[] w = new int[8];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                w[i] = Math.max(w[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int li = 0; li < lines.size(); li++) {
            String[] l = lines.get(li);
            for (int i = 0; i < l.length; i++) {
                sb.append(String.format("%-" + w[i] + "s", l[i]));
                sb.append(i < l.length - 1 ? " | " : "");
            }
            sb.append('\n');
            if (li == 0) {
                for (int i = 0; i < w.length; i++) {
                    sb.append("-".repeat(w[i])).append(i < w.length - 1 ? "-+-" : "");
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String[] cells(Row r) {
        String unit = r.unit.isEmpty() ? "" : " " + r.unit;
        String median = r.hasData() ? Row.fmt(r.median()) + unit : "no data";
        String spread = r.hasData() ? Row.fmt(r.min()) + "–" + Row.fmt(r.max()) + " (n=" + r.samples().size() + ")" : "";
        String base = r.baseline == null ? "—" : Row.fmt(r.baseline) + (r.baselineLabel.isEmpty() ? "" : " " + r.baselineLabel);
        Double ratio = r.ratio();
        return new String[] {r.workload, r.metric, median, spread, base, ratio == null ? "—" : Row.fmt(ratio), r.targetText(),
                r.verdict().name()};
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# OmniHub benchmark ").append(info.getOrDefault("mode", "")).append(" run, ")
                .append(DateTimeFormatter.ISO_INSTANT.format(started)).append("\n\n");
        sb.append("| workload | metric | median | spread (min–max) | baseline | ratio | target | result |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows.values()) {
            sb.append("| ").append(String.join(" | ", escape(cells(r)))).append(" |\n");
        }
        sb.append("\nNotes:\n\n");
        for (Row r : rows.values()) {
            if (!r.note.isEmpty()) {
                sb.append("- **").append(r.workload).append(" / ").append(r.metric).append("**: ").append(r.note).append('\n');
            }
        }
        if (!problems.isEmpty()) {
            sb.append("\nProblems during the run:\n\n");
            problems.forEach(p -> sb.append("- ").append(p).append('\n'));
        }
        sb.append("\nRun:\n\n");
        info.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    private static String[] escape(String[] cells) {
        String[] out = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            out[i] = cells[i].replace("|", "\\|");
        }
        return out;
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("started", started.toString());
        root.put("info", info);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.id);
            m.put("workload", r.workload);
            m.put("metric", r.metric);
            m.put("unit", r.unit);
            m.put("samples", r.samples());
            m.put("median", finite(r.median()));
            m.put("min", finite(r.min()));
            m.put("max", finite(r.max()));
            m.put("baseline", r.baseline);
            m.put("baselineLabel", r.baselineLabel);
            m.put("ratio", r.ratio());
            m.put("target", r.targetText());
            m.put("result", r.verdict().name());
            m.put("note", r.note);
            out.add(m);
        }
        root.put("rows", out);
        root.put("problems", problems);
        return root;
    }

    private static Double finite(double d) {
        return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    }

    /** Writes {@code <timestamp>.md} and {@code <timestamp>.json}; returns the Markdown path. */
    Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(started);
        Path md = dir.resolve(stamp + ".md");
        Files.writeString(md, markdown(), StandardCharsets.UTF_8);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve(stamp + ".json"), om.writeValueAsString(json()), StandardCharsets.UTF_8);
        return md;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("memoryMiB", totalMemoryMiB());
        m.put("loadAverageAtStart", String.format(java.util.Locale.ROOT, "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return m;
    }

    private static long totalMemoryMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
