package io.rolegate.store;

import io.rolegate.model.SamlPrivateKey;
import io.rolegate.model.SamlProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcSamlProviderStore implements SamlProviderStore {
    private static final String COLUMNS = "arn, account_id, name, metadata, created_at, updated_at, valid_until, "
            + "assertion_encryption_mode";

    @Inject
    Sql sql;

    private static SamlProvider map(ResultSet rs) throws SQLException {
        Long validUntil = Sql.nullableLong(rs, "valid_until");
        return new SamlProvider(rs.getString("arn"), rs.getString("account_id"), rs.getString("name"),
                rs.getString("metadata"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                Optional.ofNullable(validUntil).map(Instant::ofEpochMilli), rs.getString("assertion_encryption_mode"));
    }

    private static Long validUntil(SamlProvider p) {
        return p.validUntil().map(Instant::toEpochMilli).orElse(null);
    }

    @Override
    public Optional<SamlProvider> find(String arn) {
        return sql.one("SELECT " + COLUMNS + " FROM saml_providers WHERE arn = ?", JdbcSamlProviderStore::map, arn);
    }

    @Override
    public List<SamlProvider> list(String accountId) {
        return sql.list("SELECT " + COLUMNS + " FROM saml_providers WHERE account_id = ? ORDER BY arn",
                JdbcSamlProviderStore::map, accountId);
    }

    @Override
    public long count(String accountId) {
        return sql.count("SELECT COUNT(*) FROM saml_providers WHERE account_id = ?", accountId);
    }

    @Override
    public boolean insertIfAbsent(SamlProvider p) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO saml_providers (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS VARCHAR(16)))", p.arn(), p.accountId(), p.name(),
                p.metadata(), p.created().toEpochMilli(), p.updated().toEpochMilli(), validUntil(p), p.encryptionMode()),
                changed(p.arn()));
    }

    @Override
    public void update(SamlProvider p) {
        sql.changing(() -> sql.update("UPDATE saml_providers SET metadata = ?, updated_at = ?, valid_until = CAST(? AS BIGINT),"
                + " assertion_encryption_mode = CAST(? AS VARCHAR(16)) WHERE arn = ?", p.metadata(),
                p.updated().toEpochMilli(), validUntil(p), p.encryptionMode(), p.arn()), changed(p.arn()));
    }

    @Override
    public void delete(String arn) {
        sql.changing(() -> {
            sql.update("DELETE FROM saml_private_keys WHERE provider_arn = ?", arn);
            sql.update("DELETE FROM saml_providers WHERE arn = ?", arn);
        }, changed(arn));
    }

    @Override
    public List<SamlPrivateKey> privateKeys(String providerArn) {
        return sql.list("SELECT key_id, provider_arn, sealed_private_key, created_at FROM saml_private_keys"
                        + " WHERE provider_arn = ? ORDER BY created_at, key_id",
                rs -> new SamlPrivateKey(rs.getString("key_id"), rs.getString("provider_arn"),
                        rs.getString("sealed_private_key"), Instant.ofEpochMilli(rs.getLong("created_at"))), providerArn);
    }

    @Override
    public void addPrivateKey(SamlPrivateKey k) {
        sql.changing(() -> sql.update("INSERT INTO saml_private_keys (key_id, provider_arn, sealed_private_key, created_at)"
                + " VALUES (?, ?, ?, ?)", k.keyId(), k.providerArn(), k.sealedKey(), k.created().toEpochMilli()),
                changed(k.providerArn()));
    }

    @Override
    public void removePrivateKey(String providerArn, String keyId) {
        sql.changing(() -> sql.update("DELETE FROM saml_private_keys WHERE provider_arn = ? AND key_id = ?",
                providerArn, keyId), changed(providerArn));
    }

    /** The provider's own entry (its ARN names its account: arn:aws:iam::ACCOUNT:saml-provider/NAME). */
    private static Change changed(String arn) {
        String[] parts = arn.split(":", 6);
        return Change.of(Change.Kind.SAML_PROVIDER, arn, parts.length > 4 ? parts[4] : null);
    }
}
