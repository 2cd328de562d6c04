package io.rolegate.iam;

import io.rolegate.credentials.RotationPolicy;
import io.rolegate.credentials.SigningAlgorithm;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/** Settings of the session tokens (issuer, audience) and of their keys, from application.properties. */
@ApplicationScoped
public class SessionTokenSettings {
    /** iss of session tokens and of the OpenID discovery document; downstream verifiers pin it. */
    @ConfigProperty(name = "rolegate.issuer")
    Optional<String> issuer;
    /** The URL clients reach the gateway at (behind a load balancer: its https URL); the issuer by default. */
    @ConfigProperty(name = "rolegate.public-url")
    Optional<String> publicUrl;
    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int httpPort;
    /** aud of session tokens. */
    @ConfigProperty(name = "rolegate.sts.audience", defaultValue = "rolegate")
    String audience;
    /** ES256 (default, BouncyCastle), EDDSA or RS256. */
    @ConfigProperty(name = "rolegate.keys.algorithm", defaultValue = "ES256")
    SigningAlgorithm algorithm;
    /** How long a key signs before its successor takes over. */
    @ConfigProperty(name = "rolegate.keys.rotation-period", defaultValue = "24h")
    Duration rotationPeriod;
    /** How long a successor is published in the JWKS before it signs (JWKS caches must learn it first). */
    @ConfigProperty(name = "rolegate.keys.propagation-delay", defaultValue = "1h")
    Duration propagationDelay;
    /** Longest token lifetime (GetSessionToken allows 36 h): a retired key stays published this long. */
    @ConfigProperty(name = "rolegate.keys.max-token-lifetime", defaultValue = "36h")
    Duration maxTokenLifetime;
    /** How long a session secret key version derives new secrets before the next version takes over. */
    @ConfigProperty(name = "rolegate.keys.session-secret-rotation-period", defaultValue = "24h")
    Duration sessionSecretRotationPeriod;

    /** rolegate.issuer, else rolegate.public-url, else this gateway on localhost at its HTTP port. */
    public String issuer() {
        return issuer.filter(s -> !s.isBlank()).or(() -> publicUrl.filter(s -> !s.isBlank()))
                .orElse("http://localhost:" + httpPort).replaceAll("/+$", "");
    }

    public String audience() {
        return audience;
    }

    public Duration sessionSecretRotationPeriod() {
        return sessionSecretRotationPeriod;
    }

    public RotationPolicy rotationPolicy() {
        return new RotationPolicy(algorithm, rotationPeriod, propagationDelay, maxTokenLifetime);
    }
}
