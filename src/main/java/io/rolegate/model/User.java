package io.rolegate.model;

import java.time.Instant;

/** An IAM user. {@code admin} marks the account's bootstrap administrator, who may do everything in its account. */
public record User(String userId, String accountId, String userName, String path, boolean admin, String boundaryArn,
                   Instant created) {
    public String arn() {
        return Arns.user(accountId, path, userName);
    }
}
