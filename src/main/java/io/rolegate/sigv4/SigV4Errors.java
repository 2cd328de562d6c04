package io.rolegate.sigv4;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/** The authentication errors of docs/aws-behaviour.md §3.3 that the verifier raises; the step-9 ones (unknown key,
 * expired token) are the defaults of InvalidClientTokenId and ExpiredToken in the error table. */
public final class SigV4Errors {
    public static final String HOST_NOT_SIGNED =
            "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";

    private SigV4Errors() {
    }

    /** Step 10. */
    public static AwsException signatureDoesNotMatch() {
        return new AwsException(ErrorCode.SignatureDoesNotMatch);
    }

    /** A presigned URL used after X-Amz-Date + X-Amz-Expires (S3's code and message). */
    static AwsException requestExpired() {
        return new AwsException(ErrorCode.AccessDenied, "Request has expired");
    }

    static AwsException missingAuthenticationToken() {
        return new AwsException(ErrorCode.MissingAuthenticationToken);
    }

    static AwsException incomplete(String message) {
        return new AwsException(ErrorCode.IncompleteSignature, message);
    }

    static AwsException mismatch(String message) {
        return new AwsException(ErrorCode.SignatureDoesNotMatch, message);
    }
}
