package io.omnihub.app.config;

import io.omnihub.routes.Destination;
import java.util.List;
import java.util.Map;

/**
 * The config folder as read at one moment: valid connectors and destinations, and every problem of
 * the files that are not valid (per file, so one bad file never hides or stops the others).
 */
public record ConfigSnapshot(List<ConnectorDefinition> connectors, List<DestinationDefinition> destinations,
                             Map<String, List<ConfigFileProblem>> problems,
                             List<io.omnihub.app.stock.StockPolicy> stockPolicies) {

    public ConfigSnapshot {
        connectors = List.copyOf(connectors);
        destinations = List.copyOf(destinations);
        problems = Map.copyOf(problems);
        stockPolicies = List.copyOf(stockPolicies);
    }

    /** A snapshot without a stock policy file. */
    public ConfigSnapshot(List<ConnectorDefinition> connectors, List<DestinationDefinition> destinations,
                          Map<String, List<ConfigFileProblem>> problems) {
        this(connectors, destinations, problems, List.of());
    }

    /** A valid destination file. */
    public record DestinationDefinition(String file, Destination destination, String fingerprint) {
    }
}
