package io.rolegate.federation;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

/** Where the validator gets a provider's verification keys ({@link RemoteKeys} in production). */
@FunctionalInterface
public interface KeySources {
    JWKSource<SecurityContext> forProvider(TrustedIssuer provider);
}
