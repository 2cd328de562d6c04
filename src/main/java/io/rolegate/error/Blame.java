package io.rolegate.error;

/**
 * Who an error is down to. It decides how loudly the one place that renders errors (api.Gateway) logs it: a
 * caller's mistake is routine (debug), an upstream's trouble is an operator's concern (warning), ours is a bug or an
 * outage of our own (error).
 */
public enum Blame {
    /** The request: bad input, bad credentials, not allowed. */
    CALLER,
    /** A system we depend on for the answer, such as an identity provider's discovery or JWKS endpoint. */
    UPSTREAM,
    /** The gateway itself. */
    SERVICE
}
