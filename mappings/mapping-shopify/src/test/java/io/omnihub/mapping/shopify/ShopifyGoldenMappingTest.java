package io.omnihub.mapping.shopify;

import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.testing.golden.GoldenMappingTest;
import java.util.Map;

/** Golden cases under {@code src/test/resources/golden/}: Shopify payloads to canonical records (sources in its README). */
class ShopifyGoldenMappingTest extends GoldenMappingTest {

    @Override
    protected ChannelMapper mapper() {
        return new ShopifyMapper();
    }

    @Override
    protected MappingContext context() {
        // a location mapped by GID, to check that numeric webhook location ids still find their hub location
        return new MappingContext("shopify-us", "SHOPIFY",
                Map.of("locations", Map.of("wh-ny", "gid://shopify/Location/905684977")));
    }
}
