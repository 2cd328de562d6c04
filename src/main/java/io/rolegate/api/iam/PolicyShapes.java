package io.rolegate.api.iam;

import io.rolegate.api.Validation;
import io.rolegate.iam.ManagedPolicyService;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Member shapes of the group and policy actions (botocore's IAM model: docs/aws-behaviour.md §0), and the wire form of
 * policy documents.
 */
final class PolicyShapes {
    private PolicyShapes() {
    }

    static final Pattern POLICY_PATH = Pattern.compile("((/[A-Za-z0-9\\.,\\+@=_-]+)*)/");
    static final Pattern VERSION_ID = Pattern.compile("v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?");
    static final int MAX_DOCUMENT = 131072;

    /** IAM returns documents percent-encoded (see {@link PolicyText}); clients decode them. */
    static String encodeDocument(String document) {
        return PolicyText.encode(document);
    }

    /** An enum member: null when absent; a validation clause when not one of the values. */
    static <E extends Enum<E>> E enumValue(String raw, String member, Class<E> type, Validation v) {
        if (raw == null) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(raw)) {
                return e;
            }
        }
        v.fail(raw, member, "Member must satisfy enum value set: " + Arrays.toString(type.getEnumConstants()));
        return null;
    }

    /** A policy ARN member (PolicyArn, PermissionsBoundary): its format is checked with the shapes, before authorization. */
    static void policyArn(String arn, Validation v) {
        if (arn != null) {
            v.then(() -> ManagedPolicyService.requirePolicyArn(arn));
        }
    }

    /** A boolean member: "true"/"false" (any case); absent is false. */
    static boolean bool(String raw) {
        return raw != null && Boolean.parseBoolean(raw.trim());
    }
}
