package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.federation.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleWithWebIdentityCredentialsProvider;
import software.amazon.awssdk.services.sts.auth.StsWebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AssumeRoleWithWebIdentity through the real SDK v2 against a real OIDC issuer on 127.0.0.1 (discovery + JWKS,
 * registered as an http loopback provider in account alpha): the docs/aws-behaviour.md §6.2 pipeline with AWS's
 * errors, trust conditions on aud/sub and on an extra claim ({@code %test.rolegate.oidc.default-claims}), session tags
 * and source
 * identity from the token, role chaining from the session, and the SDK's web identity credentials providers.
 */
@QuarkusTest
class StsWebIdentityTest {
    static final String AUD = "sts.amazonaws.com";
    static final String SUB = "repo:acme/app:ref:refs/heads/main";
    static final String DENIED = "Not authorized to perform sts:AssumeRoleWithWebIdentity";

    static TestIssuer issuer;
    static String providerArn;
    /** host:port of the issuer: the prefix of its condition keys. */
    static String key;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startIssuer() throws Exception {
        issuer = new TestIssuer();
        key = issuer.url().substring("http://".length());
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    @BeforeEach
    void registerProvider() {
        if (providerArn == null) {
            providerArn = iam().createOpenIDConnectProvider(b -> b.url(issuer.url()).clientIDList(AUD, "other-client"))
                    .openIDConnectProviderArn();
            assertEquals("arn:aws:iam::" + Aws.ALPHA + ":oidc-provider/" + key, providerArn);
        }
    }

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    /** An STS client without credentials: AssumeRoleWithWebIdentity is unsigned. */
    StsClient anonymous() {
        return StsClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    StsClient sts(AwsCredentials c) {
        return Aws.sts(base, c);
    }

    static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer.url()).audience(AUD).subject(SUB)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("repository_owner", "acme");
    }

    static String token(JWTClaimsSet.Builder claims) {
        try {
            return issuer.sign(claims.build(), JWSAlgorithm.RS256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String token() {
        return token(claims());
    }

    /** Trust for the test provider with sts:AssumeRoleWithWebIdentity (+ extra actions) and conditions. */
    static String trust(String extraActions, String conditions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":[\"sts:AssumeRoleWithWebIdentity\""
                + (extraActions == null ? "" : "," + extraActions) + "],\"Condition\":" + conditions + "}]}";
    }

    static String audSub(String sub) {
        return "{\"StringEquals\":{\"" + key + ":aud\":\"" + AUD + "\",\"" + key + ":sub\":\"" + sub + "\"}}";
    }

    String role(String name, String trust, Integer maxSession) {
        return StsFixtures.role(base, Aws.ALPHA_ADMIN, name, trust, maxSession);
    }

    static Consumer<AssumeRoleWithWebIdentityRequest.Builder> req(String roleArn, String session, String token) {
        return b -> b.roleArn(roleArn).roleSessionName(session).webIdentityToken(token);
    }

    static StsException error(String code, int status, String message, Executable call) {
        StsException e = assertThrows(StsException.class, call);
        assertEquals(code, e.awsErrorDetails().errorCode(), e.getMessage());
        assertEquals(status, e.statusCode());
        if (message != null) {
            assertEquals(message, e.awsErrorDetails().errorMessage());
        }
        return e;
    }

    static void denied(Executable call) {
        error("AccessDenied", 403, DENIED, call);
    }

    // ------------------------------------------------------------------ the happy path

    @Test
    void aValidTokenGivesCredentialsForTheAssumedRole() {
        String roleName = name("wi-ok");
        String roleArn = role(roleName, trust(null, audSub(SUB)), null);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(req(roleArn, "ci-42", token()));

        assertNotNull(r.credentials().accessKeyId());
        assertTrue(r.credentials().accessKeyId().startsWith("ASIA"), r.credentials().accessKeyId());
        assertEquals(40, r.credentials().secretAccessKey().length());
        Duration left = Duration.between(Instant.now(), r.credentials().expiration());
        assertTrue(left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofMinutes(61)) < 0, left.toString());
        assertEquals(SUB, r.subjectFromWebIdentityToken());
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/ci-42", r.assumedRoleUser().arn());
        assertTrue(r.assumedRoleUser().assumedRoleId().matches("AROA[A-Z0-9]{17}:ci-42"), r.assumedRoleUser().assumedRoleId());
        assertEquals(providerArn, r.provider());
        assertEquals(AUD, r.audience());
        assertNull(r.packedPolicySize());
        assertNull(r.sourceIdentity());

        GetCallerIdentityResponse me = sts(Aws.session(r.credentials())).getCallerIdentity();
        assertEquals(r.assumedRoleUser().arn(), me.arn());
        assertEquals(Aws.ALPHA, me.account());
        assertEquals(r.assumedRoleUser().assumedRoleId(), me.userId());
    }

    @Test
    void durationIsBoundedByTheRoleOnlyAndASessionPolicyReportsItsPackedSize() {
        String roleArn = role(name("wi-dur"), trust(null, audSub(SUB)), 7200);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(req(roleArn, "long", token())
                .andThen(b -> b.durationSeconds(7200).policy(StsFixtures.allow("s3:GetObject", "*"))));
        Duration left = Duration.between(Instant.now(), r.credentials().expiration());
        assertTrue(left.compareTo(Duration.ofMinutes(119)) > 0, left.toString());
        assertNotNull(r.packedPolicySize());
        assertTrue(r.packedPolicySize() > 0 && r.packedPolicySize() <= 100, r.packedPolicySize().toString());
        error("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "longer", token()).andThen(b -> b.durationSeconds(7201))));
    }

    // ------------------------------------------------------------------ token failures (docs/aws-behaviour.md §6.2
    // steps 1-6)

    @Test
    void theTokenIsShapeCheckedFirstAndNeverEchoed() {
        String roleArn = role(name("wi-shape"), trust(null, audSub(SUB)), null);
        error("ValidationError", 400, "1 validation error detected: Value at 'webIdentityToken' failed to satisfy "
                        + "constraint: Member must have length greater than or equal to 4",
                () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s", "abc").andThen(b -> b.roleSessionName("ok"))));
        error("ValidationError", 400, "1 validation error detected: Value at 'webIdentityToken' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 20000",
                () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "ok", "a".repeat(20_001))));
    }

    @Test
    void aWrongAudienceIsAnIncorrectTokenAudience() {
        String roleArn = role(name("wi-aud"), trust(null, audSub(SUB)), null);
        error("InvalidIdentityToken", 400, "Incorrect token audience",
                () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", token(claims().audience("someone-else")))));
    }

    @Test
    void anIssuerWithoutAProviderInTheRolesAccountIsRejected() throws Exception {
        String roleArn = role(name("wi-iss"), trust(null, audSub(SUB)), null);
        try (TestIssuer stranger = new TestIssuer()) {
            String t = stranger.sign(claims().issuer(stranger.url()).build(), JWSAlgorithm.RS256);
            error("InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for " + stranger.url(),
                    () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", t)));
        }
        // the provider is registered in alpha, not in beta: a beta role does not see it
        String betaRole = "arn:aws:iam::" + Aws.BETA + ":role/" + name("wi-nowhere");
        error("InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for " + issuer.url(),
                () -> anonymous().assumeRoleWithWebIdentity(req(betaRole, "s1", token())));
    }

    @Test
    void anExpiredTokenIsAnExpiredTokenException() {
        String roleArn = role(name("wi-exp"), trust(null, audSub(SUB)), null);
        long exp = Instant.now().minusSeconds(300).getEpochSecond();
        StsException e = error("ExpiredTokenException", 400, null, () -> anonymous().assumeRoleWithWebIdentity(req(roleArn,
                "s1", token(claims().issueTime(new Date((exp - 600) * 1000)).expirationTime(new Date(exp * 1000))))));
        String m = e.awsErrorDetails().errorMessage();
        assertTrue(m.matches("Token expired: current date/time \\d+ must be before the expiration date/time" + exp), m);
    }

    @Test
    void unsignedAndBadlySignedTokensAreInvalid() throws Exception {
        String roleArn = role(name("wi-alg"), trust(null, audSub(SUB)), null);
        String none = new PlainJWT(claims().build()).serialize();
        error("InvalidIdentityToken", 400, null, () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", none)));
        // signed by a key the issuer does not publish
        try (TestIssuer other = new TestIssuer()) {
            String forged = other.sign(claims().build(), JWSAlgorithm.RS256);
            error("InvalidIdentityToken", 400, null, () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", forged)));
        }
    }

    @Test
    void aProviderIdIsRefused() {
        String roleArn = role(name("wi-pid"), trust(null, audSub(SUB)), null);
        error("InvalidIdentityToken", 400, null, () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", token())
                .andThen(b -> b.providerId("www.amazon.com"))));
    }

    // ------------------------------------------------------------------ trust policy (docs/aws-behaviour.md §6.2 step
    // 7)

    @Test
    void aSubjectTheTrustPolicyDoesNotNameIsDeniedLikeAMissingRole() {
        String roleArn = role(name("wi-sub"), trust(null, audSub("repo:acme/app:ref:refs/heads/release")), null);
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", token())));
        String missing = "arn:aws:iam::" + Aws.ALPHA + ":role/" + name("wi-missing");
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(missing, "s1", token())));
        // a trust policy for another principal type does not let a web identity in
        String awsOnly = role(name("wi-aws"), StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + Aws.ALPHA + ":root"), null, null), null);
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(awsOnly, "s1", token())));
    }

    @Test
    void subjectWildcardsMatchWithStringLike() {
        String roleArn = role(name("wi-like"), trust(null, "{\"StringEquals\":{\"" + key + ":aud\":\"" + AUD
                + "\"},\"StringLike\":{\"" + key + ":sub\":\"repo:acme/app:*\"}}"), null);
        assertEquals(SUB, anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", token())).subjectFromWebIdentityToken());
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", token(claims().subject("repo:evil/app:ref:refs/heads/main")))));
    }

    @Test
    void anExtraClaimConfiguredByTheOperatorIsAConditionKey() {
        String roleArn = role(name("wi-claim"), trust(null, "{\"StringEquals\":{\"" + key + ":aud\":\"" + AUD + "\",\""
                + key + ":repository_owner\":\"acme\"},\"ForAnyValue:StringEquals\":{\"" + key + ":groups\":\"deployers\"}}"), null);
        assertEquals(SUB, anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1",
                token(claims().claim("groups", List.of("readers", "deployers"))))).subjectFromWebIdentityToken());
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s2",
                token(claims().claim("repository_owner", "evil").claim("groups", List.of("deployers"))))));
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s3",
                token(claims().claim("groups", List.of("readers"))))));
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s4", token())));
    }

    @Test
    void sessionTagsFromTheTokenNeedTagSessionAndBecomePrincipalTags() {
        Map<String, Object> tagsClaim = Map.of("principal_tags", Map.of("team", List.of("platform")),
                "transitive_tag_keys", List.of("team"));
        String tagged = token(claims().claim("https://aws.amazon.com/tags", tagsClaim));
        String withoutTagSession = role(name("wi-notag"), trust(null, audSub(SUB)), null);
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(withoutTagSession, "s1", tagged)));

        // the tags are request tags during the trust decision
        String roleName = name("wi-tag");
        String roleArn = role(roleName, trust("\"sts:TagSession\"", "{\"StringEquals\":{\"" + key + ":aud\":\"" + AUD
                + "\",\"aws:RequestTag/team\":\"platform\"}}"), null);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", tagged));
        assertNotNull(r.packedPolicySize());

        // ... and principal tags of the session, transitive down a role chain
        String nextName = name("wi-tag-next");
        String next = role(nextName, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + roleArn + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"platform\"}}}]}", null);
        AssumeRoleResponse chained = sts(Aws.session(r.credentials())).assumeRole(b -> b.roleArn(next).roleSessionName("hop"));
        String third = role(name("wi-tag-third"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + next + "\"},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"platform\"}}}]}", null);
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + nextName + "/hop", chained.assumedRoleUser().arn());
        sts(Aws.session(chained.credentials())).assumeRole(b -> b.roleArn(third).roleSessionName("hop2"));
    }

    @Test
    void reservedSessionTagKeysInTheTokenAreRefused() {
        String roleArn = role(name("wi-rtk"), trust("\"sts:TagSession\"", audSub(SUB)), null);
        for (String key : List.of("aws:team", "AWS:team", "Aws:Team")) {
            String tagged = token(claims().claim("https://aws.amazon.com/tags",
                    Map.of("principal_tags", Map.of(key, List.of("platform")))));
            error("InvalidIdentityToken", 400,
                    "Invalid session tag key in the https://aws.amazon.com/tags claim: " + key,
                    () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", tagged)));
        }
    }

    @Test
    void aSourceIdentityClaimNeedsSetSourceIdentityAndIsInherited() {
        String t = token(claims().claim("https://aws.amazon.com/source_identity", "alice"));
        String without = role(name("wi-nosi"), trust(null, audSub(SUB)), null);
        denied(() -> anonymous().assumeRoleWithWebIdentity(req(without, "s1", t)));
        String roleArn = role(name("wi-si"), trust("\"sts:SetSourceIdentity\"", audSub(SUB)), null);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", t));
        assertEquals("alice", r.sourceIdentity());

        String next = role(name("wi-si-next"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + roleArn + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:SetSourceIdentity\"]}]}", null);
        AssumeRoleResponse chained = sts(Aws.session(r.credentials())).assumeRole(b -> b.roleArn(next).roleSessionName("hop"));
        assertEquals("alice", chained.sourceIdentity());
    }

    // ------------------------------------------------------------------ the session

    @Test
    void roleChainingFromAWebIdentitySessionIsCappedAtOneHour() {
        String first = role(name("wi-chain"), trust(null, audSub(SUB)), 43_200);
        String secondName = name("wi-chain-next");
        String second = role(secondName, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + first + "\"},\"Action\":\"sts:AssumeRole\"}]}", 43_200);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(req(first, "web", token())
                .andThen(b -> b.durationSeconds(43_200)));
        StsClient session = sts(Aws.session(r.credentials()));
        error("ValidationError", 400, "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
                () -> session.assumeRole(b -> b.roleArn(second).roleSessionName("hop").durationSeconds(3601)));
        AssumeRoleResponse chained = session.assumeRole(b -> b.roleArn(second).roleSessionName("hop").durationSeconds(3600));
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + secondName + "/hop",
                sts(Aws.session(chained.credentials())).getCallerIdentity().arn());
        // a web identity session may not ask for GetSessionToken (AssumeRole* credentials, docs/aws-behaviour.md §2.2)
        error("AccessDenied", 403, "Cannot call GetSessionToken with session credentials", session::getSessionToken);
    }

    @Test
    void theTokensAudAndSubHoldInEveryRequestOfTheSession() {
        String roleName = name("wi-carry");
        String roleArn = role(roleName, trust(null, "{\"StringEquals\":{\"" + key + ":aud\":\"" + AUD
                + "\"},\"StringLike\":{\"" + key + ":sub\":\"repo:acme/*\"}}"), null);
        iam().putRolePolicy(b -> b.roleName(roleName).policyName("main-only").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"iam:GetRole\","
                        + "\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"" + key + ":sub\":\"" + SUB + "\",\""
                        + key + ":aud\":\"" + AUD + "\"}}}]}"));
        AssumeRoleWithWebIdentityResponse main = anonymous().assumeRoleWithWebIdentity(req(roleArn, "main", token()));
        assertEquals(roleName, Aws.iam(base, Aws.session(main.credentials())).getRole(b -> b.roleName(roleName)).role().roleName());

        AssumeRoleWithWebIdentityResponse branch = anonymous().assumeRoleWithWebIdentity(req(roleArn, "branch",
                token(claims().subject("repo:acme/app:ref:refs/heads/feature"))));
        IamClient branchIam = Aws.iam(base, Aws.session(branch.credentials()));
        software.amazon.awssdk.services.iam.model.IamException e = assertThrows(
                software.amazon.awssdk.services.iam.model.IamException.class, () -> branchIam.getRole(b -> b.roleName(roleName)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
    }

    @Test
    void aDeletedProviderStopsTheExchange() throws Exception {
        try (TestIssuer own = new TestIssuer()) {
            String ownKey = own.url().substring("http://".length());
            String arn = iam().createOpenIDConnectProvider(b -> b.url(own.url()).clientIDList(AUD)).openIDConnectProviderArn();
            String roleArn = role(name("wi-del"), "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                    + arn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{\"StringEquals\":{\""
                    + ownKey + ":aud\":\"" + AUD + "\"}}}]}", null);
            String t = own.sign(claims().issuer(own.url()).build(), JWSAlgorithm.ES256);
            assertEquals(arn, anonymous().assumeRoleWithWebIdentity(req(roleArn, "s1", t)).provider());
            int fetches = own.jwksHits.get();
            anonymous().assumeRoleWithWebIdentity(req(roleArn, "s2", t));
            assertEquals(fetches, own.jwksHits.get(), "keys come from the cache");

            iam().deleteOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn));
            error("InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for " + own.url(),
                    () -> anonymous().assumeRoleWithWebIdentity(req(roleArn, "s3", t)));
            // registered again: the keys are fetched afresh for the new provider
            iam().createOpenIDConnectProvider(b -> b.url(own.url()).clientIDList(AUD));
            anonymous().assumeRoleWithWebIdentity(req(roleArn, "s4", t));
            assertEquals(fetches + 1, own.jwksHits.get(), "keys fetched again after the provider was re-created");
        }
    }

    // ------------------------------------------------------------------ the SDK's web identity credentials providers

    @Test
    void theSdkWebIdentityCredentialsProviderObtainsCredentials() {
        String roleName = name("wi-sdk");
        String roleArn = role(roleName, trust(null, audSub(SUB)), null);
        try (StsClient gateway = anonymous();
             StsAssumeRoleWithWebIdentityCredentialsProvider provider = StsAssumeRoleWithWebIdentityCredentialsProvider
                     .builder().stsClient(gateway).refreshRequest(b -> b.roleArn(roleArn).roleSessionName("sdk")
                             .webIdentityToken(token())).build()) {
            AwsCredentials c = provider.resolveCredentials();
            assertTrue(c.accessKeyId().startsWith("ASIA"), c.accessKeyId());
            assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/sdk", sts(c).getCallerIdentity().arn());
        }
    }

    /**
     * The SDK's default-chain provider (WebIdentityTokenFileCredentialsProvider: AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE,
     * AWS_ROLE_SESSION_NAME as the system properties aws.roleArn, aws.webIdentityTokenFile, aws.roleSessionName) with
     * its own STS client, sent to the gateway by the service-specific endpoint setting aws.endpointUrlSts
     * (AWS_ENDPOINT_URL_STS).
     */
    @Test
    void theSdkDefaultWebIdentityProviderFollowsTheEnvironmentSettings() throws Exception {
        String roleName = name("wi-env");
        String roleArn = role(roleName, trust(null, audSub(SUB)), null);
        Path file = Files.createTempFile("web-identity", ".jwt");
        Map<String, String> props = Map.of("aws.roleArn", roleArn, "aws.webIdentityTokenFile", file.toString(),
                "aws.roleSessionName", "from-env", "aws.region", "us-east-1", "aws.endpointUrlSts", Aws.endpoint(base).toString());
        try {
            Files.writeString(file, token());
            props.forEach(System::setProperty);
            try (software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider provider =
                         software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider.create()) {
                AwsCredentials c = provider.resolveCredentials();
                assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/from-env",
                        sts(c).getCallerIdentity().arn());
            }
        } finally {
            props.keySet().forEach(System::clearProperty);
            Files.deleteIfExists(file);
        }
    }

    @Test
    void theSdkTokenFileProviderReadsRoleArnAndTokenFile() throws Exception {
        String roleName = name("wi-file");
        String roleArn = role(roleName, trust(null, audSub(SUB)), null);
        Path file = Files.createTempFile("web-identity", ".jwt");
        try {
            Files.writeString(file, token());
            try (StsClient gateway = anonymous();
                 StsWebIdentityTokenFileCredentialsProvider provider = StsWebIdentityTokenFileCredentialsProvider
                         .builder().stsClient(gateway).roleArn(roleArn).roleSessionName("from-file")
                         .webIdentityTokenFile(file).build()) {
                AwsCredentials c = provider.resolveCredentials();
                assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/from-file",
                        sts(c).getCallerIdentity().arn());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
