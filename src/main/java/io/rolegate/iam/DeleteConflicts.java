package io.rolegate.iam;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.ReferenceStore;

/** The DeleteConflict rules shared by users, groups and roles: no entity is deleted while policies refer to it. */
final class DeleteConflicts {
    private DeleteConflicts() {
    }

    /** Inline policies first, then attached managed policies, as AWS reports them. */
    static void requireNoPolicies(ReferenceStore refs, String ownerId) {
        if (refs.inlinePolicies(ownerId) > 0) {
            throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must delete policies first.");
        }
        if (refs.attachedPolicies(ownerId) > 0) {
            throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must detach all policies first.");
        }
    }
}
