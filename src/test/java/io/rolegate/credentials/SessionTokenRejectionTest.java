package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.Base64URL;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way a token can be wrong answers InvalidClientTokenId; only a genuine, expired token says ExpiredToken. */
class SessionTokenRejectionTest {
    private static final String B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    /** A forgery recipe: from (fixture, genuine token) to the token an attacker sends. */
    interface Forgery extends Function<Context, String> {
    }

    record Context(SessionFixture fixture, String token) {
        String[] parts() {
            return token.split("\\.", -1);
        }
    }

    static Stream<Arguments> forgeries() {
        List<Arguments> cases = new ArrayList<>();
        for (SigningAlgorithm alg : SigningAlgorithm.values()) {
            for (int segment = 0; segment < 3; segment++) {
                for (String where : List.of("first", "middle", "last")) {
                    int seg = segment;
                    cases.add(Arguments.of(alg, Named.of("flip " + where + " char of " + List.of("header", "payload",
                            "signature").get(segment), (Forgery) c -> flip(c.token(), seg, where))));
                }
            }
            cases.add(Arguments.of(alg, Named.of("truncate by one char", (Forgery) c -> c.token().substring(0, c.token().length() - 1))));
            cases.add(Arguments.of(alg, Named.of("truncate to half", (Forgery) c -> c.token().substring(0, c.token().length() / 2))));
            cases.add(Arguments.of(alg, Named.of("drop signature", (Forgery) c -> c.parts()[0] + "." + c.parts()[1] + ".")));
            cases.add(Arguments.of(alg, Named.of("drop signature segment", (Forgery) c -> c.parts()[0] + "." + c.parts()[1])));
            cases.add(Arguments.of(alg, Named.of("extra segment", (Forgery) c -> c.token() + ".AAAA")));
            cases.add(Arguments.of(alg, Named.of("swap kid to the NEXT key", (Forgery) c -> withHeader(c, nextKid(c), null, true))));
            cases.add(Arguments.of(alg, Named.of("unknown kid", (Forgery) c -> withHeader(c, "no-such-kid", null, true))));
            cases.add(Arguments.of(alg, Named.of("no kid", (Forgery) c -> withHeader(c, null, null, true))));
            cases.add(Arguments.of(alg, Named.of("alg none", (Forgery) SessionTokenRejectionTest::algNone)));
            cases.add(Arguments.of(alg, Named.of("HS256 keyed with the public JWK", (Forgery) c -> hs256(c, true))));
            cases.add(Arguments.of(alg, Named.of("HS256 keyed with the public key DER", (Forgery) c -> hs256(c, false))));
            cases.add(Arguments.of(alg, Named.of("other alg in header, same signature", (Forgery) c -> withHeader(c,
                    activeKid(c), alg == SigningAlgorithm.ES256 ? JWSAlgorithm.EdDSA : JWSAlgorithm.ES256, true))));
            cases.add(Arguments.of(alg, Named.of("signed by another ring", (Forgery) c ->
                    new SessionFixture(alg).issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials().sessionToken())));
            cases.add(Arguments.of(alg, Named.of("other ring re-signs with our kid", (Forgery) c -> resignWithForeignKey(c, alg))));
            cases.add(Arguments.of(alg, Named.of("wrong issuer, genuine key", (Forgery) c -> mintAs(c, "https://evil.example", SessionFixture.AUDIENCE))));
            cases.add(Arguments.of(alg, Named.of("wrong audience, genuine key", (Forgery) c -> mintAs(c, SessionFixture.ISSUER, "other"))));
            cases.add(Arguments.of(alg, Named.of("missing typ, genuine key", (Forgery) c -> resign(c, h -> new JWSHeader.Builder(h).type(null).build(), null))));
            cases.add(Arguments.of(alg, Named.of("plain JWT typ, genuine key", (Forgery) c -> resign(c, h -> new JWSHeader.Builder(h).type(JOSEObjectType.JWT).build(), null))));
            cases.add(Arguments.of(alg, Named.of("crit header, genuine key", (Forgery) c -> resign(c, h -> new JWSHeader.Builder(h.getAlgorithm()).keyID(h.getKeyID()).type(h.getType())
                    .criticalParams(new java.util.HashSet<>(Set.of("x-rg"))).customParam("x-rg", 1).build(), null))));
            cases.add(Arguments.of(alg, Named.of("empty claims, genuine key", (Forgery) c -> resign(c, h -> h, "{}"))));
            cases.add(Arguments.of(alg, Named.of("payload not JSON, genuine key", (Forgery) c -> resign(c, h -> h, "hello"))));
            cases.add(Arguments.of(alg, Named.of("wrong claim type, genuine key", (Forgery) c -> resign(c, h -> h,
                    payloadJson(c).replace("\"dpt\":1", "\"dpt\":\"1\"")))));
            cases.add(Arguments.of(alg, Named.of("future token version, genuine key", (Forgery) c -> resign(c, h -> h,
                    payloadJson(c).replace("\"ver\":1", "\"ver\":2")))));
        }
        cases.add(Arguments.of(SigningAlgorithm.ES256, Named.of("ES256 all-zero signature (CVE-2022-21449)",
                (Forgery) c -> c.parts()[0] + "." + c.parts()[1] + "." + Base64URL.encode(new byte[64]))));
        cases.add(Arguments.of(SigningAlgorithm.ES256, Named.of("ES256 DER signature", (Forgery) c -> {
            try {
                byte[] der = com.nimbusds.jose.crypto.impl.ECDSA.transcodeSignatureToDER(Base64URL.from(c.parts()[2]).decode());
                return c.parts()[0] + "." + c.parts()[1] + "." + Base64URL.encode(der);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("forgeries")
    void forgedTokensAreInvalid(SigningAlgorithm algorithm, Forgery forgery) {
        SessionFixture f = fixtures(algorithm);
        TemporaryCredentials creds = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials();
        String forged = forgery.apply(new Context(f, creds.sessionToken()));
        AwsException e = assertThrows(AwsException.class, () -> f.verifier.verify(forged));
        assertEquals(ErrorCode.InvalidClientTokenId, e.code());
        assertEquals(403, e.code().httpStatus());
        assertEquals("The security token included in the request is invalid.", e.getMessage());
    }

    /** Control: the forgery helpers produce valid tokens when they change nothing, so each case fails for its reason. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void unchangedResignAndHeaderRewriteStillVerify(SigningAlgorithm algorithm) {
        SessionFixture f = fixtures(algorithm);
        Context c = new Context(f, f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials().sessionToken());
        f.verifier.verify(resign(c, h -> h, null));
        f.verifier.verify(resign(c, h -> h, payloadJson(c)));
        f.verifier.verify(withHeader(c, activeKid(c), null, true));
        f.verifier.verify(mintAs(c, SessionFixture.ISSUER, SessionFixture.AUDIENCE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "abc", "a.b.c", "a.b", "...", "e30.e30.", "e30.e30.e30", "eyJhbGciOiJFUzI1NiJ9..",
            "eyJ.eyJ.eyJ", "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ", "a.b.c.d.e"})
    void malformedTokensAreInvalid(String token) {
        SessionFixture f = fixtures(SigningAlgorithm.ES256);
        assertEquals(ErrorCode.InvalidClientTokenId, assertThrows(AwsException.class, () -> f.verifier.verify(token)).code());
    }

    @Test
    void nullAndOversizedTokensAreInvalid() {
        SessionFixture f = fixtures(SigningAlgorithm.ES256);
        assertEquals(ErrorCode.InvalidClientTokenId, assertThrows(AwsException.class, () -> f.verifier.verify(null)).code());
        String token = f.issuer.issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials().sessionToken();
        String huge = token + "A".repeat(SessionTokenVerifier.MAX_TOKEN_LENGTH);
        assertEquals(ErrorCode.InvalidClientTokenId, assertThrows(AwsException.class, () -> f.verifier.verify(huge)).code());
    }

    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void expiryIsExactToTheSecond(SigningAlgorithm algorithm) {
        SessionFixture f = fixtures(algorithm);
        f.clock.set(SessionFixture.T0);
        TemporaryCredentials creds = f.issuer.issue(SessionFixture.roleGrant(Duration.ofSeconds(900))).credentials();
        f.clock.set(SessionFixture.T0.plusSeconds(900).minusMillis(1));
        f.verifier.verify(creds.sessionToken(), creds.accessKeyId());
        for (long after : new long[] {0, 1, 86_400}) {
            f.clock.set(SessionFixture.T0.plusSeconds(900 + after));
            AwsException e = assertThrows(AwsException.class, () -> f.verifier.verify(creds.sessionToken(), creds.accessKeyId()));
            assertEquals(ErrorCode.ExpiredToken, e.code());
            assertEquals(403, e.code().httpStatus());
            assertEquals("The security token included in the request is expired", e.getMessage());
        }
        // an expired token that is also tampered with is invalid, not expired: forgeries learn nothing
        String tampered = flip(creds.sessionToken(), 2, "middle");
        assertEquals(ErrorCode.InvalidClientTokenId,
                assertThrows(AwsException.class, () -> f.verifier.verify(tampered)).code());
        f.clock.set(SessionFixture.T0);
    }

    // --- helpers ---

    private static final java.util.Map<SigningAlgorithm, SessionFixture> FIXTURES = new java.util.concurrent.ConcurrentHashMap<>();

    /** RSA key generation is slow: one fixture per algorithm, reset to T0. */
    private static SessionFixture fixtures(SigningAlgorithm algorithm) {
        SessionFixture f = FIXTURES.computeIfAbsent(algorithm, SessionFixture::new);
        f.clock.set(SessionFixture.T0);
        return f;
    }

    static String flip(String token, int segment, String where) {
        String[] parts = token.split("\\.", -1);
        String s = parts[segment];
        int i = switch (where) {
            case "first" -> 0;
            case "middle" -> s.length() / 2;
            default -> s.length() - 1;
        };
        // move 32 places in the alphabet: flips the top bit of the 6-bit group, never just padding bits
        char replaced = B64URL.charAt((B64URL.indexOf(s.charAt(i)) + 32) % 64);
        parts[segment] = s.substring(0, i) + replaced + s.substring(i + 1);
        return String.join(".", parts);
    }

    private static String activeKid(Context c) {
        return c.fixture().ring.get().activeKey().kid();
    }

    private static String nextKid(Context c) {
        return c.fixture().ring.get().keys().stream().filter(k -> k.state() == KeyState.NEXT).findFirst().orElseThrow().kid();
    }

    private static String payloadJson(Context c) {
        return Base64URL.from(c.parts()[1]).decodeToString();
    }

    /** Rewrites the header (kid, alg), keeping payload and signature. */
    private static String withHeader(Context c, String kid, JWSAlgorithm alg, boolean keepType) {
        try {
            JWSHeader original = JWSObject.parse(c.token()).getHeader();
            JWSHeader header = new JWSHeader.Builder(alg == null ? original.getAlgorithm() : alg)
                    .keyID(kid).type(keepType ? original.getType() : null).build();
            return header.toBase64URL() + "." + c.parts()[1] + "." + c.parts()[2];
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String algNone(Context c) {
        String header = Base64URL.encode("{\"alg\":\"none\",\"kid\":\"" + activeKid(c) + "\",\"typ\":\"rolegate-session+jwt\"}").toString();
        return header + "." + c.parts()[1] + ".";
    }

    private static String hs256(Context c, boolean jwkJson) {
        try {
            var publicJwk = c.fixture().ring.get().activeKey().publicJwk();
            byte[] secret = jwkJson ? publicJwk.toJSONString().getBytes(StandardCharsets.UTF_8) : publicKeyBytes(publicJwk);
            JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(publicJwk.getKeyID())
                    .type(new JOSEObjectType("rolegate-session+jwt")).build(),
                    new Payload(Base64URL.from(c.parts()[1])));
            jws.sign(new MACSigner(secret));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** DER SubjectPublicKeyInfo for EC/RSA, the raw 32 bytes doubled for Ed25519 (HMAC keys need >= 256 bits). */
    private static byte[] publicKeyBytes(com.nimbusds.jose.jwk.JWK jwk) throws Exception {
        return switch (jwk.getKeyType().getValue()) {
            case "EC" -> jwk.toECKey().toECPublicKey().getEncoded();
            case "RSA" -> jwk.toRSAKey().toRSAPublicKey().getEncoded();
            default -> org.bouncycastle.util.Arrays.concatenate(jwk.toOctetKeyPair().getX().decode(),
                    jwk.toOctetKeyPair().getX().decode());
        };
    }

    /** A different ring generates its own key but labels it with our kid. */
    private static String resignWithForeignKey(Context c, SigningAlgorithm alg) {
        SigningKey foreign = new SigningKeyFactory(new java.security.SecureRandom()).newKey(alg, SessionFixture.T0);
        try {
            JWSObject jws = new JWSObject(JWSObject.parse(c.token()).getHeader(), new Payload(Base64URL.from(c.parts()[1])));
            jws.sign(JwsEngines.signer(foreign.jwk()));
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String mintAs(Context c, String issuer, String audience) {
        SessionFixture f = c.fixture();
        return new SessionCredentialsIssuer(issuer, audience, f.ring::get, f.secrets, f.clock, f.random)
                .issue(SessionFixture.roleGrant(Duration.ofHours(1))).credentials().sessionToken();
    }

    /** Signs a modified header/payload with the genuine ACTIVE key: only the semantic checks can catch it. */
    private static String resign(Context c, java.util.function.UnaryOperator<JWSHeader> header, String payloadJson) {
        try {
            JWSObject original = JWSObject.parse(c.token());
            Payload payload = payloadJson == null ? original.getPayload() : new Payload(payloadJson);
            JWSObject jws = new JWSObject(header.apply(original.getHeader()), payload);
            jws.sign(c.fixture().ring.get().signer());
            return jws.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
