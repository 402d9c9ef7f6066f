package io.omnihub.mapping.square;

import io.omnihub.mapping.api.ChannelMapper;
import io.omnihub.mapping.api.MappingContext;
import io.omnihub.testing.golden.GoldenMappingTest;
import java.util.Map;

/** Golden cases built from the example payloads in Square's api.json (see golden/README.md). */
class SquareGoldenMappingTest extends GoldenMappingTest {

    @Override
    protected ChannelMapper mapper() {
        return new SquareMapper();
    }

    @Override
    protected MappingContext context() {
        return new MappingContext("square-pos", "SQUARE",
                Map.of("locations", Map.of("store-berlin", "YYQR03DGCTXA4")));
    }
}
