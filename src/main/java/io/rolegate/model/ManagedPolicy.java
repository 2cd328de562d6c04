package io.rolegate.model;

import java.time.Instant;

/**
 * A customer managed policy. {@code attachmentCount} and {@code boundaryUsageCount} are read together with the row
 * (how many users, groups and roles it is attached to; how many users and roles use it as permissions boundary).
 */
public record ManagedPolicy(String policyId, String accountId, String arn, String policyName, String path,
                            String description, String defaultVersionId, int nextVersion, Instant created,
                            Instant updated, long attachmentCount, long boundaryUsageCount) {
}
