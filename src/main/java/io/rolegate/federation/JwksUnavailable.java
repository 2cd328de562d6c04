package io.rolegate.federation;

import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;

/**
 * A failed discovery/JWKS retrieval. Extends nimbus' JWKSetUnavailableException on purpose: that is what nimbus'
 * outage-tolerant cache reacts to, so keys already fetched keep working while the IdP is down.
 */
public final class JwksUnavailable extends JWKSetUnavailableException {
    private final KeyFetchFailure.Kind kind;

    JwksUnavailable(KeyFetchFailure failure) {
        super(failure.getMessage(), failure);
        this.kind = failure.kind();
    }

    public KeyFetchFailure.Kind kind() {
        return kind;
    }
}
