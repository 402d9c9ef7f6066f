-- Stock pool (issue 5, docs/adr/0010-stock-pool.md). Runs on H2 (PostgreSQL mode) and PostgreSQL:
-- only INSERT ... ON CONFLICT DO NOTHING and conditional UPDATEs, no MERGE.

-- One row per SKU the pool knows: the lock every change of the SKU takes (SELECT ... FOR UPDATE),
-- a revision for idempotency keys, and the newest back-office asOf (reservations created before it
-- are already counted by the back office).
CREATE TABLE stock_sku (
    sku            VARCHAR(255) NOT NULL PRIMARY KEY,
    revision       BIGINT       NOT NULL,
    counted_before TIMESTAMP,
    updated_at     TIMESTAMP    NOT NULL
);

-- On hand per SKU and location, as the back office last reported it.
CREATE TABLE stock_level (
    sku         VARCHAR(255) NOT NULL,
    location_id VARCHAR(255) NOT NULL,
    on_hand     BIGINT       NOT NULL,
    reserved    BIGINT       NOT NULL,
    incoming    BIGINT       NOT NULL,
    as_of       TIMESTAMP    NOT NULL,
    received_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (sku, location_id)
);

-- One reservation per channel order line. state: ACTIVE, RELEASED, FULFILLED. The hub subtracts
-- ACTIVE and FULFILLED reservations until a back-office level counts them (counted_at).
CREATE TABLE stock_reservation (
    order_id        VARCHAR(512) NOT NULL,
    line_id         VARCHAR(255) NOT NULL,
    sku             VARCHAR(255) NOT NULL,
    connector_id    VARCHAR(63)  NOT NULL,
    quantity        BIGINT       NOT NULL,
    short_quantity  BIGINT       NOT NULL,
    state           VARCHAR(16)  NOT NULL,
    released_reason VARCHAR(32),
    created_at      TIMESTAMP    NOT NULL,
    counted_at      TIMESTAMP,
    updated_at      TIMESTAMP    NOT NULL,
    PRIMARY KEY (order_id, line_id)
);
CREATE INDEX stock_reservation_sku ON stock_reservation (sku, state);

-- The newest version of each order the pool applied (re-delivery never reserves twice) and its flag.
CREATE TABLE stock_order (
    order_id       VARCHAR(512) NOT NULL PRIMARY KEY,
    connector_id   VARCHAR(63)  NOT NULL,
    entity_version VARCHAR(128) NOT NULL,
    sort_key       VARCHAR(160) NOT NULL,
    status         VARCHAR(32)  NOT NULL,
    exception_code VARCHAR(32),
    updated_at     TIMESTAMP    NOT NULL
);

-- What the pool last computed for each channel, SKU and location, its pause state, and what the
-- channel last accepted.
CREATE TABLE stock_channel_state (
    connector_id    VARCHAR(63)  NOT NULL,
    sku             VARCHAR(255) NOT NULL,
    location_id     VARCHAR(255) NOT NULL,
    quantity        BIGINT       NOT NULL,
    paused          BOOLEAN      NOT NULL,
    computed_at     TIMESTAMP    NOT NULL,
    pushed_quantity BIGINT,
    pushed_at       TIMESTAMP,
    PRIMARY KEY (connector_id, sku, location_id)
);
CREATE INDEX stock_channel_state_sku ON stock_channel_state (sku);
