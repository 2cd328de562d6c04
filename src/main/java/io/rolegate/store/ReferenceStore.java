package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Counts of what refers to an entity, so deletes can refuse with DeleteConflict instead of leaving dangling rows. */
@ApplicationScoped
public class ReferenceStore {
    @Inject
    Sql sql;

    public long groupMemberships(String userId) {
        return sql.count("SELECT COUNT(*) FROM group_members WHERE user_id = ?", userId);
    }

    public long groupMembers(String groupId) {
        return sql.count("SELECT COUNT(*) FROM group_members WHERE group_id = ?", groupId);
    }

    public long inlinePolicies(String ownerId) {
        return sql.count("SELECT COUNT(*) FROM inline_policies WHERE owner_id = ?", ownerId);
    }

    public long attachedPolicies(String ownerId) {
        return sql.count("SELECT COUNT(*) FROM policy_attachments WHERE owner_id = ?", ownerId);
    }

    public long mfaDevices(String userId) {
        return sql.count("SELECT COUNT(*) FROM mfa_devices WHERE user_id = ?", userId);
    }

    public boolean managedPolicyExists(String arn) {
        return sql.count("SELECT COUNT(*) FROM managed_policies WHERE arn = ?", arn) > 0;
    }
}
