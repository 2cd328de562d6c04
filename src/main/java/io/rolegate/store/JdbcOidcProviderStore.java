package io.rolegate.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolegate.model.OidcProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Client ids and thumbprints are kept as JSON arrays of strings (client ids may hold any character). */
@ApplicationScoped
public class JdbcOidcProviderStore implements OidcProviderStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    Sql sql;

    static OidcProvider map(ResultSet rs) throws SQLException {
        return new OidcProvider(rs.getString("arn"), rs.getString("account_id"), rs.getString("url"),
                strings(rs.getString("client_ids")), strings(rs.getString("thumbprints")),
                Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt string list in oidc_providers", e);
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Optional<OidcProvider> find(String arn) {
        return sql.one("SELECT * FROM oidc_providers WHERE arn = ?", JdbcOidcProviderStore::map, arn);
    }

    @Override
    public Optional<OidcProvider> findByUrl(String accountId, String url) {
        return sql.one("SELECT * FROM oidc_providers WHERE account_id = ? AND url = ?", JdbcOidcProviderStore::map,
                accountId, url);
    }

    @Override
    public List<OidcProvider> list(String accountId) {
        return sql.list("SELECT * FROM oidc_providers WHERE account_id = ? ORDER BY arn", JdbcOidcProviderStore::map,
                accountId);
    }

    @Override
    public long count(String accountId) {
        return sql.count("SELECT COUNT(*) FROM oidc_providers WHERE account_id = ?", accountId);
    }

    @Override
    public boolean insertIfAbsent(OidcProvider p) {
        return sql.changing(() -> sql.insertIfAbsent("INSERT INTO oidc_providers (arn, account_id, url, client_ids,"
                        + " thumbprints, created_at) VALUES (?, ?, ?, ?, ?, ?)", p.arn(), p.accountId(), p.url(),
                json(p.clientIds()), json(p.thumbprints()), p.created().toEpochMilli()), changes(p.arn()));
    }

    @Override
    public void update(OidcProvider p) {
        sql.changing(() -> sql.update("UPDATE oidc_providers SET client_ids = ?, thumbprints = ? WHERE arn = ?",
                json(p.clientIds()), json(p.thumbprints()), p.arn()), changes(p.arn()));
    }

    @Override
    public void delete(String arn) {
        sql.changing(() -> sql.update("DELETE FROM oidc_providers WHERE arn = ?", arn), changes(arn));
    }

    /** The provider, and its account's lookups by issuer url (found or not). */
    private static Change[] changes(String arn) {
        String account = arn.split(":", 6)[4]; // arn:aws:iam::ACCOUNT:oidc-provider/...
        return new Change[]{Change.of(Change.Kind.OIDC_PROVIDER, arn, account),
                Change.of(Change.Kind.OIDC_PROVIDERS_OF_ACCOUNT, Change.providersOf(account), account)};
    }
}
