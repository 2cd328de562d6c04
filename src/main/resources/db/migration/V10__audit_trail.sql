-- The audit trail (README "Audit trail", package io.rolegate.audit): one row per CloudTrail-shaped event, in one
-- hash chain per recipient account ('' for calls no account can be named for). seq numbers an account's chain from 1
-- without gaps; hash = SHA-256(prev_hash, seq, record) in hex (audit/ChainHash), so a changed, deleted or reordered
-- row breaks the chain. record is the event exactly as hashed (CloudTrail's JSON); the other columns are copies of
-- its fields for LookupEvents. Times are epoch milliseconds.
CREATE TABLE audit_events (
    account_id    VARCHAR(12)     NOT NULL,
    seq           BIGINT          NOT NULL,
    event_time    BIGINT          NOT NULL,
    event_id      VARCHAR(36)     NOT NULL,
    event_name    VARCHAR(128)    NOT NULL,
    event_source  VARCHAR(64)     NOT NULL,
    read_only     BOOLEAN         NOT NULL,
    username      VARCHAR(256),
    access_key_id VARCHAR(128),
    resource_type VARCHAR(64),
    resource_name VARCHAR(2048),
    record        VARCHAR(1048576) NOT NULL,
    prev_hash     VARCHAR(64)     NOT NULL,
    hash          VARCHAR(64)     NOT NULL,
    PRIMARY KEY (account_id, seq)
);
CREATE INDEX audit_events_time_ix ON audit_events(account_id, event_time);
CREATE INDEX audit_events_prune_ix ON audit_events(event_time);

-- The head of each account's chain: writers lock this row (SELECT ... FOR UPDATE) while they append, so concurrent
-- writers, on one replica or several, extend the chain one after the other.
CREATE TABLE audit_chain_heads (
    account_id VARCHAR(12) NOT NULL PRIMARY KEY,
    seq        BIGINT      NOT NULL,
    hash       VARCHAR(64) NOT NULL
);

-- Hourly digests (CloudTrail digest files): per account, the chain segment of one hour, signed (JWS compact with
-- the session-token signing key published at /.well-known/jwks.json) and chained to the previous digest.
CREATE TABLE audit_digests (
    account_id  VARCHAR(12)   NOT NULL,
    hour_start  BIGINT        NOT NULL,
    last_seq    BIGINT        NOT NULL,
    jws         VARCHAR(65536) NOT NULL,
    PRIMARY KEY (account_id, hour_start)
);
