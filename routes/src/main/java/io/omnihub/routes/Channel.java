package io.omnihub.routes;

import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorDescriptor;
import io.omnihub.connector.api.Flow;
import io.omnihub.connector.api.capability.ChangePoller;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.api.capability.FulfillmentSink;
import io.omnihub.connector.api.capability.StockSink;
import io.omnihub.connector.api.capability.WebhookReceiver;
import io.omnihub.connector.api.config.ConnectorConfig;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import java.util.Optional;

/**
 * One live channel: a connector file turned into a connector instance, its mapper and mapping
 * context. Route template instances look their channel up by id, so a reloaded file swaps the
 * instance without touching the routes' endpoints.
 */
public final class Channel {

    private final ConnectorConfig config;
    private final ConnectorDescriptor descriptor;
    private final Connector connector;
    private final ChannelMapper mapper;
    private final MappingContext mappingContext;
    private final String sourceFile;

    public Channel(ConnectorConfig config, ConnectorDescriptor descriptor, Connector connector, ChannelMapper mapper,
                   String sourceFile) {
        this.config = config;
        this.descriptor = descriptor;
        this.connector = connector;
        this.mapper = mapper;
        this.sourceFile = sourceFile;
        this.mappingContext = new MappingContext(config.id(), descriptor.platform(), config.map("mapping"));
    }

    public String id() {
        return config.id();
    }

    public String type() {
        return config.type();
    }

    public String platform() {
        return descriptor.platform();
    }

    public ConnectorConfig config() {
        return config;
    }

    public ConnectorDescriptor descriptor() {
        return descriptor;
    }

    public Connector connector() {
        return connector;
    }

    public ChannelMapper mapper() {
        return mapper;
    }

    public MappingContext mappingContext() {
        return mappingContext;
    }

    public String sourceFile() {
        return sourceFile;
    }

    /** Whether the flow is supported by the connector and switched on in the file (webhooks and stock default on). */
    public boolean flowEnabled(Flow flow) {
        if (!descriptor.flows().contains(flow)) {
            return false;
        }
        boolean defaultOn = flow == Flow.WEBHOOKS_IN || flow == Flow.STOCK_OUT || flow == Flow.FULFILLMENT_OUT;
        return config.flowEnabled(flow.key(), defaultOn);
    }

    public Optional<WebhookReceiver> webhooks() {
        return flowEnabled(Flow.WEBHOOKS_IN) ? connector.capability(WebhookReceiver.class) : Optional.empty();
    }

    public Optional<StockSink> stockSink() {
        return flowEnabled(Flow.STOCK_OUT) ? connector.capability(StockSink.class) : Optional.empty();
    }

    /** The shipment sink, when the connector has one and {@code spec.flows.fulfillments} is on (the default). */
    public Optional<FulfillmentSink> fulfillmentSink() {
        return flowEnabled(Flow.FULFILLMENT_OUT) ? connector.capability(FulfillmentSink.class) : Optional.empty();
    }

    public Optional<EntityFetcher> fetcher() {
        return connector.capability(EntityFetcher.class);
    }

    public Optional<ChangePoller> poller() {
        return connector.capability(ChangePoller.class);
    }

    @Override
    public String toString() {
        return "Channel[" + id() + ", " + type() + "]";
    }
}
