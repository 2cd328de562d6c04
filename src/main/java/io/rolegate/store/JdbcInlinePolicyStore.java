package io.rolegate.store;

import io.rolegate.model.InlinePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JdbcInlinePolicyStore implements InlinePolicyStore {
    @Inject
    Sql sql;

    @Override
    public List<InlinePolicy> list(String ownerId) {
        return sql.list("SELECT policy_name, document FROM inline_policies WHERE owner_id = ? ORDER BY policy_name",
                rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), ownerId);
    }

    @Override
    public Optional<InlinePolicy> find(String ownerId, String policyName) {
        return sql.one("SELECT policy_name, document FROM inline_policies WHERE owner_id = ? AND policy_name = ?",
                rs -> new InlinePolicy(rs.getString(1), rs.getString(2)), ownerId, policyName);
    }

    @Override
    public void put(String ownerId, String policyName, String document) {
        sql.changing(() -> {
            int updated = sql.update("UPDATE inline_policies SET document = ? WHERE owner_id = ? AND policy_name = ?",
                    document, ownerId, policyName);
            if (updated == 0) {
                sql.update("INSERT INTO inline_policies (owner_id, policy_name, document) VALUES (?, ?, ?)", ownerId,
                        policyName, document);
            }
        }, Change.of(Change.Kind.INLINE_POLICY, ownerId));
    }

    @Override
    public boolean delete(String ownerId, String policyName) {
        return sql.changing(() -> sql.update("DELETE FROM inline_policies WHERE owner_id = ? AND policy_name = ?", ownerId,
                policyName) > 0, Change.of(Change.Kind.INLINE_POLICY, ownerId));
    }
}
