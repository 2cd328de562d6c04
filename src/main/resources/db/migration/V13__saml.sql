-- IAM SAML providers (issue 13). metadata is the IdP's metadata document as given (up to 10,000,000 characters).
-- valid_until: the metadata's validUntil (epoch ms), null when it has none.
CREATE TABLE saml_providers (
    arn          VARCHAR(2048) NOT NULL PRIMARY KEY,
    account_id   VARCHAR(12)   NOT NULL REFERENCES accounts(account_id),
    name         VARCHAR(128)  NOT NULL,
    metadata     TEXT          NOT NULL,
    created_at   BIGINT        NOT NULL,
    updated_at   BIGINT        NOT NULL,
    valid_until  BIGINT
);
CREATE INDEX saml_providers_account_ix ON saml_providers(account_id);

-- One-time use of SAML assertions, shared by every replica: the key is a SHA-256 of issuer and assertion ID; a row
-- may be deleted once expires_at (epoch ms: the last moment the assertion could still be accepted) has passed.
CREATE TABLE saml_assertion_uses (
    assertion_key VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at    BIGINT      NOT NULL
);
CREATE INDEX saml_assertion_uses_expiry_ix ON saml_assertion_uses(expires_at);
