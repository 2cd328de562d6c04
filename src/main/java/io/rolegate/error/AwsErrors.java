package io.rolegate.error;

/**
 * The errors whose exact AWS message is needed in more than one place but is not the only message of its code, so
 * it cannot be the code's default (see {@link ErrorCode}). Texts observed from AWS, as cited.
 */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** IAM answers InvalidInput, STS InvalidParameterValue, with the same text. */
    public static AwsException duplicateTagKeys(ErrorCode code) {
        return new AwsException(code, "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }

    /** Session policies and tags over the packing budget; {@code percent} is PackedPolicySize. */
    public static AwsException packedPolicyTooLarge(int percent) {
        return new AwsException(ErrorCode.PackedPolicyTooLarge,
                "Packed size of session policies and tags consumes " + percent + "% of allotted space.");
    }

    /** Observed: kreuzwerker/awsu#27. */
    public static AwsException durationOverRoleMaximum() {
        return new AwsException(ErrorCode.ValidationError,
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
    }

    /** Observed: aws/eks-anywhere#9485. */
    public static AwsException durationOverChainingLimit() {
        return new AwsException(ErrorCode.ValidationError,
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
    }

    /** SerialNumber without TokenCode or the reverse (AssumeRole and GetSessionToken). */
    public static AwsException mfaIncomplete() {
        return new AwsException(ErrorCode.AccessDenied,
                "MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.");
    }

    /** GetSessionToken with a code that does not validate (two spaces in AWS's original). */
    public static AwsException mfaNotValidated() {
        return new AwsException(ErrorCode.AccessDenied, "MultiFactorAuthentication failed, unable to validate MFA "
                + "code.  Please verify your MFA serial number is valid and associated with this user.");
    }
}
