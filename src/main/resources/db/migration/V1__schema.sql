-- Rolegate schema. Portable between H2 (2.x) and PostgreSQL (14+): no vendor types, epoch-millisecond timestamps,
-- binary values as base64 text. Names are unique case-insensitively per account through *_lc columns.

CREATE TABLE accounts (
    account_id   VARCHAR(12)  NOT NULL PRIMARY KEY,
    alias        VARCHAR(63),
    created_at   BIGINT       NOT NULL
);

CREATE TABLE users (
    user_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)  NOT NULL REFERENCES accounts(account_id),
    user_name    VARCHAR(64)  NOT NULL,
    name_lc      VARCHAR(64)  NOT NULL,
    path         VARCHAR(512) NOT NULL,
    is_admin     BOOLEAN      NOT NULL,
    boundary_arn VARCHAR(2048),
    created_at   BIGINT       NOT NULL,
    CONSTRAINT users_name_uq UNIQUE (account_id, name_lc)
);

CREATE TABLE access_keys (
    access_key_id VARCHAR(128) NOT NULL PRIMARY KEY,
    account_id    VARCHAR(12)  NOT NULL REFERENCES accounts(account_id),
    user_id       VARCHAR(32)  NOT NULL REFERENCES users(user_id),
    status        VARCHAR(16)  NOT NULL,
    secret_sealed VARCHAR(512) NOT NULL,
    created_at    BIGINT       NOT NULL,
    last_used_at  BIGINT,
    last_used_service VARCHAR(64),
    last_used_region  VARCHAR(64)
);
CREATE INDEX access_keys_user_ix ON access_keys(user_id);

CREATE TABLE roles (
    role_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)  NOT NULL REFERENCES accounts(account_id),
    role_name    VARCHAR(64)  NOT NULL,
    name_lc      VARCHAR(64)  NOT NULL,
    path         VARCHAR(512) NOT NULL,
    trust_policy VARCHAR(262144) NOT NULL,
    description  VARCHAR(1000),
    max_session_duration INTEGER NOT NULL,
    boundary_arn VARCHAR(2048),
    created_at   BIGINT       NOT NULL,
    last_used_at BIGINT,
    last_used_region VARCHAR(64),
    CONSTRAINT roles_name_uq UNIQUE (account_id, name_lc)
);

CREATE TABLE iam_groups (
    group_id     VARCHAR(32)  NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)  NOT NULL REFERENCES accounts(account_id),
    group_name   VARCHAR(128) NOT NULL,
    name_lc      VARCHAR(128) NOT NULL,
    path         VARCHAR(512) NOT NULL,
    created_at   BIGINT       NOT NULL,
    CONSTRAINT groups_name_uq UNIQUE (account_id, name_lc)
);

CREATE TABLE group_members (
    group_id     VARCHAR(32)  NOT NULL REFERENCES iam_groups(group_id),
    user_id      VARCHAR(32)  NOT NULL REFERENCES users(user_id),
    added_at     BIGINT       NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_members_user_ix ON group_members(user_id);

-- Tags of users, roles, managed policies and OIDC providers. owner_id is the entity's unique id (or ARN for providers).
CREATE TABLE tags (
    owner_id     VARCHAR(2048) NOT NULL,
    tag_key_lc   VARCHAR(128)  NOT NULL,
    tag_key      VARCHAR(128)  NOT NULL,
    tag_value    VARCHAR(256)  NOT NULL,
    position     INTEGER       NOT NULL,
    PRIMARY KEY (owner_id, tag_key_lc)
);

-- Inline policies of users, groups and roles. owner_id is the entity's unique id.
CREATE TABLE inline_policies (
    owner_id     VARCHAR(32)   NOT NULL,
    policy_name  VARCHAR(128)  NOT NULL,
    document     VARCHAR(262144) NOT NULL,
    PRIMARY KEY (owner_id, policy_name)
);

CREATE TABLE managed_policies (
    policy_id    VARCHAR(32)   NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)   NOT NULL REFERENCES accounts(account_id),
    arn          VARCHAR(2048) NOT NULL UNIQUE,
    policy_name  VARCHAR(128)  NOT NULL,
    path         VARCHAR(512)  NOT NULL,
    description  VARCHAR(1000),
    default_version VARCHAR(16) NOT NULL,
    next_version INTEGER       NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    CONSTRAINT managed_policies_name_uq UNIQUE (account_id, policy_name)
);

CREATE TABLE policy_versions (
    policy_id    VARCHAR(32)   NOT NULL REFERENCES managed_policies(policy_id),
    version_id   VARCHAR(16)   NOT NULL,
    document     VARCHAR(262144) NOT NULL,
    created_at   BIGINT        NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);

-- Managed policies attached to users, groups and roles. owner_id is the entity's unique id.
CREATE TABLE policy_attachments (
    owner_id     VARCHAR(32)   NOT NULL,
    policy_id    VARCHAR(32)   NOT NULL REFERENCES managed_policies(policy_id),
    attached_at  BIGINT        NOT NULL,
    PRIMARY KEY (owner_id, policy_id)
);
CREATE INDEX policy_attachments_policy_ix ON policy_attachments(policy_id);

CREATE TABLE oidc_providers (
    arn          VARCHAR(2048) NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)   NOT NULL REFERENCES accounts(account_id),
    url          VARCHAR(255)  NOT NULL,
    client_ids   VARCHAR(65536) NOT NULL,
    thumbprints  VARCHAR(1024) NOT NULL,
    created_at   BIGINT        NOT NULL,
    CONSTRAINT oidc_providers_url_uq UNIQUE (account_id, url)
);

-- Token signing keys (sealed JWK with private part) and state for rotation.
CREATE TABLE signing_keys (
    kid          VARCHAR(64)   NOT NULL PRIMARY KEY,
    sealed_jwk   VARCHAR(16384) NOT NULL,
    state        VARCHAR(16)   NOT NULL,
    created_at   BIGINT        NOT NULL,
    activated_at BIGINT,
    retired_at   BIGINT
);

-- Server-wide secrets shared by replicas (sealed under the master key).
CREATE TABLE server_secrets (
    name         VARCHAR(64)   NOT NULL PRIMARY KEY,
    sealed_value VARCHAR(4096) NOT NULL,
    created_at   BIGINT        NOT NULL
);

-- Bumped by every write transaction; replicas poll it to drop their caches.
CREATE TABLE store_version (
    id           INTEGER NOT NULL PRIMARY KEY,
    version      BIGINT  NOT NULL
);
INSERT INTO store_version (id, version) VALUES (1, 0);
