-- The AWS SSO protocols (issue 10, face 2): registered OIDC clients, one-time grants (device codes, pending
-- authorization requests, authorization codes) and the access/refresh tokens handed to the AWS tools. Every secret
-- is stored as its SHA-256 (hex); the person's ID token is sealed under the master key, bound to its row.
CREATE TABLE sso_clients (
    client_id      VARCHAR(64)   NOT NULL PRIMARY KEY,
    secret_hash    VARCHAR(64)   NOT NULL,
    client_name    VARCHAR(255)  NOT NULL,
    sign_in_key    VARCHAR(16),
    redirect_uris  VARCHAR(4096) NOT NULL,
    grant_types    VARCHAR(1024) NOT NULL,
    scopes         VARCHAR(4096) NOT NULL,
    issued_at      BIGINT        NOT NULL,
    expires_at     BIGINT        NOT NULL
);

CREATE TABLE sso_grants (
    id_hash         VARCHAR(64)   NOT NULL PRIMARY KEY,
    kind            VARCHAR(16)   NOT NULL,
    client_id       VARCHAR(64)   NOT NULL REFERENCES sso_clients(client_id) ON DELETE CASCADE,
    sign_in_key     VARCHAR(16)   NOT NULL,
    user_code_hash  VARCHAR(64),
    redirect_uri    VARCHAR(2048),
    state           VARCHAR(2048),
    code_challenge  VARCHAR(128),
    scopes          VARCHAR(4096) NOT NULL,
    sealed_id_token VARCHAR(65536),
    last_poll_at    BIGINT,
    expires_at      BIGINT        NOT NULL
);
CREATE UNIQUE INDEX sso_grants_user_code ON sso_grants(user_code_hash);

CREATE TABLE sso_tokens (
    token_hash         VARCHAR(64)   NOT NULL PRIMARY KEY,
    refresh_hash       VARCHAR(64)   NOT NULL UNIQUE,
    client_id          VARCHAR(64)   NOT NULL REFERENCES sso_clients(client_id) ON DELETE CASCADE,
    sign_in_key        VARCHAR(16)   NOT NULL,
    scopes             VARCHAR(4096) NOT NULL,
    sealed_id_token    VARCHAR(65536) NOT NULL,
    login_at           BIGINT        NOT NULL,
    expires_at         BIGINT        NOT NULL,
    refresh_expires_at BIGINT        NOT NULL
);
