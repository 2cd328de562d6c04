package io.rolegate.model;

import java.time.Instant;

/**
 * A managed policy: a customer's, or an AWS managed one (account {@link #AWS_ACCOUNT}, read-only, attachable by every
 * account; its counts are then the viewing account's). {@code attachmentCount} and {@code boundaryUsageCount} are read together with the row
 * (how many users, groups and roles it is attached to; how many users and roles use it as permissions boundary).
 */
public record ManagedPolicy(String policyId, String accountId, String arn, String policyName, String path,
                            String description, String defaultVersionId, int nextVersion, Instant created,
                            Instant updated, long attachmentCount, long boundaryUsageCount) {
    /** The owner of AWS managed policies (arn:aws:iam::aws:policy/...). */
    public static final String AWS_ACCOUNT = "aws";

    public boolean awsManaged() {
        return AWS_ACCOUNT.equals(accountId);
    }

    public ManagedPolicy withCounts(long attachments, long boundaryUses) {
        return new ManagedPolicy(policyId, accountId, arn, policyName, path, description, defaultVersionId, nextVersion,
                created, updated, attachments, boundaryUses);
    }
}
