package io.omnihub.connector.api;

import io.omnihub.connector.api.config.ConfigOption;
import java.util.List;
import java.util.Set;

/**
 * What a provider offers: shown in docs, used to validate connector files and to decide which
 * route templates the runtime instantiates for a channel.
 *
 * @param type         the {@code spec.type} key
 * @param platform     canonical platform name used in {@code source.platform}, e.g. {@code SHOPIFY}
 * @param title        human title, e.g. {@code Shopify}
 * @param description  one paragraph for the docs
 * @param documentation link to the platform's API documentation
 * @param flows        flows the connector supports
 * @param options      every option the connector reads below {@code spec}; the single source of
 *                     truth for validation and the generated docs table
 */
public record ConnectorDescriptor(
        String type,
        String platform,
        String title,
        String description,
        String documentation,
        Set<Flow> flows,
        List<ConfigOption> options) {

    public ConnectorDescriptor {
        flows = Set.copyOf(flows);
        options = List.copyOf(options);
    }
}
