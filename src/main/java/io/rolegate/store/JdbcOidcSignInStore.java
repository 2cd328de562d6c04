package io.rolegate.store;

import io.rolegate.model.OidcSignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Scopes are kept space-separated (an OAuth scope token has no space). */
@ApplicationScoped
public class JdbcOidcSignInStore implements OidcSignInStore {
    @Inject
    Sql sql;

    private static OidcSignIn map(ResultSet rs) throws SQLException {
        String scopes = rs.getString("scopes");
        return new OidcSignIn(rs.getString("provider_arn"), rs.getString("account_id"), rs.getString("client_id"),
                rs.getString("sealed_client_secret"),
                scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    @Override
    public Optional<OidcSignIn> find(String providerArn) {
        return sql.one("SELECT * FROM oidc_sign_ins WHERE provider_arn = ?", JdbcOidcSignInStore::map, providerArn);
    }

    @Override
    public List<OidcSignIn> all() {
        return sql.list("SELECT * FROM oidc_sign_ins ORDER BY provider_arn", JdbcOidcSignInStore::map);
    }

    @Override
    public void put(OidcSignIn s) {
        sql.changing(() -> {
            sql.update("DELETE FROM oidc_sign_ins WHERE provider_arn = ?", s.providerArn());
            sql.update("INSERT INTO oidc_sign_ins (provider_arn, account_id, client_id, sealed_client_secret, scopes, "
                            + "updated_at) VALUES (?, ?, ?, ?, ?, ?)", s.providerArn(), s.accountId(), s.clientId(),
                    s.sealedClientSecret(), String.join(" ", s.scopes()), s.updated().toEpochMilli());
        }, Change.of(Change.Kind.OIDC_SIGN_IN, s.providerArn(), s.accountId()));
    }

    @Override
    public void delete(String providerArn) {
        sql.changing(() -> sql.update("DELETE FROM oidc_sign_ins WHERE provider_arn = ?", providerArn),
                Change.of(Change.Kind.OIDC_SIGN_IN, providerArn));
    }
}
