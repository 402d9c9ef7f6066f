package io.omnihub.connector.api.capability;

import java.util.List;

/** Per-item outcome of a {@link StockSink#push} call, in the order of the request. */
public record StockPushResult(List<ItemResult> items) {

    public StockPushResult {
        items = List.copyOf(items);
    }

    /**
     * Outcome of one item: {@code STALE} means the platform refused a compare-and-set because its quantity was not
     * the {@link StockSink.StockUpdate#expectedPrevious() expected} one (it changed behind the hub's back); nothing
     * was applied for that item.
     */
    public enum Outcome { APPLIED, UNKNOWN_SKU, REJECTED, STALE }

    /** One item's outcome, with a reason for anything but {@code APPLIED}. */
    public record ItemResult(String sku, String locationId, Outcome outcome, String reason) {
    }

    public long applied() {
        return items.stream().filter(i -> i.outcome() == Outcome.APPLIED).count();
    }
}
