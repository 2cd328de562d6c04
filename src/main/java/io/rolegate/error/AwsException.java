package io.rolegate.error;

/**
 * A request rejected for a reason the caller can act on: it carries the AWS error code and the exact message.
 * Anything else thrown while serving a request is our failure and is answered as InternalFailure without details.
 */
public class AwsException extends RuntimeException {
    private final ErrorCode code;
    private final String encodedAuthorizationMessage;

    public AwsException(ErrorCode code, String message) {
        this(code, message, null);
    }

    private AwsException(ErrorCode code, String message, String encodedAuthorizationMessage) {
        super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.code = code;
        this.encodedAuthorizationMessage = encodedAuthorizationMessage;
    }

    public ErrorCode code() {
        return code;
    }

    /** For AccessDenied: the sealed details that sts:DecodeAuthorizationMessage reveals to whoever may see them. */
    public String encodedAuthorizationMessage() {
        return encodedAuthorizationMessage;
    }

    public AwsException withEncodedAuthorizationMessage(String encoded) {
        return new AwsException(code, getMessage(), encoded);
    }

    public static AwsException of(ErrorCode code, String message) {
        return new AwsException(code, message);
    }
}
