package io.rolegate.model;

import java.time.Instant;

/** An IAM role: who may assume it (the trust policy, as the caller wrote it) and for how long. */
public record Role(String roleId, String accountId, String roleName, String path, String trustPolicy,
                   String description, int maxSessionDuration, String boundaryArn, Instant created,
                   Instant lastUsed, String lastUsedRegion) {
    public String arn() {
        return Arns.role(accountId, path, roleName);
    }
}
