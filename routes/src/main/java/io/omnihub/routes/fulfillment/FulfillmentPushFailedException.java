package io.omnihub.routes.fulfillment;

import io.omnihub.routes.delivery.DeliveryFailedException;

/**
 * A shipment the channel refused (4xx), that is invalid, or whose retries ran out: the route parks it
 * in the channel's fulfillment dead-letter queue with the status and attempts in the error headers.
 */
public class FulfillmentPushFailedException extends DeliveryFailedException {

    public FulfillmentPushFailedException(String message, int status, int attempts, boolean retriesExhausted) {
        super(message, status, attempts, retriesExhausted);
    }
}
