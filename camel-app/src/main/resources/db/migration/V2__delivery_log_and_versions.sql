-- One delivery per canonical event and destination, race-safe across consumers and hub instances:
-- a consumer claims (destination, delivery_key) with INSERT ... ON CONFLICT DO NOTHING before the
-- HTTP call and marks it DELIVERED after the 2xx; a failed delivery releases its claim; a claim
-- left by a crashed instance is taken over after a timeout.
CREATE TABLE delivery_log (
    destination_id VARCHAR(63)  NOT NULL,
    delivery_key   VARCHAR(700) NOT NULL,
    state          VARCHAR(16)  NOT NULL,
    claimed_at     TIMESTAMP    NOT NULL,
    delivered_at   TIMESTAMP,
    subject        VARCHAR(512),
    event_type     VARCHAR(64),
    PRIMARY KEY (destination_id, delivery_key)
);
CREATE INDEX delivery_log_claimed_at ON delivery_log (claimed_at);

-- Entity versions compare by a sortable key (ISO times with different offsets do not sort as text).
ALTER TABLE entity_version ADD COLUMN sort_key VARCHAR(160);
