-- Stock pool, part 2 (issue 5): refunds with restock, push revisions and drift checks.
-- H2 (PostgreSQL mode) and PostgreSQL: plain ALTER TABLE ADD COLUMN and CREATE TABLE only.

-- The quantity an order line was ordered with (the reservation's quantity is what is still reserved).
ALTER TABLE stock_reservation ADD COLUMN ordered_quantity BIGINT;

-- The SKU revision at which the channel's quantity was last computed: the push worker reads the
-- current quantity and this revision when it sends a batch, so a late or redelivered push message
-- can never carry an older quantity than the pool's newest.
ALTER TABLE stock_channel_state ADD COLUMN computed_revision BIGINT;
-- The last drift check of this channel, SKU and location: what the channel listed and when.
ALTER TABLE stock_channel_state ADD COLUMN drift_checked_at TIMESTAMP;
ALTER TABLE stock_channel_state ADD COLUMN drift_seen_quantity BIGINT;
ALTER TABLE stock_channel_state ADD COLUMN drift_corrected_at TIMESTAMP;
ALTER TABLE stock_channel_state ADD COLUMN drift_corrections BIGINT;

-- Refunds the pool has seen (from io.omnihub.refund.updated.v1 events or embedded in an order's
-- refunds[]): one row per refund id, so the same refund arriving both ways releases once.
CREATE TABLE stock_refund (
    refund_id  VARCHAR(512) NOT NULL PRIMARY KEY,
    order_id   VARCHAR(512) NOT NULL,
    status     VARCHAR(32)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);
CREATE INDEX stock_refund_order ON stock_refund (order_id);

CREATE TABLE stock_refund_line (
    refund_id VARCHAR(512) NOT NULL,
    line_id   VARCHAR(255) NOT NULL,
    quantity  BIGINT       NOT NULL,
    restock   BOOLEAN      NOT NULL,
    PRIMARY KEY (refund_id, line_id)
);
