package io.rolegate.error;

/**
 * A request rejected for a reason the caller can act on: it carries the AWS error code and the exact message.
 * Anything else thrown while serving a request is our failure and is answered as InternalFailure without details.
 */
public class AwsException extends RuntimeException {
    private final ErrorCode code;

    public AwsException(ErrorCode code, String message) {
        super(message, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static AwsException of(ErrorCode code, String message) {
        return new AwsException(code, message);
    }
}
