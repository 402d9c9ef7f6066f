package io.omnihub.mapping.stripe;

import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.testing.golden.GoldenMappingTest;
import java.util.List;
import java.util.Map;

/** Golden cases under {@code golden/} (sources in {@code golden/README.md}) through {@link StripeMapper}. */
class StripeGoldenMappingTest extends GoldenMappingTest {

    @Override
    protected ChannelMapper mapper() {
        return new StripeMapper();
    }

    @Override
    protected MappingContext context() {
        return new MappingContext("stripe-eu", "STRIPE",
                Map.of("orderMetadataKeys", List.of("order_id"), "orderConnector", "shopify-eu"));
    }
}
