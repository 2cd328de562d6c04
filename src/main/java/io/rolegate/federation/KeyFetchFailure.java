package io.rolegate.federation;

import java.io.IOException;

/**
 * Why fetching a discovery document or JWKS failed. UNREACHABLE is the IdP's temporary trouble (connect/read failure,
 * timeout, 5xx, 429): answered as the retryable IDPCommunicationError. REFUSED means we will not or cannot use what is
 * there (blocked address, plain http, redirect, oversized, 4xx, unparseable): answered as InvalidIdentityToken
 * "Couldn't retrieve verification key...".
 */
public class KeyFetchFailure extends IOException {
    public enum Kind { UNREACHABLE, REFUSED }

    private final Kind kind;

    public KeyFetchFailure(Kind kind, String message) {
        this(kind, message, null);
    }

    public KeyFetchFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
