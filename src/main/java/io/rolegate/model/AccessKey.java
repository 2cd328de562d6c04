package io.rolegate.model;

import java.time.Instant;

/** A long-term access key. The secret is never part of this value: it stays sealed in the store. */
public record AccessKey(String accessKeyId, String accountId, String userId, Status status, Instant created,
                        Instant lastUsed, String lastUsedService, String lastUsedRegion) {
    public enum Status { Active, Inactive }

    public boolean active() {
        return status == Status.Active;
    }
}
