package io.omnihub.app.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnihub.app.deadletter.DeadLetterAudit;
import io.omnihub.app.deadletter.DeadLetterException;
import io.omnihub.app.deadletter.DeadLetterFilter;
import io.omnihub.app.deadletter.DeadLetterService;
import io.omnihub.connector.support.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead-letter operations of the ops API (contract §7): list, inspect (masked unless
 * {@code ?unmasked=true}, which is audited), replay one, replay a filtered set, edit-and-replay one,
 * discard, and the audit trail. The actor recorded is the authenticated principal when there is one, else the
 * {@value #ACTOR_HEADER} request header, else {@code anonymous}. Errors are problem+json.
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
public class DeadLetterController {

    /** Names the operator when the API is not behind authentication. */
    public static final String ACTOR_HEADER = "X-Omnihub-Actor";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterController.class);
    private static final Set<String> BULK_FIELDS =
            Set.of("queue", "destination", "connector", "type", "subject", "since", "ids", "limit");

    private final DeadLetterService service;

    public DeadLetterController(DeadLetterService service) {
        this.service = service;
    }

    @GetMapping
    public Map<String, Object> list(@RequestParam(required = false) String queue,
                                    @RequestParam(required = false) String destination,
                                    @RequestParam(required = false) String connector,
                                    @RequestParam(required = false) String type,
                                    @RequestParam(required = false) String subject,
                                    @RequestParam(required = false) String since,
                                    @RequestParam(required = false) String limit) {
        DeadLetterService.Listing l = service.list(DeadLetterFilter.of(queue, destination, connector, type, subject,
                since, null, limit));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", l.items().size());
        out.put("limit", l.limit());
        out.put("truncated", l.truncated());
        out.put("items", l.items());
        return out;
    }

    @GetMapping("/audit")
    public List<DeadLetterAudit.Entry> audit(@RequestParam(required = false) String limit,
                                             @RequestParam(required = false) String action,
                                             @RequestParam(required = false) String queue,
                                             @RequestParam(required = false) String messageId) {
        int n;
        try {
            n = limit == null || limit.isBlank() ? DeadLetterFilter.DEFAULT_LIMIT : Integer.parseInt(limit.trim());
        } catch (NumberFormatException e) {
            throw new DeadLetterException(400, "limit must be a number");
        }
        return service.audit(n, blankToNull(action), blankToNull(queue), blankToNull(messageId));
    }

    @GetMapping("/{queue}/{id}")
    public Map<String, Object> inspect(@PathVariable String queue, @PathVariable String id,
                                       @RequestParam(required = false) String unmasked, HttpServletRequest request) {
        boolean reveal;
        if (unmasked == null || unmasked.isBlank() || unmasked.equalsIgnoreCase("false")) {
            reveal = false;
        } else if (unmasked.equalsIgnoreCase("true")) {
            reveal = true;
        } else {
            throw new DeadLetterException(400, "unmasked must be true or false");
        }
        return service.inspect(queue, id, reveal, actor(request));
    }

    @PostMapping("/{queue}/{id}/replay")
    public Map<String, Object> replay(@PathVariable String queue, @PathVariable String id, HttpServletRequest request) {
        return service.replay(queue, id, actor(request));
    }

    /**
     * Edit-and-replay: the corrected payload is the body (JSON); optional {@code If-Match} with the
     * message id or body SHA-256 the editor saw.
     */
    @PostMapping(path = "/{queue}/{id}/edit", consumes = "*/*")
    public Map<String, Object> edit(@PathVariable String queue, @PathVariable String id,
                                    @RequestBody(required = false) byte[] body,
                                    @org.springframework.web.bind.annotation.RequestHeader(value = "If-Match", required = false) String ifMatch,
                                    HttpServletRequest request) {
        return service.editAndReplay(queue, id, body, ifMatch, actor(request));
    }

    @PostMapping(path = "/replay", consumes = "*/*")
    public Map<String, Object> replayMatching(@RequestBody(required = false) byte[] body, HttpServletRequest request) {
        return service.replayMatching(bulkFilter(body), actor(request));
    }

    @DeleteMapping("/{queue}/{id}")
    public Map<String, Object> discard(@PathVariable String queue, @PathVariable String id, HttpServletRequest request) {
        return service.discard(queue, id, actor(request));
    }

    @ExceptionHandler(DeadLetterException.class)
    public ResponseEntity<Map<String, Object>> problem(DeadLetterException e) {
        if (e.status() >= 500) {
            LOG.warn("dead-letter operation failed: {}", e.getMessage());
        }
        return Problems.of(e.status(), title(e.status()), e.getMessage());
    }

    /** The JSON filter of a bulk replay: the list's criteria plus {@code ids}; unknown fields are refused. */
    static DeadLetterFilter bulkFilter(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new DeadLetterException(400, "body is not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new DeadLetterException(400, "expected a JSON object with the filter: queue, destination, connector, "
                    + "type, subject, since, ids, limit");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!BULK_FIELDS.contains(f)) {
                throw new DeadLetterException(400, "unknown filter field '" + f + "'; known: " + String.join(", ",
                        BULK_FIELDS.stream().sorted().toList()));
            }
        }
        List<String> ids = null;
        JsonNode idsNode = root.get("ids");
        if (idsNode != null && !idsNode.isNull()) {
            if (!idsNode.isArray()) {
                throw new DeadLetterException(400, "ids must be an array of message ids");
            }
            ids = new ArrayList<>();
            for (JsonNode n : idsNode) {
                if (!n.isTextual()) {
                    throw new DeadLetterException(400, "ids must be an array of message ids");
                }
                ids.add(n.asText());
            }
        }
        JsonNode limit = root.get("limit");
        return DeadLetterFilter.of(text(root, "queue"), text(root, "destination"), text(root, "connector"),
                text(root, "type"), text(root, "subject"), text(root, "since"), ids,
                limit == null || limit.isNull() ? null : limit.asText());
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw new DeadLetterException(400, field + " must be a string");
        }
        return n.asText();
    }

    /** The authenticated principal, else the {@value #ACTOR_HEADER} header, else {@code anonymous}. */
    static String actor(HttpServletRequest request) {
        Principal p = request.getUserPrincipal();
        if (p != null && p.getName() != null && !p.getName().isBlank()) {
            return clean(p.getName());
        }
        String h = request.getHeader(ACTOR_HEADER);
        if (h != null && !clean(h).isEmpty()) {
            return clean(h);
        }
        return "anonymous";
    }

    private static String clean(String s) {
        String c = s.replaceAll("\\p{Cntrl}", "").trim();
        return c.length() > 255 ? c.substring(0, 255) : c;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 422 -> "Unprocessable Content";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
