package io.omnihub.app.web;

import io.omnihub.app.config.ConfigFileProblem;
import io.omnihub.app.config.ConfigLoader;
import io.omnihub.app.stock.StockPolicy;
import io.omnihub.app.stock.StockPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Explains the stock pool: {@code GET /api/v1/stock/{sku}} shows per channel the number last pushed,
 * when, and the arithmetic; {@code POST /api/v1/stock/policy/dry-run} applies a StockPolicy file (YAML
 * body, validated like the config folder) to the current pool and shows what each channel would get
 * against what it has now, without pushing anything.
 */
@RestController
public class StockPoolController {

    private final StockPool pool;
    private final ConfigLoader loader;

    public StockPoolController(StockPool pool, ConfigLoader loader) {
        this.pool = pool;
        this.loader = loader;
    }

    @GetMapping("/api/v1/stock/{sku}")
    public ResponseEntity<?> explain(@PathVariable("sku") String sku) {
        Map<String, Object> e = pool.explain(sku);
        if (e == null) {
            return Problems.of(404, "Not Found", "the stock pool has no level or reservation for SKU '" + sku + "'");
        }
        return ResponseEntity.ok(e);
    }

    @PostMapping(path = "/api/v1/stock/policy/dry-run", consumes = "*/*")
    public ResponseEntity<?> dryRun(@RequestBody(required = false) byte[] body,
                                    @RequestParam(name = "limit", defaultValue = "1000") int limit) {
        if (body == null || body.length == 0) {
            return Problems.of(400, "Bad Request", "send a kind: StockPolicy YAML file as the body");
        }
        List<ConfigFileProblem> problems = new ArrayList<>();
        Object def;
        Path tmp = null;
        try {
            tmp = Files.createTempFile("omnihub-policy", ".yaml");
            Files.write(tmp, body);
            def = loader.validateFile(tmp, "dry-run.yaml", problems);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // temp file
                }
            }
        }
        if (problems.isEmpty() && !(def instanceof StockPolicy)) {
            problems.add(new ConfigFileProblem("dry-run.yaml", "kind", "must be StockPolicy"));
        }
        if (!problems.isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("type", "about:blank");
            out.put("title", "Unprocessable Entity");
            out.put("status", 422);
            out.put("detail", "the policy file has " + problems.size() + " problem(s)");
            out.put("problems", problems.stream().map(ConfigFileProblem::toString).toList());
            return ResponseEntity.status(422).header("Content-Type", "application/problem+json").body(out);
        }
        return ResponseEntity.ok(pool.dryRun((StockPolicy) def, Math.max(1, Math.min(limit, 100_000))));
    }
}
