package io.rolegate.error;

/**
 * The one table of error codes Rolegate answers with, and the HTTP status of each (docs/aws-behaviour.md §2.3, 3.4,
 * IAM model). The enum constant name is the wire code. Business code throws {@link AwsException} with one of these.
 */
public enum ErrorCode {
    // Request shape
    MissingAction(400),
    InvalidAction(400),
    MissingParameter(400),
    InvalidParameterValue(400),
    InvalidParameterCombination(400),
    MalformedQueryString(400),
    ValidationError(400),
    InvalidInput(400),
    RequestEntityTooLarge(413),
    // Authentication (docs/aws-behaviour.md §3.4)
    MissingAuthenticationToken(403),
    IncompleteSignature(400),
    InvalidClientTokenId(403),
    SignatureDoesNotMatch(403),
    ExpiredToken(403),
    RequestExpired(400),
    // Authorization
    AccessDenied(403),
    // IAM entities
    NoSuchEntity(404),
    EntityAlreadyExists(409),
    LimitExceeded(409),
    DeleteConflict(409),
    InvalidAuthenticationCode(403),
    MalformedPolicyDocument(400),
    OpenIdIdpCommunicationError(400),
    // STS
    PackedPolicyTooLarge(400),
    RegionDisabledException(403),
    ExpiredTokenException(400),
    InvalidIdentityToken(400),
    IDPRejectedClaim(403),
    IDPCommunicationError(400),
    InvalidAuthorizationMessageException(400),
    Throttling(400),
    // Our failures
    InternalFailure(500),
    ServiceUnavailable(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** AWS error envelopes say Sender for the caller's mistakes and Receiver for ours. */
    public String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }

    public String code() {
        return name();
    }
}
