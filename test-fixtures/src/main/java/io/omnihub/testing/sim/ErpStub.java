package io.omnihub.testing.sim;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omnihub.connector.support.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A back-office (ERP) HTTP endpoint on WireMock that receives the hub's CloudEvents at
 * {@code POST /events}: answers 200, or the failures a test scripts, and records what arrived.
 */
public final class ErpStub implements AutoCloseable {

    private final WireMockServer server;

    private ErpStub(WireMockServer server) {
        this.server = server;
    }

    public static ErpStub start() {
        WireMockServer s = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        s.start();
        ErpStub stub = new ErpStub(s);
        stub.healthy();
        return stub;
    }

    /** The URL to put in a destination's {@code spec.http.url}. */
    public String url() {
        return server.baseUrl() + "/events";
    }

    public WireMockServer server() {
        return server;
    }

    /** Every request answered 200 from now on. */
    public void healthy() {
        server.resetMappings();
        server.stubFor(post(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(200)));
    }

    /** Every request answered with {@code status} from now on. */
    public void failAll(int status) {
        server.resetMappings();
        server.stubFor(post(urlPathEqualTo("/events")).willReturn(aResponse().withStatus(status)));
    }

    /** The next {@code times} requests answered {@code status} (with Retry-After when given), then 200. */
    public void failNext(int status, int times, String retryAfter) {
        server.resetMappings();
        String state = Scenario.STARTED;
        for (int i = 0; i < times; i++) {
            String next = "after-" + (i + 1);
            var resp = aResponse().withStatus(status);
            if (retryAfter != null) {
                resp = resp.withHeader("Retry-After", retryAfter);
            }
            server.stubFor(post(urlPathEqualTo("/events")).inScenario("fail").whenScenarioStateIs(state)
                    .willReturn(resp).willSetStateTo(next));
            state = next;
        }
        server.stubFor(post(urlPathEqualTo("/events")).inScenario("fail").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200)));
    }

    /** Bodies of the requests answered 2xx, in arrival order. */
    public List<JsonNode> delivered() {
        List<JsonNode> out = new ArrayList<>();
        server.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() / 100 == 2)
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .forEach(e -> out.add(parse(e.getRequest())));
        return out;
    }

    /** All requests received, including the ones answered with an error. */
    public List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/events")));
    }

    public void clear() {
        server.resetRequests();
    }

    private static JsonNode parse(LoggedRequest r) {
        try {
            return Json.mapper().readTree(r.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
