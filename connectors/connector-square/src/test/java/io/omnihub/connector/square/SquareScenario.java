package io.omnihub.connector.square;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock stubs of a Square seller account, answering with the api.json examples (see fixtures README). */
final class SquareScenario {

    /** A catalog variation with a SKU for the inventory webhook's catalog object (CatalogObject schema fields). */
    static final String INVENTORY_VARIATION = "{\"objects\":[{\"type\":\"ITEM_VARIATION\",\"id\":\"FGQ5JJWT2PYTHF35CKZ2DSKP\","
            + "\"is_deleted\":false,\"item_variation_data\":{\"item_id\":\"X5DZ5NWWAQ44CKBLKIFQGOWK\",\"name\":\"Regular\","
            + "\"sku\":\"TEA-BLACK-REG\"}}]}";

    /** Square's error body shape (api.json Error: category, code, detail, field). */
    static final String INVALID_VALUE = "{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"INVALID_VALUE\","
            + "\"detail\":\"Invalid catalog object\",\"field\":\"changes[0].physical_count.catalog_object_id\"}]}";

    private SquareScenario() {
    }

    static void stub(WireMockServer server) {
        server.stubFor(get(urlPathEqualTo("/v2/locations")).willReturn(okJson(SquareTestSupport.response("list-locations"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/search"))
                .willReturn(okJson(SquareTestSupport.response("search-catalog-variations-with-sku"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/search"))
                .withRequestBody(matchingJsonPath("$.object_types[?(@ == 'ITEM')]"))
                .willReturn(okJson(SquareTestSupport.response("search-catalog-objects"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/batch-retrieve"))
                .willReturn(okJson(SquareTestSupport.response("search-catalog-variations-with-sku"))));
        server.stubFor(post(urlPathEqualTo("/v2/catalog/batch-retrieve"))
                .withRequestBody(matchingJsonPath("$.object_ids[?(@ == 'FGQ5JJWT2PYTHF35CKZ2DSKP')]"))
                .willReturn(okJson(INVENTORY_VARIATION)));
        server.stubFor(post(urlPathEqualTo("/v2/inventory/changes/batch-create"))
                .willReturn(okJson(SquareTestSupport.response("batch-change-inventory"))));
        server.stubFor(post(urlPathEqualTo("/v2/inventory/counts/batch-retrieve"))
                .willReturn(okJson(SquareTestSupport.response("batch-retrieve-inventory-counts"))));
        server.stubFor(post(urlPathEqualTo("/v2/orders/search")).willReturn(okJson(SquareTestSupport.response("search-orders"))));
        server.stubFor(get(urlPathMatching("/v2/orders/[^/]+")).willReturn(okJson(SquareTestSupport.response("retrieve-order"))));
        server.stubFor(get(urlPathEqualTo("/v2/orders/GONE")).willReturn(aResponse().withStatus(404)
                .withBody("{\"errors\":[{\"category\":\"INVALID_REQUEST_ERROR\",\"code\":\"NOT_FOUND\"}]}")));
        server.stubFor(post(urlPathEqualTo("/v2/orders/batch-retrieve"))
                .willReturn(okJson(SquareTestSupport.response("batch-retrieve-orders"))));
        server.stubFor(get(urlPathEqualTo("/v2/payments")).willReturn(okJson(SquareTestSupport.response("list-payments"))));
        server.stubFor(get(urlPathEqualTo("/v2/refunds")).willReturn(okJson(SquareTestSupport.response("list-payment-refunds"))));
        server.stubFor(post(urlPathEqualTo("/oauth2/token")).willReturn(okJson(SquareTestSupport.response("obtain-token"))));
    }
}
