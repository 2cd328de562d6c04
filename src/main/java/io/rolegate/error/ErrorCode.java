package io.rolegate.error;

/**
 * The one table of errors Rolegate answers with: AWS's code (the constant's name), the HTTP status, who is to blame
 * (which decides the log level) and, where AWS always says the same thing, its message. Modelled on minio's
 * {@code cmd/sts-errors.go}. Business code throws {@link AwsException} with one of these; a constant nothing throws
 * does not belong here ({@code ErrorCodeTest} checks that every one is used).
 * Sources: <a href="https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html">common errors</a>, the
 * error traits of the STS and IAM models, and the messages observed from AWS that the code comments cite.
 */
public enum ErrorCode {
    // Request shape
    MissingAction(400, "Missing Action"),
    InvalidAction(400),
    InvalidParameterValue(400),
    MalformedQueryString(400),
    ValidationError(400),
    InvalidInput(400),
    // Authentication (docs/aws-behaviour.md §3.4)
    MissingAuthenticationToken(403, "Request is missing Authentication Token"),
    IncompleteSignature(400),
    InvalidClientTokenId(403, "The security token included in the request is invalid."),
    SignatureDoesNotMatch(403, "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
    ExpiredToken(403, "The security token included in the request is expired"),
    // Authorization
    AccessDenied(403),
    // IAM entities
    NoSuchEntity(404),
    EntityAlreadyExists(409),
    LimitExceeded(409),
    DeleteConflict(409),
    InvalidAuthenticationCode(403),
    MalformedPolicyDocument(400),
    /** The policy simulator could not evaluate a policy it holds (a stored policy broken beyond use): ours to fix. */
    PolicyEvaluation(500, Blame.SERVICE, null),
    // STS
    PackedPolicyTooLarge(400),
    ExpiredTokenException(400),
    InvalidIdentityToken(400),
    // SAML (issue 13): the IdP's response reports a failed authentication (status other than Success)
    IDPRejectedClaim(403),
    /** The identity provider could not be reached: retryable for the caller, worth a warning for the operator. */
    IDPCommunicationError(400, Blame.UPSTREAM, "Couldn't connect to your identity provider to retrieve the "
            + "verification key, please try again later"), // ours: no AWS original known
    InvalidAuthorizationMessageException(400),
    // The reference service "projects" (REST-JSON: the code travels in x-amzn-ErrorType, the message in the body)
    ValidationException(400),
    ConflictException(409),
    ResourceNotFoundException(404),
    AccessDeniedException(403),
    /** The gateway did not answer the service's authorization question: the service fails closed. */
    ServiceUnavailableException(503, Blame.UPSTREAM, "The service is unavailable. Please try again later."),
    // Availability (cache: issue 11): the database is unreachable; AWS's common error, message from its CommonErrors page
    ServiceUnavailable(503, Blame.UPSTREAM, "The request has failed due to a temporary failure of the server."),
    // CloudTrail LookupEvents (audit trail; JSON 1.1: the code travels in __type)
    InvalidLookupAttributesException(400),
    InvalidTimeRangeException(400),
    InvalidMaxResultsException(400),
    InvalidNextTokenException(400),
    InvalidEventCategoryException(400),
    // Quotas: a caller over its request rate (api.Throttle); the SDKs retry it with backoff
    Throttling(400, "Rate exceeded"),
    /** A body over quarkus.http.limits.max-body-size (AWS common errors: HTTP 413); api.BodyLimit. */
    RequestEntityTooLargeException(413),
    // The AWS SSO protocols (botocore models sso-oidc and sso 2019-06-10, rest-json: code in x-amzn-ErrorType;
    // sso-oidc also answers the OAuth body {"error", "error_description"}, and its AccessDeniedException is a 400)
    InvalidRequestException(400),
    InvalidClientException(401),
    InvalidGrantException(400),
    InvalidRedirectUriException(400),
    UnauthorizedClientException(400),
    UnsupportedGrantTypeException(400),
    AuthorizationPendingException(400, "The person has not yet approved this device"),
    SlowDownException(400, "Polling faster than the interval this device authorization gave"),
    UnauthorizedException(401, "Session token not found or invalid"),
    ForbiddenException(403, "No access"),
    /** The sso model's answer to a caller over its request rate (api.SsoCalls; sso-oidc answers SlowDownException). */
    TooManyRequestsException(429, "Rate exceeded"),
    // Our failures
    InternalFailure(500, Blame.SERVICE, "We encountered an internal error. Please try again.");

    private final int httpStatus;
    private final Blame blame;
    private final String defaultMessage;

    ErrorCode(int httpStatus) {
        this(httpStatus, Blame.CALLER, null);
    }

    ErrorCode(int httpStatus, String defaultMessage) {
        this(httpStatus, Blame.CALLER, defaultMessage);
    }

    ErrorCode(int httpStatus, Blame blame, String defaultMessage) {
        this.httpStatus = httpStatus;
        this.blame = blame;
        this.defaultMessage = defaultMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public Blame blame() {
        return blame;
    }

    /** AWS's one message for this code, or null where the message depends on what went wrong. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /** AWS error envelopes say Sender for the caller's mistakes and Receiver for ours. */
    public String faultType() {
        return httpStatus >= 500 ? "Receiver" : "Sender";
    }

    public String code() {
        return name();
    }
}
