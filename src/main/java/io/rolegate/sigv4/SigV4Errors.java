package io.rolegate.sigv4;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/**
 * The exact authentication error messages of docs/aws-behaviour.md §3.3, including the step-9 ones the caller raises
 * after key lookup.
 */
public final class SigV4Errors {
    public static final String MISSING_AUTHENTICATION_TOKEN = "Request is missing Authentication Token";
    public static final String SIGNATURE_DOES_NOT_MATCH = "The request signature we calculated does not match the "
            + "signature you provided. Check your AWS Secret Access Key and signing method. "
            + "Consult the service documentation for details.";
    public static final String HOST_NOT_SIGNED =
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
    public static final String INVALID_CLIENT_TOKEN_ID = "The security token included in the request is invalid.";
    public static final String EXPIRED_TOKEN = "The security token included in the request is expired";

    private SigV4Errors() {
    }

    /** Step 10. */
    public static AwsException signatureDoesNotMatch() {
        return new AwsException(ErrorCode.SignatureDoesNotMatch, SIGNATURE_DOES_NOT_MATCH);
    }

    static AwsException missingAuthenticationToken() {
        return new AwsException(ErrorCode.MissingAuthenticationToken, MISSING_AUTHENTICATION_TOKEN);
    }

    static AwsException incomplete(String message) {
        return new AwsException(ErrorCode.IncompleteSignature, message);
    }

    static AwsException mismatch(String message) {
        return new AwsException(ErrorCode.SignatureDoesNotMatch, message);
    }
}
