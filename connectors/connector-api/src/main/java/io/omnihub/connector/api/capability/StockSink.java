package io.omnihub.connector.api.capability;

import java.time.Duration;
import java.util.List;

/**
 * Pushes absolute stock quantities to the platform, in the platform's batch shape. The runtime
 * coalesces (only the newest quantity per SKU and location is sent), batches to
 * {@link #maxBatchSize()}, and retries what is retryable; the connector obeys the platform's rate
 * limits inside {@link #push}.
 */
public interface StockSink {

    /** Most items one {@link #push} call takes (Shopify 250, Square 100, WooCommerce 100). */
    int maxBatchSize();

    /**
     * Sets the quantities. A bad item (unknown SKU, rejected value) is reported in the result and
     * never fails the good ones.
     *
     * @throws io.omnihub.connector.api.error.RetryableConnectorException when the whole batch may be retried
     */
    StockPushResult push(List<StockUpdate> updates);

    /**
     * How long until the platform's rate budget takes a full batch; {@link Duration#ZERO} when it can go
     * now (the default). Meanwhile the runtime fills one batch up to {@link #maxBatchSize()} (newest
     * quantity per item) and leaves the rest on its last-value queue, so newer quantities still replace
     * older ones instead of being sent one after the other, and each call carries a full batch.
     */
    default Duration readyIn() {
        return Duration.ZERO;
    }

    /**
     * One absolute quantity to set.
     *
     * @param sku            the join key across channels
     * @param locationId     the hub's location id (mapped to the platform's location by the connector)
     * @param quantity       the quantity the channel may sell
     * @param idempotencyKey stable for the same logical update, for platforms that take one
     * @param expectedPrevious the quantity the channel last accepted from the hub for this SKU and location, or
     *                       null when unknown; a sink that supports compare-and-set sends it so the platform refuses
     *                       the update (outcome {@link StockPushResult.Outcome#STALE}) when its quantity changed since
     */
    record StockUpdate(String sku, String locationId, long quantity, String idempotencyKey, Long expectedPrevious) {

        /** An update without an expectation (absolute set). */
        public StockUpdate(String sku, String locationId, long quantity, String idempotencyKey) {
            this(sku, locationId, quantity, idempotencyKey, null);
        }

        /**
         * The same item with another quantity and expectation; the idempotency key is extended with both, since a
         * platform refuses a key reused with other parameters.
         */
        public StockUpdate withQuantity(long newQuantity, Long newExpectedPrevious) {
            String key = idempotencyKey == null ? null : idempotencyKey + ":" + newExpectedPrevious + ">" + newQuantity;
            return new StockUpdate(sku, locationId, newQuantity, key, newExpectedPrevious);
        }
    }
}
