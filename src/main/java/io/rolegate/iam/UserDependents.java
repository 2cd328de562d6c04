package io.rolegate.iam;

import io.rolegate.model.User;

/**
 * What else refers to a user: group memberships and policies (owned by the group and policy services). The user
 * service asks before deleting, so a delete never leaves dangling rows.
 */
public interface UserDependents {
    /** Throws DeleteConflict with AWS's message when the user is still in a group or has policies. */
    void requireNoneBeforeDelete(User user);

    /** Throws NoSuchEntity/InvalidInput when the ARN does not name a managed policy usable as a permissions boundary. */
    void requireAttachablePolicy(String accountId, String policyArn);
}
