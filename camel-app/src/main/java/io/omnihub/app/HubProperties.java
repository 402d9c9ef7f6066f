package io.omnihub.app;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings under {@code omnihub.*}. Defaults run the hub on embedded components under
 * {@code ./data} with the connector files of {@code ./config}.
 *
 * @param dataDir      where the embedded broker journal and database live ({@code OMNIHUB_DATA_DIR})
 * @param configDir    the folder of connector and destination files ({@code OMNIHUB_CONFIG_DIR})
 * @param configReload how often the config folder is checked for added, changed and removed files (0 = never)
 * @param webhooks     webhook endpoint settings
 * @param broker       embedded broker settings
 * @param publishConcurrency consumers per connector turning raw events into canonical events
 */
@ConfigurationProperties("omnihub")
public record HubProperties(Path dataDir, Path configDir, Duration configReload, Webhooks webhooks, Broker broker,
                            Integer publishConcurrency) {

    public HubProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        configDir = configDir == null ? Path.of("config") : configDir;
        configReload = configReload == null ? Duration.ofSeconds(2) : configReload;
        webhooks = webhooks == null ? new Webhooks(null) : webhooks;
        broker = broker == null ? new Broker(null, null, null, null, null) : broker;
        publishConcurrency = publishConcurrency == null ? 2 : publishConcurrency;
    }

    /** @param maxBodyBytes largest accepted webhook body; larger ones are answered 413 (default 1 MiB) */
    public record Webhooks(Long maxBodyBytes) {
        public Webhooks {
            maxBodyBytes = maxBodyBytes == null ? 1024L * 1024L : maxBodyBytes;
        }
    }

    /**
     * @param acceptorHost host the embedded broker's CORE+AMQP acceptor binds to (default 127.0.0.1; 0.0.0.0 for other hosts)
     * @param acceptorPort its port (default 61616; -1 disables it)
     * @param serverId     in-VM server id (tests run several brokers in one JVM)
     * @param idCacheSize  duplicate-detection ids remembered per address
     * @param callTimeout  longest a send may block before the webhook is answered 503
     */
    public record Broker(String acceptorHost, Integer acceptorPort, Integer serverId, Integer idCacheSize,
                         Duration callTimeout) {
        public Broker {
            acceptorHost = acceptorHost == null ? "127.0.0.1" : acceptorHost;
            acceptorPort = acceptorPort == null ? 61616 : acceptorPort;
            serverId = serverId == null ? 0 : serverId;
            idCacheSize = idCacheSize == null ? 100_000 : idCacheSize;
            callTimeout = callTimeout == null ? Duration.ofSeconds(5) : callTimeout;
        }
    }
}
