package io.rolegate.model;

import java.time.Instant;

/** An IAM group: a named set of users that share the group's policies. */
public record Group(String groupId, String accountId, String groupName, String path, Instant created) {
    public String arn() {
        return Arns.group(accountId, path, groupName);
    }
}
