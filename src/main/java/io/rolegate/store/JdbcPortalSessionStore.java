package io.rolegate.store;

import io.rolegate.model.PortalSession;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class JdbcPortalSessionStore implements PortalSessionStore {
    @Inject
    Sql sql;

    private static PortalSession map(ResultSet rs) throws SQLException {
        long revoked = rs.getLong("revoked_at");
        return new PortalSession(rs.getString("access_key_id"), rs.getString("sign_in_key"), rs.getString("subject"),
                rs.getString("role_arn"), rs.getString("session_name"), Instant.ofEpochMilli(rs.getLong("issued_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), rs.wasNull() ? null : Instant.ofEpochMilli(revoked));
    }

    @Override
    public void insert(PortalSession s) {
        sql.update("INSERT INTO portal_sessions (access_key_id, sign_in_key, subject, role_arn, session_name, issued_at, "
                        + "expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)", s.accessKeyId(), s.signInKey(),
                s.subject(), s.roleArn(), s.sessionName(), s.issuedAt().toEpochMilli(), s.expiresAt().toEpochMilli());
    }

    @Override
    public List<PortalSession> active(String signInKey, String subject, Instant now) {
        return sql.list("SELECT * FROM portal_sessions WHERE sign_in_key = ? AND subject = ? AND expires_at > ? "
                + "AND revoked_at IS NULL ORDER BY issued_at DESC, access_key_id", JdbcPortalSessionStore::map,
                signInKey, subject, now.toEpochMilli());
    }

    @Override
    public boolean markRevoked(String signInKey, String subject, String accessKeyId, Instant at) {
        return sql.update("UPDATE portal_sessions SET revoked_at = ? WHERE access_key_id = ? AND sign_in_key = ? "
                + "AND subject = ? AND revoked_at IS NULL", at.toEpochMilli(), accessKeyId, signInKey, subject) == 1;
    }

    @Override
    public int deleteExpired(Instant now) {
        return sql.update("DELETE FROM portal_sessions WHERE expires_at <= ?", now.toEpochMilli());
    }

    @Override
    public void recordLogout(String issuer, String subject, Instant at) {
        // delete + insert in one transaction: portable upsert (H2 and PostgreSQL)
        sql.update("DELETE FROM portal_logouts WHERE issuer = ? AND subject = ? AND logged_out_at <= ?", issuer, subject,
                at.toEpochMilli());
        if (loggedOutAt(issuer, subject).isEmpty()) {
            sql.update("INSERT INTO portal_logouts (issuer, subject, logged_out_at) VALUES (?, ?, ?)", issuer, subject,
                    at.toEpochMilli());
        }
    }

    @Override
    public java.util.Optional<Instant> loggedOutAt(String issuer, String subject) {
        return sql.one("SELECT logged_out_at FROM portal_logouts WHERE issuer = ? AND subject = ?",
                rs -> Instant.ofEpochMilli(rs.getLong(1)), issuer, subject);
    }

    @Override
    public int deleteLogoutsBefore(Instant before) {
        return sql.update("DELETE FROM portal_logouts WHERE logged_out_at < ?", before.toEpochMilli());
    }
}
