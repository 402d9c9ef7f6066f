package io.omnihub.connector.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnihub.connector.api.EntityKind;
import io.omnihub.connector.api.PlatformEvent;
import io.omnihub.connector.api.capability.EntityFetcher;
import io.omnihub.connector.support.Json;
import java.util.Optional;

/**
 * Completes thin {@code inventory_levels/update} events: resolves {@code inventory_item_id} to its SKU with
 * GraphQL {@code inventoryItem(id:)} and returns the payload plus {@code sku}. Events that are not thin are
 * returned unchanged.
 */
final class ShopifyEntityFetcher implements EntityFetcher {

    static final String ITEM_QUERY = "query OmniHubInventoryItem($id: ID!) { inventoryItem(id: $id) { id sku } }";

    private final ShopifyClient client;

    ShopifyEntityFetcher(ShopifyClient client) {
        this.client = client;
    }

    @Override
    public Optional<PlatformEvent> fetch(PlatformEvent event) {
        if (!event.thin()) {
            return Optional.of(event);
        }
        if (event.kind() != EntityKind.STOCK) {
            throw new IllegalArgumentException("Shopify sends no thin " + event.kind() + " events");
        }
        String itemId = event.attributes().getOrDefault("inventoryItemId", Json.text(event.payload(), "inventory_item_id"));
        ObjectNode vars = Json.mapper().createObjectNode().put("id", "gid://shopify/InventoryItem/" + itemId);
        JsonNode item = client.graphql(ITEM_QUERY, vars, 1).path("inventoryItem");
        if (item.isMissingNode() || item.isNull()) {
            return Optional.empty();
        }
        ObjectNode full = event.payload() != null && event.payload().isObject()
                ? ((ObjectNode) event.payload()).deepCopy() : Json.mapper().createObjectNode();
        full.put("sku", Json.text(item, "sku"));
        return Optional.of(event.withPayload(full, event.version()));
    }
}
