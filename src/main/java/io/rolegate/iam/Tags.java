package io.rolegate.iam;

import io.rolegate.model.Tag;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The tag rules shared by users, roles, policies and providers (spec 3.1: at most 50, keys case-insensitive). */
public final class Tags {
    public static final int MAX_PER_ENTITY = 50;

    private Tags() {
    }

    public static void requireNoDuplicates(List<Tag> tags) {
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            if (!seen.add(t.key().toLowerCase(Locale.ROOT))) {
                throw new AwsException(ErrorCode.InvalidInput,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
    }

    /** The number of distinct keys after merging {@code added} into {@code existing} must stay within the quota. */
    public static void requireWithinQuota(List<Tag> existing, List<Tag> added) {
        Set<String> keys = new HashSet<>();
        existing.forEach(t -> keys.add(t.key().toLowerCase(Locale.ROOT)));
        added.forEach(t -> keys.add(t.key().toLowerCase(Locale.ROOT)));
        if (keys.size() > MAX_PER_ENTITY) {
            throw new AwsException(ErrorCode.LimitExceeded, "The number of tags has reached the maximum limit.");
        }
    }
}
