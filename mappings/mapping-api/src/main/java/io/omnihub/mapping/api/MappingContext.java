package io.omnihub.mapping.api;

import java.util.Map;
import java.util.Optional;

/**
 * What a mapper knows about the channel: its id, platform, and the {@code spec.mapping} section of
 * its connector file (value maps for statuses, locations, SKU aliases, default currency).
 */
public record MappingContext(String connectorId, String platform, Map<String, Object> mapping) {

    public MappingContext {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }

    /** A value map below {@code spec.mapping}, e.g. {@code locations} or {@code skuAliases}. */
    @SuppressWarnings("unchecked")
    public Map<String, String> valueMap(String name) {
        Object v = mapping.get(name);
        if (v instanceof Map<?, ?> m) {
            java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
            return out;
        }
        return Map.of();
    }

    /** {@code spec.mapping.defaultCurrency}, if set. */
    public Optional<String> defaultCurrency() {
        return Optional.ofNullable(mapping.get("defaultCurrency")).map(String::valueOf);
    }

    /** The SKU after applying {@code spec.mapping.skuAliases} (platform SKU to hub SKU). */
    public String sku(String platformSku) {
        if (platformSku == null) {
            return null;
        }
        return valueMap("skuAliases").getOrDefault(platformSku, platformSku);
    }

    /** The hub location for a platform location, via {@code spec.mapping.locations} (hub id to platform id). */
    public String hubLocation(String platformLocationId) {
        if (platformLocationId == null) {
            return null;
        }
        for (Map.Entry<String, String> e : valueMap("locations").entrySet()) {
            if (e.getValue().equals(platformLocationId)) {
                return e.getKey();
            }
        }
        return platformLocationId;
    }

    /** The order id as the contract builds it: {@code connectorId:externalId}. */
    public String orderRef(String externalId) {
        return connectorId + ":" + externalId;
    }

    /** The canonical subject for an entity of this channel, e.g. {@code shopify-eu:order:450789469}. */
    public String subject(String entity, String externalId) {
        return connectorId + ":" + entity + ":" + externalId;
    }
}
