-- Sign-in of people through an IAM OIDC provider (the SSO portal, issue 10): what the authorization code flow needs
-- beyond the provider object. One row per provider; deleting the provider deletes its sign-in.
CREATE TABLE oidc_sign_ins (
    provider_arn         VARCHAR(2048)  NOT NULL PRIMARY KEY REFERENCES oidc_providers(arn) ON DELETE CASCADE,
    account_id           VARCHAR(12)    NOT NULL,
    client_id            VARCHAR(255)   NOT NULL,
    sealed_client_secret VARCHAR(4096)  NOT NULL,
    scopes               VARCHAR(4096)  NOT NULL,
    updated_at           BIGINT         NOT NULL
);
