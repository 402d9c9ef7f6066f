package io.omnihub.app.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Error answers as RFC 9457 problem details ({@code application/problem+json}). */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.parseMediaType("application/problem+json");

    private Problems() {
    }

    public static ResponseEntity<Map<String, Object>> of(int status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(body);
    }
}
