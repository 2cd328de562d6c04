package io.rolegate.iam;

import io.rolegate.error.AwsErrors;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.model.Tag;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The tag rules shared by users, roles, policies and providers (docs/aws-behaviour.md §3.1: at most 50, keys case-insensitive), and by
 * session tags: the {@code aws:} prefix, in any case, is reserved for AWS
 * (https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html, "Tag naming limits and requirements").
 */
public final class Tags {
    public static final int MAX_PER_ENTITY = 50;
    public static final String RESERVED_PREFIX_MESSAGE =
            "User-defined tag keys can't start with 'aws:'. This prefix is reserved for AWS tags.";

    private Tags() {
    }

    /** The checks of the tags an IAM write adds: no reserved key, then no duplicate key. */
    public static void requireUserDefined(List<Tag> tags) {
        for (Tag t : tags) {
            if (isReserved(t.key())) {
                throw new AwsException(ErrorCode.InvalidInput, RESERVED_PREFIX_MESSAGE);
            }
        }
        requireNoDuplicates(tags);
    }

    /** Does the key start with the reserved {@code aws:} prefix (any case)? */
    public static boolean isReserved(String key) {
        return key != null && key.regionMatches(true, 0, "aws:", 0, 4);
    }

    public static void requireNoDuplicates(List<Tag> tags) {
        Set<String> seen = new HashSet<>();
        for (Tag t : tags) {
            if (!seen.add(t.key().toLowerCase(Locale.ROOT))) {
                throw AwsErrors.duplicateTagKeys(ErrorCode.InvalidInput);
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
