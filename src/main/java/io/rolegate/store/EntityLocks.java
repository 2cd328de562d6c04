package io.rolegate.store;

import io.rolegate.model.PolicyOwnerKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Row locks taken inside a transaction before a check-then-write against a quota (inline size, attached policies,
 * versions, groups per user), so two concurrent requests cannot both pass the check. Held until commit.
 */
@ApplicationScoped
public class EntityLocks {
    @Inject
    Sql sql;

    public void lockOwner(PolicyOwnerKind kind, String id) {
        switch (kind) {
            case USER -> lockUser(id);
            case GROUP -> sql.one("SELECT group_id FROM iam_groups WHERE group_id = ? FOR UPDATE", rs -> rs.getString(1), id);
            case ROLE -> sql.one("SELECT role_id FROM roles WHERE role_id = ? FOR UPDATE", rs -> rs.getString(1), id);
        }
    }

    public void lockUser(String userId) {
        sql.one("SELECT user_id FROM users WHERE user_id = ? FOR UPDATE", rs -> rs.getString(1), userId);
    }

    public void lockPolicy(String policyId) {
        sql.one("SELECT policy_id FROM managed_policies WHERE policy_id = ? FOR UPDATE", rs -> rs.getString(1), policyId);
    }
}
