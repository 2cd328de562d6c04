package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects shape violations and reports them the way AWS does:
 * {@code 2 validation errors detected: Value 'x' at 'userName' failed to satisfy constraint: ...; Value ...}.
 */
public final class Validation {
    private final List<String> clauses = new ArrayList<>();
    private final List<Runnable> formatChecks = new ArrayList<>();

    public Validation fail(Object value, String member, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        clauses.add("Value " + shown + " at '" + member + "' failed to satisfy constraint: " + constraint);
        return this;
    }

    /** Checks a string member; null is allowed unless {@code required}. */
    public Validation string(String value, String member, boolean required, int min, int max, Pattern pattern) {
        if (value == null) {
            if (required) {
                fail(null, member, "Member must not be null");
            }
            return this;
        }
        int len = value.codePointCount(0, value.length());
        if (len < min) {
            fail(value, member, "Member must have length greater than or equal to " + min);
        } else if (len > max) {
            fail(value, member, "Member must have length less than or equal to " + max);
        }
        if (pattern != null && !pattern.matcher(value).matches()) {
            fail(value, member, "Member must satisfy regular expression pattern: " + pattern.pattern());
        }
        return this;
    }

    /** A length-checked secret (a token): AWS-shaped clauses that never echo the value ("Value at 'm' ..."). */
    public Validation secret(String value, String member, boolean required, int min, int max) {
        if (value == null) {
            return string(null, member, required, min, max, null);
        }
        int len = value.codePointCount(0, value.length());
        if (len < min) {
            clauses.add("Value at '" + member + "' failed to satisfy constraint: Member must have length greater than or equal to " + min);
        } else if (len > max) {
            clauses.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    /** Parses an optional integer member; a non-number is a ValidationError at once. */
    public Integer integer(String raw, String member, int min, int max) {
        if (raw == null) {
            return null;
        }
        int v;
        try {
            v = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw new AwsException(ErrorCode.ValidationError, "Value '" + raw + "' at '" + member
                    + "' failed to satisfy constraint: Member must be a number");
        }
        if (v < min) {
            fail(v, member, "Member must have value greater than or equal to " + min);
        } else if (v > max) {
            fail(v, member, "Member must have value less than or equal to " + max);
        }
        return v;
    }

    public Validation listSize(int size, String member, int max) {
        if (size > max) {
            clauses.add("Value at '" + member + "' failed to satisfy constraint: Member must have length less than or equal to " + max);
        }
        return this;
    }

    /**
     * A format check that throws its own AWS error (an ARN that is not a policy ARN, say); run by {@link #throwIfAny}
     * once every member has its shape, still before any authorization.
     */
    public Validation then(Runnable formatCheck) {
        formatChecks.add(formatCheck);
        return this;
    }

    public boolean ok() {
        return clauses.isEmpty();
    }

    public void throwIfAny() {
        if (clauses.isEmpty()) {
            formatChecks.forEach(Runnable::run);
            return;
        }
        String head = clauses.size() == 1 ? "1 validation error detected: " : clauses.size() + " validation errors detected: ";
        throw new AwsException(ErrorCode.ValidationError, head + String.join("; ", clauses));
    }
}
