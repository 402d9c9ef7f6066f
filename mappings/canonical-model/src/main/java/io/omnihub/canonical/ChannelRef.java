package io.omnihub.canonical;

/** The channel an order was sold on: connector instance, platform, and marketplace/site when any. */
public record ChannelRef(String connectorId, String platform, String marketplaceId) {
}
