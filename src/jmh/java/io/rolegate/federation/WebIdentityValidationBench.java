package io.rolegate.federation;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validation cost with keys already in memory (the hot path once an issuer's JWKS is cached): parse, checks,
 * signature, condition keys. GitHub-Actions-sized token.
 */
@State(Scope.Benchmark)
public class WebIdentityValidationBench {
    private static final String ISS = "https://token.actions.githubusercontent.com";
    private WebIdentityValidator validator;
    private ProviderLookup lookup;
    private String rs256;
    private String es256;

    @Setup
    public void setup() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("r").generate();
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("e").generate();
        ImmutableJWKSet<com.nimbusds.jose.proc.SecurityContext> keys =
                new ImmutableJWKSet<>(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())));
        validator = new WebIdentityValidator(Clock.systemUTC(), p -> keys, Duration.ofSeconds(30),
                new ExtraClaims(List.of(), Map.of("token.actions.githubusercontent.com", List.of("repository_owner"))));
        TrustedIssuer provider = new TrustedIssuer("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
                ISS, List.of("sts.amazonaws.com"), List.of());
        lookup = (account, iss) -> Optional.of(provider);
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISS).audience("sts.amazonaws.com")
                .subject("repo:my-org/my-repo:ref:refs/heads/main").claim("repository_owner", "my-org")
                .claim("repository", "my-org/my-repo").claim("ref", "refs/heads/main").claim("sha", "0".repeat(40))
                .claim("workflow", "deploy").claim("event_name", "push").claim("actor", "dev")
                .expirationTime(Date.from(now.plusSeconds(3600))).issueTime(Date.from(now)).build();
        SignedJWT r = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("r").build(), claims);
        r.sign(new RSASSASigner(rsa));
        rs256 = r.serialize();
        SignedJWT e = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("e").build(), claims);
        e.sign(new ECDSASigner(ec));
        es256 = e.serialize();
    }

    @Benchmark
    public ValidatedWebIdentity validateRs256() {
        return validator.validate(rs256, "111111111111", lookup);
    }

    @Benchmark
    public ValidatedWebIdentity validateEs256() {
        return validator.validate(es256, "111111111111", lookup);
    }
}
