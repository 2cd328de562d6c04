package io.rolegate.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.rolegate.federation.Fixtures.ACCOUNT;
import static io.rolegate.federation.Fixtures.fails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validation matrix (docs/aws-behaviour.md §6.2) against a real issuer served over HTTP on 127.0.0.1. */
class WebIdentityValidatorTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final String AUD = "sts.amazonaws.com";
    static final String SUB = "repo:my-org/my-repo:ref:refs/heads/main";

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    static TestIssuer issuer;
    static RemoteKeys keys;
    static WebIdentityValidator validator;
    static ProviderLookup lookup;

    @BeforeAll
    static void start() throws Exception {
        issuer = new TestIssuer("/realms/demo");
        keys = new RemoteKeys(Fixtures.fetcher(VERTX.get(), true), KeySettings.defaults(), KeyFetchObserver.NONE,
                Clock.systemUTC());
        ExtraClaims extra = new ExtraClaims(List.of("email"),
                Map.of(issuer.providerKey(), List.of("groups", "repository_owner", "org", "sub")));
        validator = new WebIdentityValidator(Clock.fixed(NOW, ZoneOffset.UTC), keys, Duration.ofSeconds(30), extra);
        lookup = Fixtures.lookup(issuer.provider("other-client", AUD));
    }

    @AfterAll
    static void stop() {
        keys.close();
        issuer.close();
    }

    static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder().issuer(issuer.url()).audience(AUD).subject(SUB)
                .expirationTime(Date.from(NOW.plusSeconds(600))).issueTime(Date.from(NOW.minusSeconds(10)));
    }

    static ValidatedWebIdentity validate(String token) {
        return validator.validate(token, ACCOUNT, lookup);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "ES256"})
    void validTokenIsAccepted(String alg) throws Exception {
        ValidatedWebIdentity id = validate(issuer.sign(claims().build(), JWSAlgorithm.parse(alg)));
        String pk = issuer.providerKey();
        assertEquals("arn:aws:iam::111111111111:oidc-provider/" + pk, id.providerArn());
        assertEquals(pk, id.providerKey());
        assertTrue(pk.startsWith("127.0.0.1:") && pk.endsWith("/realms/demo"), pk);
        assertEquals(SUB, id.subject());
        assertEquals(AUD, id.audience());
        assertEquals(Map.of(pk + ":aud", List.of(AUD), pk + ":sub", List.of(SUB)), id.conditionKeys());
        assertEquals(NOW.plusSeconds(600), id.expiresAt());
        assertEquals(Optional.of(NOW.minusSeconds(10)), id.issuedAt());
        assertTrue(id.sessionTags().isEmpty());
        assertFalse(id.hasSessionTags());
        assertEquals(Optional.empty(), id.sourceIdentity());
    }

    @Test
    void audienceArrayMatchesAnyClientId() throws Exception {
        var id = validate(issuer.sign(claims().audience(List.of("someone-else", AUD)).build(), JWSAlgorithm.RS256));
        assertEquals(AUD, id.audience());
        assertEquals(List.of(AUD), id.conditionKeys().get(issuer.providerKey() + ":aud"));
    }

    @Test
    void withinLeewayIsAccepted() throws Exception {
        var id = validate(issuer.sign(claims().expirationTime(Date.from(NOW.minusSeconds(29)))
                .notBeforeTime(Date.from(NOW.plusSeconds(29))).issueTime(Date.from(NOW.plusSeconds(29))).build(),
                JWSAlgorithm.ES256));
        assertEquals(SUB, id.subject());
    }

    /** name, claims edit, expected code, expected exact message. */
    static Stream<Arguments> rejectedClaims() {
        long now = NOW.getEpochSecond();
        return Stream.of(
                row("wrong audience", b -> b.audience("not-registered"), ErrorCode.InvalidIdentityToken,
                        "Incorrect token audience"),
                row("no audience", b -> b.audience((String) null), ErrorCode.InvalidIdentityToken,
                        "Incorrect token audience"),
                row("unknown issuer", b -> b.issuer("https://token.actions.githubusercontent.com"),
                        ErrorCode.InvalidIdentityToken,
                        "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com"),
                row("no issuer", b -> b.issuer(null), ErrorCode.InvalidIdentityToken, WebIdentityErrors.MISSING_ISSUER),
                row("expired beyond leeway", b -> b.expirationTime(Date.from(NOW.minusSeconds(31))),
                        ErrorCode.ExpiredTokenException, "Token expired: current date/time " + now
                                + " must be before the expiration date/time" + (now - 31)),
                row("expired long ago", b -> b.expirationTime(new Date(1624482335000L)), ErrorCode.ExpiredTokenException,
                        "Token expired: current date/time " + now + " must be before the expiration date/time1624482335"),
                row("no exp", b -> b.expirationTime(null), ErrorCode.InvalidIdentityToken, WebIdentityErrors.MISSING_EXP),
                row("fractional exp", b -> b.claim("exp", now + 600.5), ErrorCode.InvalidIdentityToken,
                        WebIdentityErrors.BAD_DATE + "exp"),
                row("string exp", b -> b.claim("exp", String.valueOf(now + 600)), ErrorCode.InvalidIdentityToken,
                        WebIdentityErrors.BAD_DATE + "exp"),
                row("not yet valid", b -> b.notBeforeTime(Date.from(NOW.plusSeconds(120))),
                        ErrorCode.InvalidIdentityToken, "Token not yet valid: current date/time " + now
                                + " must be after the not-before date/time " + (now + 120)),
                row("issued in the future", b -> b.issueTime(Date.from(NOW.plusSeconds(120))),
                        ErrorCode.InvalidIdentityToken, "Token issued in the future: current date/time " + now
                                + " is before the issue date/time " + (now + 120)),
                row("no sub", b -> b.subject(null), ErrorCode.InvalidIdentityToken, WebIdentityErrors.MISSING_SUB),
                row("empty sub", b -> b.subject(""), ErrorCode.InvalidIdentityToken, WebIdentityErrors.MISSING_SUB),
                row("sub too long", b -> b.subject("s".repeat(256)), ErrorCode.InvalidIdentityToken,
                        WebIdentityErrors.SUB_TOO_LONG),
                row("bad source identity", b -> b.claim(WebIdentityValidator.SOURCE_IDENTITY_CLAIM, "has space"),
                        ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_SOURCE_IDENTITY),
                row("tags claim not an object", b -> b.claim(SessionTagsClaim.CLAIM, "x"),
                        ErrorCode.InvalidIdentityToken, "The https://aws.amazon.com/tags claim must be a JSON object"));
    }

    static Arguments row(String name, Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> edit, ErrorCode code,
                         String message) {
        return Arguments.of(name, edit, code, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedClaims")
    void rejectsClaims(String name, Function<JWTClaimsSet.Builder, JWTClaimsSet.Builder> edit, ErrorCode code,
                       String message) throws Exception {
        String token = issuer.sign(edit.apply(claims()).build(), JWSAlgorithm.RS256);
        fails(code, message, () -> validate(token));
    }

    @Test
    void providerOfAnotherAccountDoesNotCount() throws Exception {
        String token = issuer.sign(claims().build(), JWSAlgorithm.RS256);
        fails(ErrorCode.InvalidIdentityToken, "No OpenIDConnect provider found in your account for " + issuer.url(),
                () -> validator.validate(token, "222222222222", lookup));
    }

    @Test
    void signatureByAnotherKeyWithTheSameKidIsRejected() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(issuer.rsaKey().getKeyID()).generate();
        String token = TestIssuer.sign(claims().build(), JWSAlgorithm.RS256, impostor, impostor.getKeyID());
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_SIGNATURE, () -> validate(token));
    }

    @Test
    void tamperedPayloadIsRejected() throws Exception {
        String[] parts = issuer.sign(claims().build(), JWSAlgorithm.ES256).split("\\.");
        String forged = Base64URL.encode(claims().subject("repo:evil/repo:ref:refs/heads/main").build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_SIGNATURE,
                () -> validate(parts[0] + "." + forged + "." + parts[2]));
    }

    @Test
    void algNoneIsRejected() {
        String header = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)).toString();
        String payload = Base64URL.encode(claims().build().toString().getBytes(StandardCharsets.UTF_8)).toString();
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NOT_A_JWT, () -> validate(header + "." + payload + "."));
    }

    @Test
    void hs256SignedWithThePublicKeyIsRejectedWithoutFetchingKeys() throws Exception {
        int before = issuer.fetches();
        RSAKey rsa = issuer.rsaKey();
        byte[] publicKeyBytes = rsa.toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(rsa.getKeyID()).build(),
                claims().build());
        jwt.sign(new MACSigner(publicKeyBytes));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_ALGORITHM + "HS256", () -> validate(jwt.serialize()));
        assertEquals(before, issuer.fetches());
    }

    @Test
    void criticalHeaderIsRejected() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(issuer.rsaKey().getKeyID())
                .customParam("exp-ext", 1).criticalParams(java.util.Set.of("exp-ext")).build(), claims().build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(issuer.rsaKey()));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.CRITICAL_HEADER, () -> validate(jwt.serialize()));
    }

    @Test
    void oversizedTokenIsRejectedBeforeParsing() throws JOSEException {
        String big = issuer.sign(claims().claim("pad", "x".repeat(20_000)).build(), JWSAlgorithm.RS256);
        assertTrue(big.length() > WebIdentityValidator.MAX_TOKEN_LENGTH);
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_LENGTH, () -> validate(big));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_LENGTH, () -> validate("a.b"));
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.BAD_LENGTH, () -> validate(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-jwt-at-all", "a.b.c", "a.b.c.d.e", "....", "eyJhbGciOiJSUzI1NiJ9.e30"})
    void malformedTokensAreRejected(String token) {
        fails(ErrorCode.InvalidIdentityToken, WebIdentityErrors.NOT_A_JWT, () -> validate(token));
    }

    @Test
    void extraClaimsBecomeConditionKeysAndArraysAreMultiValued() throws Exception {
        String pk = issuer.providerKey();
        var id = validate(issuer.sign(claims()
                .claim("groups", List.of("admins", "devs"))
                .claim("repository_owner", "my-org")
                .claim("email", "dev@example.com")
                .claim("amr", List.of("authenticated", "mfa"))
                .claim("org", Map.of("nested", "objects are not condition values"))
                .claim("not_configured", "ignored")
                .build(), JWSAlgorithm.RS256));
        assertEquals(List.of(pk + ":aud", pk + ":sub", pk + ":amr", pk + ":email", pk + ":groups",
                pk + ":repository_owner"), List.copyOf(id.conditionKeys().keySet()));
        assertEquals(List.of("admins", "devs"), id.conditionKeys().get(pk + ":groups"));
        assertEquals(List.of("my-org"), id.conditionKeys().get(pk + ":repository_owner"));
        assertEquals(List.of("dev@example.com"), id.conditionKeys().get(pk + ":email"));
        assertEquals(List.of("authenticated", "mfa"), id.conditionKeys().get(pk + ":amr"));
        assertEquals(List.of(SUB), id.conditionKeys().get(pk + ":sub"), "config cannot redefine the AWS sub key");
    }

    @Test
    void tagsAndSourceIdentityClaimsAreExtracted() throws Exception {
        var id = validate(issuer.sign(claims()
                .claim(SessionTagsClaim.CLAIM, Map.of(
                        "principal_tags", Map.of("Project", List.of("Automation"), "CostCenter", List.of("12345")),
                        "transitive_tag_keys", List.of("Project")))
                .claim(WebIdentityValidator.SOURCE_IDENTITY_CLAIM, "alice@example.com")
                .build(), JWSAlgorithm.ES256));
        assertEquals(Map.of("Project", "Automation", "CostCenter", "12345"), id.sessionTags());
        assertEquals(List.of("Project"), id.transitiveTagKeys());
        assertTrue(id.hasSessionTags());
        assertEquals(Optional.of("alice@example.com"), id.sourceIdentity());
    }
}
