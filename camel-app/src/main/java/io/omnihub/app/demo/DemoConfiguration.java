package io.omnihub.app.demo;

import io.omnihub.testing.sim.ShopifySimulator;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The built-in demo ({@code omnihub.demo.enabled=true}, the default on embedded defaults): a Shopify
 * Admin API simulator with a small catalog, whose URL the demo connector file reads from
 * {@code ${OMNIHUB_DEMO_SHOPIFY_URL}}, and a demo ERP endpoint ({@link DemoController}). Point the
 * connector file at a real shop to leave the demo; set {@code OMNIHUB_DEMO=false} to switch it off.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "omnihub.demo.enabled", havingValue = "true")
public class DemoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(DemoConfiguration.class);

    /** Demo location id (Shopify's documented example location) and SKUs of the documented example order. */
    static final long DEMO_LOCATION = 655441491L;
    static final Map<String, Long> DEMO_SKUS = Map.of(
            "IPOD2008GREEN", 808950810L,
            "IPOD2008RED", 808950811L,
            "IPOD2008BLACK", 808950812L);

    @Bean(destroyMethod = "close")
    public ShopifySimulator demoShopifySimulator(ConfigurableEnvironment env) {
        ShopifySimulator sim = ShopifySimulator.start();
        sim.addLocation(DEMO_LOCATION, "Demo warehouse");
        DEMO_SKUS.forEach(sim::addInventoryItem);
        // the demo's own secrets: used unless the environment sets them (a real shop's secrets)
        Map<String, Object> demo = new java.util.HashMap<>();
        demo.put("OMNIHUB_DEMO_SHOPIFY_URL", sim.baseUrl());
        if (env.getProperty("SHOPIFY_DEMO_TOKEN") == null) {
            demo.put("SHOPIFY_DEMO_TOKEN", "shpat_demo_token");
        }
        if (env.getProperty("SHOPIFY_DEMO_WEBHOOK_SECRET") == null) {
            demo.put("SHOPIFY_DEMO_WEBHOOK_SECRET", "demo-webhook-secret");
        }
        env.getPropertySources().addFirst(new MapPropertySource("omnihub-demo", demo));
        // the demo ERP lives in this hub; its URL is known once the web server has its port
        env.getPropertySources().addLast(new org.springframework.core.env.PropertySource<Object>("omnihub-demo-erp") {
            @Override
            public Object getProperty(String name) {
                if (!"OMNIHUB_DEMO_ERP_URL".equals(name)) {
                    return null;
                }
                String port = env.getProperty("local.server.port");
                return port == null ? null : "http://127.0.0.1:" + port + "/demo/erp/events";
            }
        });
        LOG.info("demo: Shopify simulator at {} (SKUs {})", sim.baseUrl(), DEMO_SKUS.keySet());
        return sim;
    }
}
