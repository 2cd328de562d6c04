-- Encrypted SAML assertions (issue 13): a provider's AssertionEncryptionMode (Required | Allowed, null when never
-- set) and its private keys (at most two), each sealed under the master key (store/SealedColumn) with its key id as
-- associated data. key_id: IAM's KeyId, unique (derived from the provider ARN and the key). created_at: epoch ms.
ALTER TABLE saml_providers ADD COLUMN assertion_encryption_mode VARCHAR(16);
CREATE TABLE saml_private_keys (
    key_id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    provider_arn       VARCHAR(2048) NOT NULL REFERENCES saml_providers(arn),
    sealed_private_key TEXT          NOT NULL,
    created_at         BIGINT        NOT NULL
);
CREATE INDEX saml_private_keys_provider_ix ON saml_private_keys(provider_arn);
