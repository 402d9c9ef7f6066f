package io.omnihub.mapping.tiktokshop;

import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.testing.golden.GoldenMappingTest;
import java.util.Map;

/** Golden cases under src/test/resources/golden (sources in its README.md). */
class TiktokShopGoldenMappingTest extends GoldenMappingTest {

    @Override
    protected ChannelMapper mapper() {
        return new TiktokShopMapper();
    }

    @Override
    protected MappingContext context() {
        return new MappingContext("tiktok-test", "TIKTOK_SHOP",
                Map.of("locations", Map.of("hub-jakarta", "7054915283043174149")));
    }
}
