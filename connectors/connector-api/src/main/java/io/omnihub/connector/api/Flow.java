package io.omnihub.connector.api;

/** A data flow a connector can take part in; enabled per channel under {@code spec.flows}. */
public enum Flow {
    /** Platform notifications into the hub ({@link io.omnihub.connector.api.capability.WebhookReceiver}). */
    WEBHOOKS_IN("webhooks"),
    /** Orders polled from the platform ({@link io.omnihub.connector.api.capability.ChangePoller}). */
    ORDERS_IN("orders"),
    /** Products polled from the platform. */
    PRODUCTS_IN("products"),
    /** Payments and refunds polled from the platform. */
    PAYMENTS_IN("payments"),
    /** Stock levels pushed to the platform ({@link io.omnihub.connector.api.capability.StockSink}). */
    STOCK_OUT("stock"),
    /** Shipments pushed to the platform ({@link io.omnihub.connector.api.capability.FulfillmentSink}). */
    FULFILLMENT_OUT("fulfillments");

    private final String key;

    Flow(String key) {
        this.key = key;
    }

    /** The key below {@code spec.flows} in a connector file, e.g. {@code stock}. */
    public String key() {
        return key;
    }
}
