package io.rolegate.store;

import io.rolegate.model.SessionRevocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcRevocationStore implements RevocationStore {
    private static final String COLUMNS = "kind, subject, account_id, issued_before, revoked_at, prune_after";

    @Inject
    Sql sql;

    private static SessionRevocation map(ResultSet rs) throws SQLException {
        return new SessionRevocation(SessionRevocation.Kind.valueOf(rs.getString("kind")), rs.getString("subject"),
                rs.getString("account_id"), Instant.ofEpochMilli(rs.getLong("issued_before")),
                Instant.ofEpochMilli(rs.getLong("revoked_at")), Instant.ofEpochMilli(rs.getLong("prune_after")));
    }

    @Override
    public SessionRevocation revoke(SessionRevocation r) {
        return sql.changing(() -> record(r), Change.of(Change.Kind.REVOCATION, r.subject(), r.accountId()));
    }

    private SessionRevocation record(SessionRevocation r) {
        boolean inserted = sql.insertIfAbsent("INSERT INTO session_revocations (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?)", r.kind().name(), r.subject(), r.accountId(),
                r.issuedBefore().toEpochMilli(), r.revokedAt().toEpochMilli(), r.pruneAfter().toEpochMilli());
        if (!inserted) {
            // conditional: of two concurrent revocations the later watermark wins, whatever the commit order
            sql.update("UPDATE session_revocations SET issued_before = ?, revoked_at = ?, prune_after = ? "
                            + "WHERE kind = ? AND subject = ? AND issued_before < ?", r.issuedBefore().toEpochMilli(),
                    r.revokedAt().toEpochMilli(), r.pruneAfter().toEpochMilli(), r.kind().name(), r.subject(),
                    r.issuedBefore().toEpochMilli());
        }
        return find(r.kind(), r.subject()).orElseThrow();
    }

    @Override
    public Optional<SessionRevocation> find(SessionRevocation.Kind kind, String subject) {
        return sql.one("SELECT " + COLUMNS + " FROM session_revocations WHERE kind = ? AND subject = ?",
                JdbcRevocationStore::map, kind.name(), subject);
    }

    @Override
    public List<SessionRevocation> live(Instant now) {
        return sql.list("SELECT " + COLUMNS + " FROM session_revocations WHERE prune_after > ?",
                JdbcRevocationStore::map, now.toEpochMilli());
    }

    @Override
    public boolean anyPrunable(Instant now) {
        return sql.count("SELECT COUNT(*) FROM session_revocations WHERE prune_after <= ?", now.toEpochMilli()) > 0;
    }

    @Override
    public int prune(Instant now) {
        return sql.changing(() -> sql.update("DELETE FROM session_revocations WHERE prune_after <= ?", now.toEpochMilli()),
                Change.of(Change.Kind.REVOCATION, "pruned"));
    }
}
