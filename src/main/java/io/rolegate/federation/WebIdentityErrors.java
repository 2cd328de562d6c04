package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/**
 * Every error the validator answers with. Messages observed from AWS (docs/aws-behaviour.md §2.3) are copied exactly;
 * the others (marked "ours") are our wording, since no AWS original is known.
 */
public final class WebIdentityErrors {
    private WebIdentityErrors() {
    }

    /** AWS (obs). */
    public static final String NO_PROVIDER = "No OpenIDConnect provider found in your account for ";
    /** AWS (obs). */
    public static final String INCORRECT_AUDIENCE = "Incorrect token audience";
    /** AWS (obs). */
    public static final String NO_VERIFICATION_KEY = "Couldn't retrieve verification key from your identity provider,"
            + " please reference AssumeRoleWithWebIdentity documentation for requirements";
    // ours
    public static final String BAD_LENGTH = "The web identity token must be between 4 and 20000 characters long";
    public static final String NOT_A_JWT = "The web identity token is not a well-formed signed JWT";
    public static final String BAD_ALGORITHM = "The web identity token is signed with an unsupported algorithm: ";
    public static final String CRITICAL_HEADER = "The web identity token has critical header parameters we do not understand";
    public static final String MISSING_ISSUER = "The web identity token has no issuer (iss)";
    public static final String BAD_SIGNATURE = "The web identity token signature is not valid";
    public static final String BAD_DATE = "The web identity token has a malformed date claim: ";
    public static final String MISSING_EXP = "The web identity token has no expiration (exp)";
    public static final String MISSING_SUB = "The web identity token has no subject (sub)";
    public static final String SUB_TOO_LONG = "The web identity token subject (sub) is longer than 255 characters";
    public static final String BAD_SOURCE_IDENTITY = "The web identity token has an invalid source identity claim";
    /** Ours: the default message of IDPCommunicationError. */
    public static final String IDP_UNREACHABLE = ErrorCode.IDPCommunicationError.defaultMessage();

    static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidIdentityToken, message);
    }

    /** AWS (obs), including the missing space before the expiration time. */
    static AwsException expired(long nowEpochSeconds, long expEpochSeconds) {
        return new AwsException(ErrorCode.ExpiredTokenException, "Token expired: current date/time " + nowEpochSeconds
                + " must be before the expiration date/time" + expEpochSeconds);
    }

    /** Ours, shaped like the expiry message. */
    static AwsException notYetValid(long nowEpochSeconds, long nbfEpochSeconds) {
        return invalid("Token not yet valid: current date/time " + nowEpochSeconds
                + " must be after the not-before date/time " + nbfEpochSeconds);
    }

    /** Ours. */
    static AwsException issuedInFuture(long nowEpochSeconds, long iatEpochSeconds) {
        return invalid("Token issued in the future: current date/time " + nowEpochSeconds
                + " is before the issue date/time " + iatEpochSeconds);
    }
}
