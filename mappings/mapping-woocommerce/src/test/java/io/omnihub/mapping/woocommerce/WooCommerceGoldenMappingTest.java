package io.omnihub.mapping.woocommerce;

import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.testing.golden.GoldenMappingTest;
import java.util.Map;

/** Golden cases built from the WooCommerce REST API v3 documentation examples (see golden/README.md). */
class WooCommerceGoldenMappingTest extends GoldenMappingTest {

    @Override
    protected ChannelMapper mapper() {
        return new WooCommerceMapper();
    }

    @Override
    protected MappingContext context() {
        // WooCommerce product payloads carry no currency: the store's currency comes from spec.mapping
        return new MappingContext("test-woocommerce", "WOOCOMMERCE", Map.of("defaultCurrency", "USD"));
    }
}
