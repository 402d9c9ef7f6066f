-- OmniHub state store. Runs on H2 (PostgreSQL mode, embedded default) and PostgreSQL.

-- Webhook events durably accepted (dedupe of platform redeliveries beyond the broker's id cache).
CREATE TABLE webhook_event (
    connector_id VARCHAR(63)  NOT NULL,
    event_key    VARCHAR(255) NOT NULL,
    accepted_at  TIMESTAMP    NOT NULL,
    PRIMARY KEY (connector_id, event_key)
);
CREATE INDEX webhook_event_accepted_at ON webhook_event (accepted_at);

-- Polling cursors, owned by the runtime (never by connectors).
CREATE TABLE poll_cursor (
    connector_id VARCHAR(63)  NOT NULL,
    kind         VARCHAR(32)  NOT NULL,
    cursor_value VARCHAR(255) NOT NULL,
    updated_at   TIMESTAMP    NOT NULL,
    PRIMARY KEY (connector_id, kind)
);

-- Newest entity version seen per subject (out-of-order updates are dropped against it).
CREATE TABLE entity_version (
    subject        VARCHAR(512) NOT NULL PRIMARY KEY,
    entity_version VARCHAR(128) NOT NULL,
    updated_at     TIMESTAMP    NOT NULL
);
