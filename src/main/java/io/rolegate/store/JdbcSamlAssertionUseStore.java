package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;

/** Single auto-committed statements: the unique key decides between concurrent uses on any replica. */
@ApplicationScoped
public class JdbcSamlAssertionUseStore implements SamlAssertionUseStore {
    @Inject
    Sql sql;

    @Override
    public boolean firstUse(String key, Instant expiresAt, Instant now) {
        sql.update("DELETE FROM saml_assertion_uses WHERE expires_at < ?", now.toEpochMilli());
        return sql.insertIfAbsent("INSERT INTO saml_assertion_uses (assertion_key, expires_at) VALUES (?, ?)", key,
                expiresAt.toEpochMilli());
    }
}
