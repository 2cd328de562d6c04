package io.rolegate.credentials;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Mints and verifies session tokens with a throwaway key ring of the configured algorithm, so the JIT compiles the
 * signature code (BouncyCastle's field arithmetic, JSON, base64) before the first callers arrive instead of during
 * their first 30-60 seconds (docs/benchmarks.md, warm-up curve). Nothing it mints is kept or valid anywhere.
 */
public final class IssuerWarmUp {
    private IssuerWarmUp() {
    }

    /** Runs {@code tokens} mint + verify rounds; returns how many verified (all of them, unless the code is broken). */
    public static int run(SigningAlgorithm algorithm, int tokens, Clock clock, SecureRandom random) {
        RotationPolicy policy = new RotationPolicy(algorithm, Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(12));
        SigningKeyRing ring = SigningKeyRing.of(KeyRotation.rotate(List.of(), clock.instant(), policy,
                new SigningKeyFactory(random)));
        SessionSecrets secrets = SessionSecrets.single(SessionSecrets.generateKey(random));
        SessionCredentialsIssuer issuer = new SessionCredentialsIssuer("urn:rolegate:warm-up", "warm-up", () -> ring,
                secrets, clock, random);
        SessionTokenVerifier verifier = new SessionTokenVerifier("urn:rolegate:warm-up", "warm-up",
                ring::verificationKeys, secrets, clock);
        SessionGrant grant = SessionGrant.builder(SessionKind.ASSUMED_ROLE, "000000000000",
                        "arn:aws:sts::000000000000:assumed-role/warm-up/warm-up", Duration.ofMinutes(15))
                .role("AROAAAAAAAAAAAAAAAAAA", "arn:aws:iam::000000000000:role/warm-up")
                .sessionName("warm-up")
                .sessionPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                        + "\"Resource\":\"*\"}]}")
                .build();
        int verified = 0;
        for (int i = 0; i < tokens; i++) {
            TemporaryCredentials c = issuer.issue(grant).credentials();
            if (verifier.verify(c.sessionToken(), c.accessKeyId()) != null) {
                verified++;
            }
        }
        return verified;
    }
}
