package io.omnihub.app.registry;

import io.omnihub.app.broker.BrokerAdmin;
import io.omnihub.app.config.ConfigFileProblem;
import io.omnihub.app.config.ConfigLoader;
import io.omnihub.app.config.ConfigSnapshot;
import io.omnihub.app.config.ConnectorDefinition;
import io.omnihub.connector.api.Connector;
import io.omnihub.connector.api.ConnectorContext;
import io.omnihub.connector.api.ConnectorProvider;
import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.routes.Addresses;
import io.omnihub.routes.Channel;
import io.omnihub.routes.Destination;
import io.omnihub.routes.HubRegistry;
import io.omnihub.routes.stock.StockPushWorker;
import io.omnihub.routes.template.RouteManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live set of channels and destinations, kept equal to the config folder: {@link #reload()}
 * reads the folder and adds, replaces or removes connector instances, broker queues and route
 * instances for what changed. A file that turns invalid keeps its last valid version running and its
 * problems are reported; a removed file stops its channel or destination.
 */
public class HubRuntime implements HubRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HubRuntime.class);

    private final Path configDir;
    private final ConfigLoader loader;
    private final Map<String, ConnectorProvider> providers;
    private final Map<String, ChannelMapper> mappers;
    private final ConnectorContext context;
    private volatile java.util.function.BiFunction<String, ConnectorContext, ConnectorContext> perConnector = (id, c) -> c;
    private final RouteManager routes;
    private final BrokerAdmin broker;
    private final StockPushWorker pushWorker;

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final Map<String, String> channelFingerprints = new ConcurrentHashMap<>();
    private final Map<String, Destination> destinations = new ConcurrentHashMap<>();
    private final Map<String, String> destinationFingerprints = new ConcurrentHashMap<>();
    private volatile Map<String, List<ConfigFileProblem>> problems = Map.of();
    private volatile Map<String, ConnectorDefinition> disabled = Map.of();
    private volatile boolean loaded;
    private volatile io.omnihub.app.stock.StockPolicy stockPolicy = io.omnihub.app.stock.StockPolicy.DEFAULT;
    private final List<java.util.function.Consumer<io.omnihub.app.stock.StockPolicy>> policyListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public HubRuntime(Path configDir, ConfigLoader loader, Map<String, ConnectorProvider> providers,
                      Map<String, ChannelMapper> mappers, ConnectorContext context, RouteManager routes,
                      BrokerAdmin broker, StockPushWorker pushWorker) {
        this.configDir = configDir;
        this.loader = loader;
        this.providers = providers;
        this.mappers = mappers;
        this.context = context;
        this.routes = routes;
        this.broker = broker;
        this.pushWorker = pushWorker;
    }

    /** Reads the config folder and applies every difference. Never throws for a bad file. */
    /** Wraps the context each connector gets (e.g. an HTTP client that measures the platform calls per connector). */
    public void contextPerConnector(java.util.function.BiFunction<String, ConnectorContext, ConnectorContext> f) {
        this.perConnector = f;
    }

    public synchronized void reload() {
        ConfigSnapshot snapshot = loader.load(configDir);
        Map<String, List<ConfigFileProblem>> newProblems = new LinkedHashMap<>(snapshot.problems());
        Map<String, ConnectorDefinition> newDisabled = new LinkedHashMap<>();
        java.util.Set<String> filesWithProblems = newProblems.keySet();

        // connectors
        Map<String, ConnectorDefinition> wanted = new LinkedHashMap<>();
        for (ConnectorDefinition def : snapshot.connectors()) {
            if (def.enabled()) {
                wanted.put(def.id(), def);
            } else {
                newDisabled.put(def.id(), def);
            }
        }
        for (String id : new ArrayList<>(channels.keySet())) {
            Channel current = channels.get(id);
            boolean keepLastGood = !wanted.containsKey(id) && filesWithProblems.contains(current.sourceFile());
            if (!wanted.containsKey(id) && !keepLastGood) {
                stopChannel(id, "its file was removed or disabled");
            }
        }
        for (ConnectorDefinition def : wanted.values()) {
            if (def.fingerprint().equals(channelFingerprints.get(def.id()))) {
                continue;
            }
            try {
                startChannel(def);
            } catch (RuntimeException e) {
                LOG.warn("connector {} from {} could not start: {}", def.id(), def.file(), e.toString());
                newProblems.computeIfAbsent(def.file(), f -> new ArrayList<>())
                        .add(new ConfigFileProblem(def.file(), "spec", "connector could not start: " + e.getMessage()));
            }
        }

        // destinations
        Map<String, ConfigSnapshot.DestinationDefinition> wantedDest = new LinkedHashMap<>();
        snapshot.destinations().forEach(d -> wantedDest.put(d.destination().id(), d));
        for (String id : new ArrayList<>(destinations.keySet())) {
            Destination current = destinations.get(id);
            if (!wantedDest.containsKey(id) && !filesWithProblems.contains(current.sourceFile())) {
                destinations.remove(id); // first: a delivery retrying to it sees this and stops (DeliveryAbortedException)
                routes.removeDestination(id);
                destinationFingerprints.remove(id);
                LOG.info("destination {} stopped: its file was removed", id);
            }
        }
        for (ConfigSnapshot.DestinationDefinition def : wantedDest.values()) {
            String id = def.destination().id();
            if (def.fingerprint().equals(destinationFingerprints.get(id))) {
                continue;
            }
            try {
                for (String entity : def.destination().subscribe()) {
                    broker.ensureDestinationQueue(id, entity);
                }
                broker.ensureQueue(Addresses.destinationDlq(id));
                destinations.put(id, def.destination());
                routes.addDestination(def.destination());
                destinationFingerprints.put(id, def.fingerprint());
            } catch (RuntimeException e) {
                LOG.warn("destination {} from {} could not start: {}", id, def.file(), e.toString());
                newProblems.computeIfAbsent(def.file(), f -> new ArrayList<>())
                        .add(new ConfigFileProblem(def.file(), "spec", "destination could not start: " + e.getMessage()));
            }
        }
        if (!newProblems.equals(problems)) {
            for (List<ConfigFileProblem> ps : newProblems.values()) {
                ps.forEach(p -> LOG.warn("config problem: {}", p));
            }
            if (newProblems.isEmpty() && !problems.isEmpty()) {
                LOG.info("config folder has no problems any more");
            }
        }
        problems = newProblems;
        disabled = newDisabled;
        loaded = true;
        applyStockPolicy(snapshot, filesWithProblems);
    }

    /** The StockPolicy file in force; a file that turned invalid keeps its last valid version; no file means the default. */
    private void applyStockPolicy(ConfigSnapshot snapshot, java.util.Set<String> filesWithProblems) {
        io.omnihub.app.stock.StockPolicy current = stockPolicy;
        io.omnihub.app.stock.StockPolicy next;
        if (!snapshot.stockPolicies().isEmpty()) {
            next = snapshot.stockPolicies().get(0);
        } else if (current.file() != null && filesWithProblems.contains(current.file())) {
            next = current;
        } else {
            next = io.omnihub.app.stock.StockPolicy.DEFAULT;
        }
        if (!next.equals(current)) {
            stockPolicy = next;
            LOG.info("stock policy {} in force{}", next.id(), next.file() == null ? " (no StockPolicy file)" : " from " + next.file());
            for (var l : policyListeners) {
                try {
                    l.accept(next);
                } catch (RuntimeException e) {
                    LOG.warn("stock policy listener failed: {}", e.toString());
                }
            }
        }
    }

    /** The stock policy in force. */
    public io.omnihub.app.stock.StockPolicy stockPolicy() {
        return stockPolicy;
    }

    /** Called with the new policy whenever the StockPolicy file changes. */
    public void onStockPolicyChange(java.util.function.Consumer<io.omnihub.app.stock.StockPolicy> listener) {
        policyListeners.add(listener);
    }

    private void startChannel(ConnectorDefinition def) {
        ConnectorProvider provider = providers.get(def.config().type());
        ChannelMapper mapper = mappers.get(def.config().type());
        if (mapper == null) {
            throw new IllegalStateException("no mapping installed for connector type '" + def.config().type() + "'");
        }
        Connector connector = provider.create(def.config(), perConnector.apply(def.id(), context));
        Channel channel = new Channel(def.config(), provider.descriptor(), connector, mapper, def.file());
        broker.ensureQueue(Addresses.raw(def.id()));
        broker.ensureQueue(Addresses.rawDlq(def.id()));
        if (channel.stockSink().isPresent()) {
            broker.ensureLastValueQueue(Addresses.stockPush(def.id()));
        }
        if (channel.fulfillmentSink().isPresent()) {
            broker.ensureQueue(Addresses.fulfillmentPush(def.id()));
            broker.ensureQueue(Addresses.fulfillmentDlq(def.id()));
        }
        Channel previous = channels.put(def.id(), channel);
        channelFingerprints.put(def.id(), def.fingerprint());
        routes.addChannel(channel);
        if (previous != null) {
            pushWorker.close(def.id());
            closeQuietly(previous.connector());
            LOG.info("connector {} reloaded from {}", def.id(), def.file());
        } else {
            LOG.info("connector {} ({}) started from {}", def.id(), def.config().type(), def.file());
        }
    }

    private void stopChannel(String id, String why) {
        Channel c = channels.remove(id); // first: new webhooks get 404 instead of finding no route
        routes.removeChannel(id);
        pushWorker.close(id);
        channelFingerprints.remove(id);
        if (c != null) {
            closeQuietly(c.connector());
        }
        LOG.info("connector {} stopped: {}", id, why);
    }

    /** Stops every channel (shutdown). */
    public synchronized void shutdown() {
        for (String id : new ArrayList<>(channels.keySet())) {
            Channel c = channels.remove(id);
            if (c != null) {
                closeQuietly(c.connector());
            }
        }
    }

    private static void closeQuietly(Connector c) {
        try {
            c.close();
        } catch (RuntimeException e) {
            LOG.debug("closing connector {}: {}", c.id(), e.toString());
        }
    }

    @Override
    public Optional<Channel> channel(String id) {
        return Optional.ofNullable(channels.get(id));
    }

    @Override
    public Collection<Channel> channels() {
        return List.copyOf(channels.values());
    }

    @Override
    public Optional<Destination> destination(String id) {
        return Optional.ofNullable(destinations.get(id));
    }

    @Override
    public Collection<Destination> destinations() {
        return List.copyOf(destinations.values());
    }

    /** Whether the config folder has been applied once (until then webhooks are answered 503, not 404). */
    public boolean loaded() {
        return loaded;
    }

    /** Problems of the config files as last read, per file. */
    public Map<String, List<ConfigFileProblem>> problems() {
        return problems;
    }

    /** Connector files that are valid but have {@code enabled: false}. */
    public Map<String, ConnectorDefinition> disabledConnectors() {
        return disabled;
    }

    public Map<String, ConnectorProvider> providers() {
        return providers;
    }
}
