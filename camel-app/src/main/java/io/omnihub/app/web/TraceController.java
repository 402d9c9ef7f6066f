package io.omnihub.app.web;

import io.omnihub.app.trace.TraceHop;
import io.omnihub.app.trace.TraceRecorder;
import io.omnihub.app.trace.TraceStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The trace API (contract §7): every hop of one entity, by subject ({@code GET /api/v1/trace/{subject}},
 * the rest of the path, so subjects with {@code :} or {@code /} work, also URL-encoded) or found by
 * the platform's order number or a subject prefix ({@code GET /api/v1/trace?orderNumber=1001}).
 * Buffered hops are written before answering, so a hop just recorded is visible. Errors are problem+json.
 */
@RestController
@RequestMapping("/api/v1/trace")
public class TraceController {

    /** Most subjects one search returns. */
    static final int MAX_SUBJECTS = 50;
    /** Default and largest number of hops returned per subject (the newest ones). */
    static final int DEFAULT_HOPS = 1000;
    static final int MAX_HOPS = 5000;

    private final TraceRecorder recorder;
    private final TraceStore store;

    public TraceController(TraceRecorder recorder, org.springframework.jdbc.core.JdbcTemplate jdbc) {
        this.recorder = recorder;
        this.store = new TraceStore(jdbc);
    }

    @GetMapping("/{*subject}")
    public ResponseEntity<Map<String, Object>> trace(@PathVariable String subject,
                                                     @RequestParam(required = false) String limit) {
        String s = subject.startsWith("/") ? subject.substring(1) : subject;
        if (s.isBlank()) {
            return search(null, null, null, null);
        }
        if (s.length() > 512) {
            return Problems.of(400, "Bad Request", "a subject has at most 512 characters");
        }
        int max = limit(limit, DEFAULT_HOPS, MAX_HOPS, "limit");
        recorder.flush();
        Map<String, Object> view = view(s, max);
        if (((List<?>) view.get("hops")).isEmpty()) {
            return Problems.of(404, "Not Found", "nothing is known about '" + s + "' (never seen, or older than the "
                    + "trace retention)");
        }
        return ResponseEntity.ok(view);
    }

    @GetMapping
    public ResponseEntity<Map<String, Object>> search(@RequestParam(required = false) String orderNumber,
                                                      @RequestParam(required = false) String connector,
                                                      @RequestParam(required = false) String subject,
                                                      @RequestParam(required = false) String limit) {
        String number = blankToNull(orderNumber);
        String pattern = blankToNull(subject);
        if (number == null && pattern == null) {
            return Problems.of(400, "Bad Request", "give orderNumber (optionally with connector) or subject "
                    + "(exact, or a prefix ending in *)");
        }
        String prefix = null;
        String exact = null;
        if (pattern != null) {
            int star = pattern.indexOf('*');
            if (star >= 0 && star != pattern.length() - 1) {
                return Problems.of(400, "Bad Request", "subject: only a trailing * (prefix search) is supported");
            }
            if (star >= 0) {
                prefix = pattern.substring(0, star);
                if (prefix.isEmpty()) {
                    return Problems.of(400, "Bad Request", "subject: give at least one character before the *");
                }
            } else {
                exact = pattern;
            }
        }
        int max = limit(limit, MAX_SUBJECTS, MAX_SUBJECTS, "limit");
        recorder.flush();
        List<String> subjects = store.subjects(number, prefix, exact, blankToNull(connector), max + 1);
        boolean truncated = subjects.size() > max;
        List<Map<String, Object>> items = new ArrayList<>();
        for (String s : subjects.subList(0, Math.min(max, subjects.size()))) {
            items.add(view(s, DEFAULT_HOPS));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", items.size());
        out.put("truncated", truncated);
        out.put("items", items);
        return ResponseEntity.ok(out);
    }

    private Map<String, Object> view(String subject, int max) {
        List<Map<String, Object>> hops = new ArrayList<>();
        for (TraceHop h : store.hops(subject, max)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", h.at().toString());
            m.put("hop", h.hop().name());
            m.put("connector", h.connector());
            m.put("destination", h.destination());
            m.put("eventId", h.eventId());
            m.put("eventType", h.eventType());
            m.put("ref", h.ref());
            m.put("detail", h.detail());
            hops.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("subject", subject);
        out.put("orderNumbers", store.orderNumbers(subject));
        out.put("hops", hops);
        return out;
    }

    private static int limit(String text, int dflt, int max, String name) {
        if (text == null || text.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new TraceQueryException(name + " must be a number between 1 and " + max);
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(TraceQueryException.class)
    public ResponseEntity<Map<String, Object>> badQuery(TraceQueryException e) {
        return Problems.of(400, "Bad Request", e.getMessage());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** A query parameter the trace API cannot use (400). */
    static class TraceQueryException extends RuntimeException {
        TraceQueryException(String message) {
            super(message);
        }
    }
}
