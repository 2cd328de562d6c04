package io.rolegate.policy;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;

/**
 * Size and character limits of policy documents (docs/aws-behaviour.md §4.5). {@link Policy#compile} applies them; the
 * IAM service uses {@link #size(String)} for its aggregate inline quotas (2048 per user, 5120 per group, 10240 per
 * role).
 */
public final class PolicyLimits {
    public static final int MAX_DOCUMENT_CHARS = 131072;
    public static final int MANAGED_POLICY_SIZE = 6144;
    public static final int TRUST_POLICY_SIZE = 2048;
    public static final int SESSION_POLICY_CHARS = 2048;
    static final String DOCUMENT_PATTERN = "[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";

    private PolicyLimits() {
    }

    /** The size AWS counts against policy quotas: every character except space, tab, CR and LF. */
    public static int size(String document) {
        int n = 0;
        for (int i = 0; i < document.length(); i++) {
            char c = document.charAt(i);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                n++;
            }
        }
        return n;
    }

    /**
     * ValidationError when the document is empty, longer than 131072 chars, or has a char outside
     * {@code [\u0009\u000A\u000D\u0020-\u00FF]}.
     */
    public static void checkDocumentShape(String document, String fieldName) {
        checkShape(document, fieldName, MAX_DOCUMENT_CHARS);
    }

    /** All limits of a kind: shape (ValidationError), then the kind's quota (LimitExceeded / ValidationError). */
    public static void checkDocument(PolicyKind kind, String document, String fieldName) {
        checkShape(document, fieldName, kind == PolicyKind.SESSION ? SESSION_POLICY_CHARS : MAX_DOCUMENT_CHARS);
        switch (kind) {
            case MANAGED -> {
                if (size(document) > MANAGED_POLICY_SIZE) {
                    throw new AwsException(ErrorCode.LimitExceeded,
                            "Cannot exceed quota for PolicySize: " + MANAGED_POLICY_SIZE);
                }
            }
            case TRUST -> checkTrustSize(document, TRUST_POLICY_SIZE);
            default -> {
            }
        }
    }

    /** LimitExceeded {@code Cannot exceed quota for ACLSizePerRole: <quota>}; the quota is adjustable up to 4096. */
    public static void checkTrustSize(String document, int quota) {
        if (size(document) > quota) {
            throw new AwsException(ErrorCode.LimitExceeded, "Cannot exceed quota for ACLSizePerRole: " + quota);
        }
    }

    static String defaultField(PolicyKind kind) {
        return switch (kind) {
            case MANAGED, INLINE_IDENTITY -> "policyDocument";
            case TRUST -> "assumeRolePolicyDocument";
            case SESSION, RESOURCE -> "policy";
        };
    }

    private static void checkShape(String document, String fieldName, int maxChars) {
        List<String> errors = new ArrayList<>(2);
        if (document.length() > maxChars) {
            errors.add("Member must have length less than or equal to " + maxChars);
        }
        if (document.isEmpty()) {
            errors.add("Member must have length greater than or equal to 1");
        }
        boolean patternOk = !document.isEmpty();
        for (int i = 0; i < document.length() && patternOk; i++) {
            char c = document.charAt(i);
            patternOk = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c <= 0xFF);
        }
        if (!patternOk) {
            errors.add("Member must satisfy regular expression pattern: " + DOCUMENT_PATTERN);
        }
        if (errors.isEmpty()) {
            return;
        }
        String prefix = "Value '" + document + "' at '" + fieldName + "' failed to satisfy constraint: ";
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size()).append(errors.size() == 1 ? " validation error detected: " : " validation errors detected: ");
        for (int i = 0; i < errors.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(prefix).append(errors.get(i));
        }
        throw new AwsException(ErrorCode.ValidationError, sb.toString());
    }
}
