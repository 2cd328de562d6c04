package io.rolegate.error;

import java.util.Objects;

/**
 * A request answered with an AWS error: the code of the {@link ErrorCode} table and the exact message. Anything
 * else thrown while serving a request is our failure and is answered as InternalFailure without details.
 * The optional cause is for the log only (for example why an identity provider could not be reached); it never
 * reaches the caller.
 */
public class AwsException extends RuntimeException {
    private final ErrorCode code;
    private final String encodedAuthorizationMessage;

    /** With the code's {@link ErrorCode#defaultMessage() default message}. */
    public AwsException(ErrorCode code) {
        this(code, Objects.requireNonNull(code.defaultMessage(), () -> code + " has no default message"), null, null);
    }

    public AwsException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    /** @param cause what went wrong upstream, for the log */
    public AwsException(ErrorCode code, String message, Throwable cause) {
        this(code, message, cause, null);
    }

    private AwsException(ErrorCode code, String message, Throwable cause, String encodedAuthorizationMessage) {
        super(message, cause, false, false); // no stack trace: these are expected outcomes, not bugs
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
        return new AwsException(code, getMessage(), getCause(), encoded);
    }
}
