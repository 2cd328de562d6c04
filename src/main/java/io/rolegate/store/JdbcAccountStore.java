package io.rolegate.store;

import io.rolegate.model.Account;
import io.rolegate.model.ManagedPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcAccountStore implements AccountStore {
    @Inject
    Sql sql;

    private static Account map(ResultSet rs) throws SQLException {
        return new Account(rs.getString("account_id"), rs.getString("alias"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    @Override
    public Optional<Account> find(String accountId) {
        return sql.one("SELECT * FROM accounts WHERE account_id = ?", JdbcAccountStore::map, accountId);
    }

    @Override
    public List<Account> all() {
        return sql.list("SELECT * FROM accounts WHERE account_id <> ? ORDER BY account_id", JdbcAccountStore::map,
                ManagedPolicy.AWS_ACCOUNT); // the reserved owner of AWS managed policies is no tenant
    }

    @Override
    public void insert(Account a) {
        sql.update("INSERT INTO accounts (account_id, alias, created_at) VALUES (?, ?, ?)", a.id(), a.alias(),
                a.created().toEpochMilli());
    }

    @Override
    public void updateAlias(String accountId, String alias) {
        sql.update("UPDATE accounts SET alias = ? WHERE account_id = ?", alias, accountId);
    }
}
