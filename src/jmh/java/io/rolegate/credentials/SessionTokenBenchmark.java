package io.rolegate.credentials;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Minting (new ASIA id + jti + JSON + signature + secret derivation) and verifying (parse + signature + claims +
 * secret derivation) a realistic session token: assumed role, 3 tags, 2 transitive keys, an inline session policy,
 * a policy ARN and source identity (~1 KB token with ES256).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SessionTokenBenchmark {

    /** signing algorithm + crypto engine */
    @Param({"ES256_BC", "ES256_NIMBUS_BC", "ES256_JDK", "EDDSA_BC", "RS256_JDK"})
    public String variant;

    private SessionCredentialsIssuer issuer;
    private SessionTokenVerifier verifier;
    private SessionGrant grant;
    private String token;
    private String accessKeyId;

    @Setup
    public void setUp() {
        SigningAlgorithm algorithm = SigningAlgorithm.valueOf(variant.substring(0, variant.indexOf('_')));
        JwsEngine engine = switch (variant) {
            case "ES256_NIMBUS_BC" -> JwsEngine.NIMBUS_BC_PROVIDER;
            case "ES256_JDK" -> JwsEngine.NIMBUS_JDK;
            default -> JwsEngine.BOUNCY_CASTLE;
        };
        SecureRandom random = new SecureRandom();
        Instant now = Instant.parse("2026-11-25T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        RotationPolicy policy = new RotationPolicy(algorithm, Duration.ofHours(24), Duration.ofHours(1), Duration.ofHours(12));
        SigningKeyRing ring = engine.ring(KeyRotation.rotate(List.of(), now, policy, new SigningKeyFactory(random)));
        SessionSecrets secrets = SessionSecrets.single(SessionSecrets.generateKey(random));
        issuer = new SessionCredentialsIssuer("https://sts.rolegate.example", "rolegate", () -> ring, secrets, clock, random);
        verifier = new SessionTokenVerifier("https://sts.rolegate.example", "rolegate", ring::verificationKeys, secrets, clock);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Project", "Zeta");
        tags.put("CostCenter", "12345");
        tags.put("Team", "platform-engineering");
        grant = SessionGrant.builder(SessionKind.ASSUMED_ROLE, "111122223333",
                        "arn:aws:sts::111122223333:assumed-role/DeployRole/github-actions-run-1234567890", Duration.ofHours(1))
                .role("AROA3X7QUMTWH2EXAMPLE", "arn:aws:iam::111122223333:role/DeployRole")
                .sessionName("github-actions-run-1234567890")
                .parentPrincipal("arn:aws:sts::444455556666:assumed-role/CiRunner/i-0abc", "AROA4X7QUMTWH2EXAMPLE:i-0abc")
                .sourceIdentity("alice@example.com")
                .sessionTags(tags)
                .transitiveTagKeys(Set.of("Project", "CostCenter"))
                .chainDepth(1)
                .sessionPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
                        + "\"s3:PutObject\"],\"Resource\":\"arn:aws:s3:::deploy-artifacts/*\"}]}")
                .sessionPolicyArns(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"))
                .build();
        TemporaryCredentials creds = issuer.issue(grant).credentials();
        token = creds.sessionToken();
        accessKeyId = creds.accessKeyId();
        System.out.println("\n[" + variant + "] token length: " + token.length());
    }

    @Benchmark
    public TemporaryCredentials mint() {
        return issuer.issue(grant).credentials();
    }

    @Benchmark
    public VerifiedSession verify() {
        return verifier.verify(token, accessKeyId);
    }
}
