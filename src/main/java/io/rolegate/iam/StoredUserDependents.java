package io.rolegate.iam;

import io.rolegate.model.ManagedPolicy;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.User;
import io.rolegate.store.ReferenceStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

@ApplicationScoped
public class StoredUserDependents implements UserDependents {
    @Inject
    ReferenceStore refs;

    @Override
    public void requireNoneBeforeDelete(User user) {
        if (refs.mfaDevices(user.userId()) > 0) {
            throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must delete MFA device first.");
        }
        DeleteConflicts.requireNoPolicies(refs, user.userId());
        // AWS's text is the same as DeleteGroup's (terraform#3774, openshift/cloud-credential-operator#467)
        if (refs.groupMemberships(user.userId()) > 0) {
            throw new AwsException(ErrorCode.DeleteConflict, "Cannot delete entity, must remove users from group first.");
        }
    }

    @Override
    public void requireAttachablePolicy(String accountId, String policyArn) {
        String acct = ManagedPolicyService.requirePolicyArn(policyArn).account();
        // another account's policy cannot bound this account's entities: it does not exist for the caller
        boolean visible = acct.equals(accountId) || acct.equals(ManagedPolicy.AWS_ACCOUNT);
        if (!visible || !refs.managedPolicyExists(policyArn)) {
            throw new AwsException(ErrorCode.NoSuchEntity,
                    "Scope ARN: " + policyArn + " does not exist or is not attachable.");
        }
    }
}
