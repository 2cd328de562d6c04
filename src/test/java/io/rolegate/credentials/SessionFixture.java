package io.rolegate.credentials;

import io.rolegate.testing.MutableClock;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/** A gateway in a box for tests: a rotated key ring, a session secret key, an issuer and a verifier on a fixed clock. */
final class SessionFixture {
    static final String ISSUER = "https://sts.rolegate.test";
    static final String AUDIENCE = "rolegate";
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    final SecureRandom random = new SecureRandom();
    final MutableClock clock = new MutableClock(T0);
    final SigningKeyFactory keyFactory = new SigningKeyFactory(random);
    final AtomicReference<SigningKeyRing> ring = new AtomicReference<>();
    final SessionSecrets secrets;
    final SessionCredentialsIssuer issuer;
    final SessionTokenVerifier verifier;

    SessionFixture(SigningAlgorithm algorithm) {
        this(algorithm, SessionSecrets.generateKey(new SecureRandom()));
    }

    SessionFixture(SigningAlgorithm algorithm, byte[] sessionKey) {
        RotationPolicy policy = new RotationPolicy(algorithm, Duration.ofHours(24), Duration.ofHours(1),
                Duration.ofHours(12));
        ring.set(SigningKeyRing.of(KeyRotation.rotate(List.of(), T0, policy, keyFactory)));
        secrets = SessionSecrets.single(sessionKey);
        issuer = new SessionCredentialsIssuer(ISSUER, AUDIENCE, ring::get, secrets, clock, random);
        verifier = new SessionTokenVerifier(ISSUER, AUDIENCE, () -> ring.get().verificationKeys(), secrets, clock);
    }

    static SessionGrant roleGrant(Duration duration) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", "Zeta");
        tags.put("CostCenter", "12345");
        tags.put("Alpha", "first-in-alphabet-last-in-order");
        return SessionGrant.builder(SessionKind.ASSUMED_ROLE, "111122223333",
                        "arn:aws:sts::111122223333:assumed-role/Deploy/ci-run-42", duration)
                .role("AROA3X7QUMTWH2EXAMPLE", "arn:aws:iam::111122223333:role/Deploy")
                .sessionName("ci-run-42")
                .parentPrincipal("arn:aws:iam::444455556666:user/builder", "AIDA4X7QUMTWH2EXAMPLE")
                .sourceIdentity("alice@example.com")
                .sessionTags(tags)
                .transitiveTagKeys(new LinkedHashSet<>(List.of("Project", "CostCenter")))
                .chainDepth(1)
                .mfaAuthenticatedAt(T0.minusSeconds(40))
                .sessionPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}")
                .sessionPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                .carriedContext("token.actions.githubusercontent.com:sub", List.of("repo:org/app:ref:refs/heads/main"))
                .build();
    }

    static List<Object> listOf(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
