-- Raw webhook archive: the exact bytes and headers as received and verified, for replay and audit.
-- Kept for omnihub.archive.retention (default 7 days).
CREATE TABLE raw_event (
    connector_id VARCHAR(63)  NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    received_at  TIMESTAMP    NOT NULL,
    request_url  VARCHAR(2000),
    headers      TEXT,
    body         BYTEA,
    PRIMARY KEY (connector_id, event_key)
);
CREATE INDEX raw_event_received_at ON raw_event (received_at);
