package io.rolegate.projects;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.util.regex.Pattern;

/**
 * Project names: 1 to 64 characters, ASCII letters, digits, {@code _ . -}, starting with a letter or digit. No
 * {@code *} or {@code ?}, which would act as wildcards in the ARN a policy names; no {@code /} or spaces. Errors in
 * the wording of AWS's request validation (REST-JSON services answer ValidationException).
 */
final class ProjectNames {
    static final int MAX_LENGTH = 64;
    static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9_.-]*$";
    private static final Pattern NAME = Pattern.compile(PATTERN);

    private ProjectNames() {
    }

    /** @param member the request member the name came from, as the message names it */
    static String check(String name, String member) {
        if (name == null) {
            throw invalid("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        String prefix = "Value '" + name + "' at '" + member + "' failed to satisfy constraint: ";
        if (name.isEmpty()) {
            throw invalid(prefix + "Member must have length greater than or equal to 1");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(prefix + "Member must have length less than or equal to " + MAX_LENGTH);
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid(prefix + "Member must satisfy regular expression pattern: " + PATTERN);
        }
        return name;
    }

    private static AwsException invalid(String detail) {
        return new AwsException(ErrorCode.ValidationException, "1 validation error detected: " + detail);
    }
}
