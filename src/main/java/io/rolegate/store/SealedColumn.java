package io.rolegate.store;

/**
 * Every column that holds a value sealed under the master key, with the primary key its rows are walked by (rows whose
 * value is NULL are skipped). A new sealed column must be added here, or a master-key rotation leaves it behind
 * (iam.MasterKeyRotationTest checks that every column of the schema named like *sealed* is listed).
 */
public enum SealedColumn {
    ACCESS_KEY_SECRETS("access_keys", "access_key_id", "secret_sealed"),
    MFA_SEEDS("mfa_devices", "serial_number", "seed_sealed"),
    SIGNING_KEYS("signing_keys", "kid", "sealed_jwk"),
    SERVER_SECRETS("server_secrets", "name", "sealed_value"),
    OIDC_SIGN_IN_CLIENT_SECRETS("oidc_sign_ins", "provider_arn", "sealed_client_secret"),
    SAML_PRIVATE_KEYS("saml_private_keys", "key_id", "sealed_private_key"),
    /** The person's ID token behind an SSO access token (sso.SsoTokens). */
    SSO_TOKEN_ID_TOKENS("sso_tokens", "token_hash", "sealed_id_token"),
    /** The ID token of an approved device grant or an authorization code, until CreateToken uses it. */
    SSO_GRANT_ID_TOKENS("sso_grants", "id_hash", "sealed_id_token");

    final String table;
    final String keyColumn;
    final String sealedColumn;

    SealedColumn(String table, String keyColumn, String sealedColumn) {
        this.table = table;
        this.keyColumn = keyColumn;
        this.sealedColumn = sealedColumn;
    }

    /** table.column, as the rotation reports it. */
    public String qualifiedName() {
        return table + "." + sealedColumn;
    }
}
