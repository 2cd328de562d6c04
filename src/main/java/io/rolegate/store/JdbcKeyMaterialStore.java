package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcKeyMaterialStore implements KeyMaterialStore {
    // Nullable BIGINT parameters are bound as typed NULLs by Sql (VARCHAR): CAST keeps PostgreSQL happy.
    @Inject
    Sql sql;

    private static StoredSigningKey map(ResultSet rs) throws SQLException {
        Long activated = Sql.nullableLong(rs, "activated_at");
        Long retired = Sql.nullableLong(rs, "retired_at");
        return new StoredSigningKey(rs.getString("kid"), rs.getString("sealed_jwk"), rs.getString("state"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                activated == null ? null : Instant.ofEpochMilli(activated),
                retired == null ? null : Instant.ofEpochMilli(retired));
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    @Override
    public List<StoredSigningKey> signingKeys() {
        return sql.list("SELECT * FROM signing_keys ORDER BY created_at, kid", JdbcKeyMaterialStore::map);
    }

    @Override
    public boolean insertSigningKeyIfAbsent(StoredSigningKey k) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO signing_keys (kid, sealed_jwk, state, created_at,"
                        + " activated_at, retired_at) VALUES (?, ?, ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT))", k.kid(),
                k.sealedJwk(), k.state(), millis(k.createdAt()), millis(k.activatedAt()), millis(k.retiredAt())),
                signingKey(k.kid()));
    }

    @Override
    public boolean updateSigningKey(StoredSigningKey k, String expectedState) {
        return sql.changing(() -> sql.update("UPDATE signing_keys SET sealed_jwk = ?, state = ?,"
                        + " activated_at = CAST(? AS BIGINT), retired_at = CAST(? AS BIGINT) WHERE kid = ? AND state = ?",
                k.sealedJwk(), k.state(), millis(k.activatedAt()), millis(k.retiredAt()), k.kid(), expectedState) == 1,
                signingKey(k.kid()));
    }

    @Override
    public boolean deleteSigningKey(String kid, String expectedState) {
        return sql.changing(() -> sql.update("DELETE FROM signing_keys WHERE kid = ? AND state = ?", kid,
                expectedState) == 1, signingKey(kid));
    }

    @Override
    public Optional<String> serverSecret(String name) {
        return sql.one("SELECT sealed_value FROM server_secrets WHERE name = ?", rs -> rs.getString(1), name);
    }

    @Override
    public List<StoredSecret> serverSecrets(String namePrefix) {
        return sql.list("SELECT name, sealed_value, created_at FROM server_secrets WHERE name LIKE ? ORDER BY name",
                rs -> new StoredSecret(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))),
                namePrefix + "%");
    }

    @Override
    public boolean deleteServerSecret(String name) {
        return sql.changing(() -> sql.update("DELETE FROM server_secrets WHERE name = ?", name) == 1,
                Change.of(Change.Kind.SERVER_SECRET, name));
    }

    @Override
    public boolean insertServerSecretIfAbsent(String name, String sealedValue, Instant createdAt) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO server_secrets (name, sealed_value, created_at)"
                + " VALUES (?, ?, ?)", name, sealedValue, createdAt.toEpochMilli()), Change.of(Change.Kind.SERVER_SECRET, name));
    }

    private static Change signingKey(String kid) {
        return Change.of(Change.Kind.SIGNING_KEY, kid);
    }
}
