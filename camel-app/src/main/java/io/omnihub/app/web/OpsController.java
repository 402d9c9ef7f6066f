package io.omnihub.app.web;

import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.config.ConfigFileProblem;
import io.omnihub.app.health.HubStatus;
import io.omnihub.app.registry.HubRuntime;
import io.omnihub.connector.api.CheckResult;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.connector.api.Flow;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operations API (contract §7): connectors, destinations, config problems and connector types.
 * Never returns secret values.
 */
@RestController
public class OpsController {

    private final HubRuntime runtime;
    private final HubStatus status;
    private final BrokerAdmin broker;

    public OpsController(HubRuntime runtime, HubStatus status, BrokerAdmin broker) {
        this.runtime = runtime;
        this.status = status;
        this.broker = broker;
    }

    @GetMapping("/api/v1/connectors")
    public List<Map<String, Object>> connectors() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Channel c : runtime.channels()) {
            HubStatus.Stats s = status.connector(c.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("type", c.type());
            m.put("platform", c.platform());
            m.put("file", c.sourceFile());
            m.put("enabled", true);
            m.put("status", runtime.problems().containsKey(c.sourceFile()) ? "RUNNING_LAST_VALID_CONFIG" : "RUNNING");
            List<String> flows = new ArrayList<>();
            for (Flow f : Flow.values()) {
                if (c.flowEnabled(f)) {
                    flows.add(f.key());
                }
            }
            m.put("flows", flows);
            m.put("lastSuccess", s.lastSuccess());
            m.put("lastPush", s.lastPush());
            m.put("lastError", s.lastError());
            m.put("counts", s.counts());
            m.put("backlog", broker.depth(Addresses.raw(c.id())));
            if (c.stockSink().isPresent()) {
                m.put("stockBacklog", broker.depth(Addresses.stockPush(c.id())));
            }
            if (c.fulfillmentSink().isPresent()) {
                m.put("fulfillmentBacklog", broker.depth(Addresses.fulfillmentPush(c.id())));
                m.put("fulfillmentDeadLetters", broker.depth(Addresses.fulfillmentDlq(c.id())));
            }
            m.put("deadLetters", broker.depth(Addresses.rawDlq(c.id())));
            m.put("problems", problems(c.sourceFile()));
            out.add(m);
        }
        runtime.disabledConnectors().values().forEach(d -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("type", d.config().type());
            m.put("file", d.file());
            m.put("enabled", false);
            m.put("status", "DISABLED");
            out.add(m);
        });
        return out;
    }

    @PostMapping("/api/v1/connectors/{id}/check")
    public Map<String, Object> check(@org.springframework.web.bind.annotation.PathVariable String id) {
        Channel c = runtime.channel(id).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                org.springframework.http.HttpStatus.NOT_FOUND, "no connector " + id));
        CheckResult r = c.connector().check();
        status.onChecked(id, r);
        return Map.of("id", id, "up", r.up(), "message", r.message());
    }

    @GetMapping("/api/v1/destinations")
    public List<Map<String, Object>> destinations() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Destination d : runtime.destinations()) {
            HubStatus.Stats s = status.destination(d.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("type", d.type());
            m.put("url", d.url());
            m.put("subscribe", d.subscribedSorted());
            m.put("file", d.sourceFile());
            m.put("lastSuccess", s.lastSuccess());
            m.put("lastError", s.lastError());
            m.put("counts", s.counts());
            Map<String, Long> backlog = new LinkedHashMap<>();
            for (String e : d.subscribedSorted()) {
                backlog.put(e, broker.depth(Addresses.destinationQueue(d.id(), e)));
            }
            m.put("backlog", backlog);
            m.put("deadLetters", broker.depth(Addresses.destinationDlq(d.id())));
            m.put("problems", problems(d.sourceFile()));
            out.add(m);
        }
        return out;
    }

    @GetMapping("/api/v1/config/problems")
    public Map<String, List<String>> configProblems() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        runtime.problems().forEach((file, ps) -> out.put(file, ps.stream().map(ConfigFileProblem::toString).toList()));
        return out;
    }

    @GetMapping("/api/v1/connector-types")
    public List<Map<String, Object>> types() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ConnectorProvider p : runtime.providers().values()) {
            var d = p.descriptor();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", d.type());
            m.put("title", d.title());
            m.put("platform", d.platform());
            m.put("flows", d.flows().stream().map(Flow::key).sorted().toList());
            m.put("documentation", d.documentation());
            out.add(m);
        }
        return out;
    }

    private List<String> problems(String file) {
        return runtime.problems().getOrDefault(file, List.of()).stream().map(ConfigFileProblem::toString).toList();
    }
}
