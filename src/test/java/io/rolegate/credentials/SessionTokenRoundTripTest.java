package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bouncycastle.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SessionTokenRoundTripTest {
    private static final Pattern SECRET = Pattern.compile("[A-Za-z0-9+/]{40}");

    /** The issuer writes the compact form itself (cached header, JDK base64): it must be exactly nimbus' form. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokensAreTheCompactJwsNimbusWritesAndFollowTheActiveKey(SigningAlgorithm algorithm) throws Exception {
        SessionFixture f = new SessionFixture(algorithm);
        for (int round = 0; round < 2; round++) {
            TemporaryCredentials creds = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
            String token = creds.sessionToken();
            assertEquals(creds.secretAccessKey(), f.verifier.verify(token, creds.accessKeyId()).secretAccessKey());
            JWSObject parsed = JWSObject.parse(token);
            JWSObject rebuilt = new JWSObject(new com.nimbusds.jose.JWSHeader.Builder(algorithm.jwsAlgorithm())
                    .keyID(f.ring.get().activeKey().kid()).type(SessionTokenFormat.TYPE).build(),
                    new com.nimbusds.jose.Payload(parsed.getPayload().toString()));
            rebuilt.sign(f.ring.get().signer());
            String[] mine = token.split("\\.");
            String[] theirs = rebuilt.serialize().split("\\.");
            assertEquals(theirs[0], mine[0], "header");
            assertEquals(theirs[1], mine[1], "payload");
            assertEquals(f.ring.get().activeKey().kid(), parsed.getHeader().getKeyID());
            assertEquals(algorithm.jwsAlgorithm(), parsed.getHeader().getAlgorithm());
            assertEquals(token, parsed.serialize());
            // another ring with another active key: the next token must name it
            f.ring.set(new SessionFixture(algorithm).ring.get());
        }
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void mintedCredentialsVerifyAndCarryEveryClaim(SigningAlgorithm algorithm) {
        SessionFixture f = new SessionFixture(algorithm);
        IssuedSession issued = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1)));
        TemporaryCredentials creds = issued.credentials();

        assertTrue(AccessKeyIds.isTemporary(creds.accessKeyId()));
        assertEquals("111122223333", AccessKeyIds.accountOf(creds.accessKeyId()).orElseThrow());
        assertTrue(SECRET.matcher(creds.secretAccessKey()).matches());
        assertEquals(SessionFixture.T0.plus(Duration.ofHours(1)), creds.expiration());

        VerifiedSession verified = f.verifier.verify(creds.sessionToken(), creds.accessKeyId());
        assertEquals(issued.claims(), verified.claims());
        assertEquals(creds.secretAccessKey(), verified.secretAccessKey());

        SessionClaims c = verified.claims();
        assertEquals(SessionKind.ASSUMED_ROLE, c.kind());
        assertEquals("arn:aws:sts::111122223333:assumed-role/Deploy/ci-run-42", c.subject());
        assertEquals("AROA3X7QUMTWH2EXAMPLE", c.roleId());
        assertEquals("arn:aws:iam::111122223333:role/Deploy", c.roleArn());
        assertEquals("ci-run-42", c.sessionName());
        assertEquals("alice@example.com", c.sourceIdentity());
        assertEquals(List.of("Project", "CostCenter", "Alpha"), List.copyOf(c.sessionTags().keySet()), "tag order kept");
        assertEquals(List.of("Project", "CostCenter"), List.copyOf(c.transitiveTagKeys()));
        assertEquals(1, c.chainDepth());
        assertTrue(c.mfaAuthenticated());
        assertEquals(SessionFixture.T0.minusSeconds(40), c.mfaAuthenticatedAt(), "MFA time round-trips (aws:MultiFactorAuthAge)");
        assertTrue(c.sessionPolicy().contains("s3:GetObject"));
        assertEquals(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess"), c.sessionPolicyArns());
        assertEquals(Map.of("token.actions.githubusercontent.com:sub", List.of("repo:org/app:ref:refs/heads/main")),
                c.carriedContext());
        assertEquals(SessionFixture.T0, c.issuedAt());
        assertEquals(SessionFixture.ISSUER, c.issuer());
        assertEquals(SessionFixture.AUDIENCE, c.audience());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokenNeverContainsTheSecret(SigningAlgorithm algorithm) {
        SessionFixture f = new SessionFixture(algorithm);
        TemporaryCredentials creds = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
        String[] parts = creds.sessionToken().split("\\.");
        String decoded = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)
                + new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertFalse(creds.sessionToken().contains(creds.secretAccessKey()));
        assertFalse(decoded.contains(creds.secretAccessKey()));
        assertFalse(decoded.contains(creds.secretAccessKey().substring(0, 16)));
        assertFalse(creds.toString().contains(creds.secretAccessKey()));
    }

    @Test
    void minimalSessionTokenAndFederationKindsRoundTrip() {
        SessionFixture f = new SessionFixture(SigningAlgorithm.ES256);
        SessionGrant getSessionToken = SessionGrant.builder(SessionKind.SESSION_TOKEN, "111122223333",
                        "arn:aws:iam::111122223333:user/bob", Duration.ofHours(12))
                .parentPrincipal("arn:aws:iam::111122223333:user/bob", "AIDA3X7QUMTWH2EXAMPLE")
                .mfaAuthenticatedAt(Instant.parse("2026-11-25T11:59:00Z")).build();
        SessionGrant federation = SessionGrant.builder(SessionKind.FEDERATED_USER, "111122223333",
                        "arn:aws:sts::111122223333:federated-user/Carol", Duration.ofMinutes(15))
                .parentPrincipal("arn:aws:iam::111122223333:user/bob", "AIDA3X7QUMTWH2EXAMPLE")
                .sessionName("Carol").build();
        for (SessionGrant grant : List.of(getSessionToken, federation)) {
            IssuedSession issued = f.issuer.issue(grant);
            SessionClaims c = f.verifier.verify(issued.credentials().sessionToken()).claims();
            assertEquals(issued.claims(), c);
            assertEquals(grant.kind(), c.kind());
            assertNull(c.roleId());
            assertTrue(c.sessionTags().isEmpty());
            assertEquals("arn:aws:iam::111122223333:user/bob", c.parentPrincipalArn());
        }
    }

    @Test
    void claimsRefuseInconsistentKinds() {
        assertThrows(IllegalArgumentException.class, () -> SessionGrant.builder(SessionKind.SESSION_TOKEN, "111122223333",
                "arn:aws:iam::111122223333:user/bob", Duration.ofHours(1)).build());
        assertThrows(IllegalArgumentException.class, () -> SessionGrant.builder(SessionKind.ASSUMED_ROLE,
                "111122223333", "arn:aws:sts::111122223333:assumed-role/R/s", Duration.ofHours(1)).build());
    }

    @Test
    void requestAccessKeyIdMustBeTheTokens() {
        SessionFixture f = new SessionFixture(SigningAlgorithm.ES256);
        TemporaryCredentials a = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
        TemporaryCredentials b = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
        AwsException e = assertThrows(AwsException.class, () -> f.verifier.verify(a.sessionToken(), b.accessKeyId()));
        assertEquals(ErrorCode.InvalidClientTokenId, e.code());
        assertEquals("The security token included in the request is invalid.", e.getMessage());
        assertNotEquals(a.secretAccessKey(), b.secretAccessKey());
    }

    @Test
    void secretDerivationIsDeterministicAcrossReplicasAndKeyed() throws Exception {
        byte[] sessionKey = SessionSecrets.generateKey(new java.security.SecureRandom());
        SessionFixture gateway = new SessionFixture(SigningAlgorithm.ES256, sessionKey);
        TemporaryCredentials creds = gateway.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();

        // a replica that knows only the published JWKS and the shared session key
        JWKSet published = JWKSet.parse(gateway.ring.get().publicJwksJson());
        SessionTokenVerifier replica = new SessionTokenVerifier(SessionFixture.ISSUER, SessionFixture.AUDIENCE,
                () -> VerificationKeys.fromJwkSet(published), SessionSecrets.single(sessionKey), gateway.clock);
        assertEquals(creds.secretAccessKey(), replica.verify(creds.sessionToken(), creds.accessKeyId()).secretAccessKey());
        assertEquals(replica.verify(creds.sessionToken()).secretAccessKey(),
                replica.verify(creds.sessionToken()).secretAccessKey());

        // same inputs, same secret; another session key, another secret
        SessionSecrets same = SessionSecrets.single(sessionKey.clone());
        SessionSecrets other = SessionSecrets.single(SessionSecrets.generateKey(new java.security.SecureRandom()));
        assertEquals(same.derive(1, "ASIAEXAMPLE", "jti"), SessionSecrets.single(sessionKey).derive(1, "ASIAEXAMPLE", "jti"));
        assertNotEquals(same.derive(1, "ASIAEXAMPLE", "jti"), other.derive(1, "ASIAEXAMPLE", "jti"));
        assertNotEquals(same.derive(1, "ASIAEXAMPLE", "jti"), same.derive(1, "ASIAEXAMPLE", "jtj"));
    }

    @Test
    void sessionSecretKeyRotationKeepsOldTokensWorking() {
        byte[] k1 = SessionSecrets.generateKey(new java.security.SecureRandom());
        byte[] k2 = SessionSecrets.generateKey(new java.security.SecureRandom());
        SessionFixture f = new SessionFixture(SigningAlgorithm.ES256, k1);
        TemporaryCredentials old = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
        SessionSecrets both = new SessionSecrets(Map.of(1, k1, 2, k2), 2);
        SessionTokenVerifier v = new SessionTokenVerifier(SessionFixture.ISSUER, SessionFixture.AUDIENCE,
                () -> f.ring.get().verificationKeys(), both, f.clock);
        assertEquals(old.secretAccessKey(), v.verify(old.sessionToken()).secretAccessKey());
        SessionTokenVerifier onlyNew = new SessionTokenVerifier(SessionFixture.ISSUER, SessionFixture.AUDIENCE,
                () -> f.ring.get().verificationKeys(), new SessionSecrets(Map.of(2, k2), 2), f.clock);
        assertEquals(ErrorCode.InvalidClientTokenId,
                assertThrows(AwsException.class, () -> onlyNew.verify(old.sessionToken())).code());
    }

    @Test
    void issuerAndVerifierAreSafeToShareBetweenThreads() {
        SessionFixture f = new SessionFixture(SigningAlgorithm.ES256);
        long verified = java.util.stream.IntStream.range(0, 400).parallel().mapToObj(i -> {
            TemporaryCredentials c = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
            return f.verifier.verify(c.sessionToken(), c.accessKeyId()).secretAccessKey().equals(c.secretAccessKey());
        }).filter(ok -> ok).count();
        assertEquals(400, verified);
    }

    /** Our tokens verify with stock verifiers: nimbus on the JDK provider, and the JDK's own Ed25519. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void tokensVerifyWithIndependentImplementations(SigningAlgorithm algorithm) throws Exception {
        SessionFixture f = new SessionFixture(algorithm);
        String token = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials().sessionToken();
        JWSObject jws = JWSObject.parse(token);
        var publicJwk = f.ring.get().activeKey().publicJwk();
        boolean ok = switch (algorithm) {
            case ES256 -> jws.verify(new ECDSAVerifier(publicJwk.toECKey()));
            case RS256 -> jws.verify(new RSASSAVerifier(publicJwk.toRSAKey()));
            case EDDSA -> {
                OctetKeyPair okp = publicJwk.toOctetKeyPair();
                byte[] spki = Arrays.concatenate(Base64.getDecoder().decode("MCowBQYDK2VwAyEA"), okp.getX().decode());
                Signature sig = Signature.getInstance("Ed25519");
                sig.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
                sig.update(jws.getSigningInput());
                yield sig.verify(jws.getSignature().decode());
            }
        };
        assertTrue(ok);
        assertEquals("rolegate-session+jwt", jws.getHeader().getType().getType());
        assertEquals(f.ring.get().activeKey().kid(), jws.getHeader().getKeyID());
    }
}
