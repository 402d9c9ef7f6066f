package io.omnihub.connector.api.capability;

import java.util.List;

/**
 * Optional capability: reads back the quantities a channel currently lists, so the runtime can find
 * and correct drift (a quantity changed on the platform behind the hub's back). Read-only; the
 * connector obeys the platform's rate limits inside {@link #read}.
 */
public interface StockReader {

    /** Most items one {@link #read} call takes. */
    int maxReadBatchSize();

    /**
     * Reads the listed (sellable) quantity of each item. Answers one entry per requested item, in the
     * request's order; an item the platform does not know (no such SKU, no such location, not tracked)
     * is {@linkplain ListedQuantity#unknown unknown} with a reason, never an error for the others.
     *
     * @throws io.omnihub.connector.api.error.RetryableConnectorException when the whole read may be retried
     */
    List<ListedQuantity> read(List<StockKey> items);

    /** One item to read: the hub's SKU and location id (mapped by the connector like for {@link StockSink}). */
    record StockKey(String sku, String locationId) {
    }

    /**
     * What the platform lists for one item.
     *
     * @param quantity the listed quantity, or null when unknown
     * @param reason   why the quantity is unknown (null when known)
     */
    record ListedQuantity(String sku, String locationId, Long quantity, String reason) {

        public static ListedQuantity of(StockKey key, long quantity) {
            return new ListedQuantity(key.sku(), key.locationId(), quantity, null);
        }

        public static ListedQuantity unknown(StockKey key, String reason) {
            return new ListedQuantity(key.sku(), key.locationId(), null, reason);
        }

        public boolean known() {
            return quantity != null;
        }
    }
}
