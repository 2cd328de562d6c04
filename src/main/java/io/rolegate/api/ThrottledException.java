package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/** AWS's Throttling answer, with the whole seconds after which the bucket holds a token again (Retry-After). */
final class ThrottledException extends AwsException {
    private final long retryAfterSeconds;

    ThrottledException(long retryAfterSeconds) {
        super(ErrorCode.Throttling);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The Retry-After header value of an answer with this exception, or null. */
    static String retryAfter(AwsException e) {
        return e instanceof ThrottledException t ? Long.toString(t.retryAfterSeconds) : null;
    }
}
