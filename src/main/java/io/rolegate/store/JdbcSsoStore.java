package io.rolegate.store;

import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.model.SsoToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Lists are kept space-separated (URIs, grant types and scope tokens have no space). Writes are single auto-commit
 * statements, never a transaction: SSO state is no IAM entity, so it must not invalidate the IAM caches.
 */
@ApplicationScoped
public class JdbcSsoStore implements SsoStore {
    @Inject
    Sql sql;

    private static List<String> words(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(" "));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long v = Sql.nullableLong(rs, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    private static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    private static SsoClient client(ResultSet rs) throws SQLException {
        return new SsoClient(rs.getString("client_id"), rs.getString("secret_hash"), rs.getString("client_name"),
                rs.getString("sign_in_key"), words(rs.getString("redirect_uris")), words(rs.getString("grant_types")),
                words(rs.getString("scopes")), instant(rs, "issued_at"), instant(rs, "expires_at"));
    }

    private static SsoGrant grant(ResultSet rs) throws SQLException {
        return new SsoGrant(rs.getString("id_hash"), SsoGrant.Kind.valueOf(rs.getString("kind")),
                rs.getString("client_id"), rs.getString("sign_in_key"), rs.getString("user_code_hash"),
                rs.getString("redirect_uri"), rs.getString("state"), rs.getString("code_challenge"),
                words(rs.getString("scopes")), rs.getString("sealed_id_token"), instant(rs, "last_poll_at"),
                instant(rs, "expires_at"));
    }

    private static SsoToken token(ResultSet rs) throws SQLException {
        return new SsoToken(rs.getString("token_hash"), rs.getString("refresh_hash"), rs.getString("client_id"),
                rs.getString("sign_in_key"), words(rs.getString("scopes")), rs.getString("sealed_id_token"),
                instant(rs, "login_at"), instant(rs, "expires_at"), instant(rs, "refresh_expires_at"));
    }

    @Override
    public void putClient(SsoClient c) {
        sql.update("INSERT INTO sso_clients (client_id, secret_hash, client_name, sign_in_key, redirect_uris, "
                        + "grant_types, scopes, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.clientId(), c.secretHash(), c.clientName(), c.signInKey(), String.join(" ", c.redirectUris()),
                String.join(" ", c.grantTypes()), String.join(" ", c.scopes()), millis(c.issuedAt()),
                millis(c.expiresAt()));
    }

    @Override
    public Optional<SsoClient> client(String clientId) {
        return sql.one("SELECT * FROM sso_clients WHERE client_id = ?", JdbcSsoStore::client, clientId);
    }

    @Override
    public void putGrant(SsoGrant g) {
        sql.update("INSERT INTO sso_grants (id_hash, kind, client_id, sign_in_key, user_code_hash, redirect_uri, state, "
                        + "code_challenge, scopes, sealed_id_token, last_poll_at, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                g.idHash(), g.kind().name(), g.clientId(), g.signInKey(), g.userCodeHash(), g.redirectUri(), g.state(),
                g.codeChallenge(), String.join(" ", g.scopes()), g.sealedIdToken(), millis(g.lastPollAt()),
                millis(g.expiresAt()));
    }

    @Override
    public Optional<SsoGrant> grant(String idHash) {
        return sql.one("SELECT * FROM sso_grants WHERE id_hash = ?", JdbcSsoStore::grant, idHash);
    }

    @Override
    public Optional<SsoGrant> grantByUserCode(String userCodeHash) {
        return sql.one("SELECT * FROM sso_grants WHERE user_code_hash = ?", JdbcSsoStore::grant, userCodeHash);
    }

    @Override
    public boolean approve(String idHash, String sealedIdToken, Instant now) {
        return sql.update("UPDATE sso_grants SET sealed_id_token = ? WHERE id_hash = ? AND kind = 'DEVICE' "
                + "AND sealed_id_token IS NULL AND expires_at > ?", sealedIdToken, idHash, now.toEpochMilli()) == 1;
    }

    @Override
    public void polled(String idHash, Instant at) {
        sql.updateAdvisory("UPDATE sso_grants SET last_poll_at = ? WHERE id_hash = ?", at.toEpochMilli(), idHash);
    }

    @Override
    public boolean consumeGrant(String idHash) {
        return sql.update("DELETE FROM sso_grants WHERE id_hash = ?", idHash) == 1;
    }

    @Override
    public void putToken(SsoToken t) {
        sql.update("INSERT INTO sso_tokens (token_hash, refresh_hash, client_id, sign_in_key, scopes, sealed_id_token, "
                        + "login_at, expires_at, refresh_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                t.tokenHash(), t.refreshHash(), t.clientId(), t.signInKey(), String.join(" ", t.scopes()),
                t.sealedIdToken(), millis(t.loginAt()), millis(t.expiresAt()), millis(t.refreshExpiresAt()));
    }

    @Override
    public Optional<SsoToken> token(String tokenHash) {
        return sql.one("SELECT * FROM sso_tokens WHERE token_hash = ?", JdbcSsoStore::token, tokenHash);
    }

    @Override
    public Optional<SsoToken> tokenByRefresh(String refreshHash) {
        return sql.one("SELECT * FROM sso_tokens WHERE refresh_hash = ?", JdbcSsoStore::token, refreshHash);
    }

    @Override
    public boolean deleteToken(String tokenHash) {
        return sql.update("DELETE FROM sso_tokens WHERE token_hash = ?", tokenHash) == 1;
    }

    @Override
    public void purgeExpired(Instant now) {
        long t = now.toEpochMilli();
        sql.updateAdvisory("DELETE FROM sso_grants WHERE expires_at <= ?", t);
        sql.updateAdvisory("DELETE FROM sso_tokens WHERE refresh_expires_at <= ?", t);
        sql.updateAdvisory("DELETE FROM sso_clients WHERE expires_at <= ?", t);
    }
}
