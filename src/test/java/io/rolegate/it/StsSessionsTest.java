package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;
import io.rolegate.iam.AuthorizationMessages;
import io.rolegate.iam.SessionKeys;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static io.rolegate.it.StsFixtures.allow;
import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Temporary credentials after they are minted: tampering, expiry, key rotation, revocation, JSON, decoding. */
@QuarkusTest
class StsSessionsTest {
    @TestHTTPResource("/")
    URL base;
    @Inject
    SessionKeys keys;
    @Inject
    AuthorizationMessages messages;

    /** A user, a role it may assume (trust names the user), and a session of that role. */
    record Setup(AwsBasicCredentials user, String roleName, String roleArn, AssumeRoleResponse session) {
    }

    Setup setup(String roleIdentityPolicy) {
        String u = name("su");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String r = name("sr");
        String arn = role(base, Aws.ALPHA_ADMIN, r, trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        if (roleIdentityPolicy != null) {
            Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(r).policyName("p").policyDocument(roleIdentityPolicy));
        }
        return new Setup(creds, r, arn, Aws.sts(base, creds).assumeRole(b -> b.roleArn(arn).roleSessionName("sess")));
    }

    @Test
    void tamperedTruncatedAndForeignTokensAreInvalid() {
        Credentials c = setup(null).session().credentials();
        String token = c.sessionToken();
        String[] parts = token.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sess\"", "\"evil\"");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        for (String bad : List.of(forged, token.substring(0, token.length() - 5), "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ")) {
            StsException e = assertThrows(StsException.class, () -> Aws.sts(base,
                    AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), bad)).getCallerIdentity());
            assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
            assertEquals("The security token included in the request is invalid.", e.awsErrorDetails().errorMessage());
            assertEquals(403, e.statusCode());
        }
        // a valid token with another session's key id
        Credentials other = setup(null).session().credentials();
        StsException e = assertThrows(StsException.class, () -> Aws.sts(base,
                AwsSessionCredentials.create(other.accessKeyId(), other.secretAccessKey(), token)).getCallerIdentity());
        assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
        // the right token with a wrong secret
        e = assertThrows(StsException.class, () -> Aws.sts(base,
                AwsSessionCredentials.create(c.accessKeyId(), other.secretAccessKey(), token)).getCallerIdentity());
        assertEquals("SignatureDoesNotMatch", e.awsErrorDetails().errorCode());
    }

    @Test
    void expiredTokenAnswersExpiredToken() {
        Credentials c = setup(null).session().credentials();
        Instant exp = c.expiration();
        // one second before expiry it verifies, at expiry it is expired (checked with a controlled clock)
        assertEquals(c.secretAccessKey(), keys.verifyAt(c.sessionToken(), c.accessKeyId(),
                Clock.fixed(exp.minusSeconds(1), ZoneOffset.UTC)).secretAccessKey());
        AwsException e = assertThrows(AwsException.class, () -> keys.verifyAt(c.sessionToken(), c.accessKeyId(),
                Clock.fixed(exp, ZoneOffset.UTC)));
        assertEquals(ErrorCode.ExpiredToken, e.code());
        assertEquals("The security token included in the request is expired", e.getMessage());
        assertEquals(403, e.code().httpStatus());
    }

    @Test
    void keyRotationKeepsLiveSessionsValid() throws Exception {
        Setup s = setup(null);
        String before = keys.ring().activeKey().kid();
        // a day and more later: the published successor takes over, the old key retires but stays published
        SigningKeyRing rotated = keys.rotate(Instant.now().plus(Duration.ofHours(25)));
        String after = rotated.activeKey().kid();
        assertNotEquals(before, after);
        assertTrue(rotated.verificationKeys().kids().contains(before));
        String jwks = get("/.well-known/jwks.json").body();
        assertTrue(jwks.contains(before) && jwks.contains(after), jwks);
        // the old session still works; a new one is signed by the new key
        StsClient old = Aws.sts(base, Aws.session(s.session().credentials()));
        assertEquals(s.session().assumedRoleUser().arn(), old.getCallerIdentity().arn());
        AssumeRoleResponse fresh = Aws.sts(base, s.user()).assumeRole(b -> b.roleArn(s.roleArn()).roleSessionName("new"));
        String header = new String(java.util.Base64.getUrlDecoder().decode(fresh.credentials().sessionToken().split("\\.")[0]),
                StandardCharsets.UTF_8);
        assertTrue(header.contains(after), header);
        assertEquals(fresh.assumedRoleUser().arn(), Aws.sts(base, Aws.session(fresh.credentials())).getCallerIdentity().arn());
    }

    @Test
    void revokingOlderSessionsDeniesThemAndNotNewOnes() throws Exception {
        String target = role(base, Aws.ALPHA_ADMIN, name("tgt"), trust(q("111111111111"), null, null), null);
        Setup s = setup(allow("sts:AssumeRole", "*"));
        StsClient old = Aws.sts(base, Aws.session(s.session().credentials()));
        old.assumeRole(b -> b.roleArn(target).roleSessionName("before"));
        Thread.sleep(1100);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Aws.iam(base, Aws.ALPHA_ADMIN).putRolePolicy(b -> b.roleName(s.roleName()).policyName("AWSRevokeOlderSessions")
                .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":[\"*\"],"
                        + "\"Resource\":[\"*\"],\"Condition\":{\"DateLessThan\":{\"aws:TokenIssueTime\":\"" + now + "\"}}}]}"));
        StsException e = assertThrows(StsException.class, () -> old.assumeRole(b -> b.roleArn(target).roleSessionName("after")));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals("User: " + s.session().assumedRoleUser().arn() + " is not authorized to perform: sts:AssumeRole on "
                + "resource: " + target + " with an explicit deny in an identity-based policy", e.awsErrorDetails().errorMessage());
        AssumeRoleResponse fresh = Aws.sts(base, s.user()).assumeRole(b -> b.roleArn(s.roleArn()).roleSessionName("fresh"));
        Aws.sts(base, Aws.session(fresh.credentials())).assumeRole(b -> b.roleArn(target).roleSessionName("after"));
    }

    @Test
    void getCallerIdentityAnswersJsonWhenAsked() throws Exception {
        Credentials c = setup(null).session().credentials();
        URI uri = URI.create(Aws.endpoint(base) + "/");
        String host = uri.getHost() + ":" + uri.getPort();
        byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.UTF_8);
        HttpRequestParts unsigned = new HttpRequestParts("POST", "/", "", Map.of("host", List.of(host),
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")), body);
        HttpRequestParts signed = new SigV4Signer(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), "us-east-1", "sts")
                .sign(unsigned, Instant.now(), List.of("content-type"));
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Accept", "application/json");
        signed.headers().forEach((k, v) -> {
            if (!k.equals("host")) {
                rb.header(k, v.get(0));
            }
        });
        HttpResponse<String> resp = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(rb.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, resp.statusCode(), resp.body());
        assertTrue(resp.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(resp.body());
        var result = json.get("GetCallerIdentityResponse").get("GetCallerIdentityResult");
        assertTrue(result.get("Arn").asText().startsWith("arn:aws:sts::111111111111:assumed-role/"), resp.body());
        assertTrue(result.get("UserId").asText().endsWith(":sess"));
        assertEquals("111111111111", result.get("Account").asText());
    }

    @Test
    void decodeAuthorizationMessage() {
        String encoded = messages.encode(Aws.ALPHA, "{\"allowed\":false,\"explicitDeny\":false}");
        assertEquals("{\"allowed\":false,\"explicitDeny\":false}", Aws.sts(base, Aws.ALPHA_ADMIN)
                .decodeAuthorizationMessage(b -> b.encodedMessage(encoded)).decodedMessage());
        StsException e = assertThrows(StsException.class, () -> Aws.sts(base, Aws.ALPHA_ADMIN)
                .decodeAuthorizationMessage(b -> b.encodedMessage(encoded.substring(0, encoded.length() - 3) + "AAA")));
        assertEquals("InvalidAuthorizationMessageException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        // a principal without sts:DecodeAuthorizationMessage may not read it
        String u = name("dec");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        e = assertThrows(StsException.class, () -> Aws.sts(base, creds).decodeAuthorizationMessage(b -> b.encodedMessage(encoded)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
    }

    /** AWS encrypts the message per account: a principal of another account cannot read it, whatever its rights. */
    @Test
    void anotherAccountCannotDecodeTheMessage() {
        // a real denial in alpha: a user without rights reads the admin
        String u = name("dec-deny");
        AwsBasicCredentials denied = user(base, Aws.ALPHA_ADMIN, u, null);
        var e = assertThrows(software.amazon.awssdk.services.iam.model.IamException.class,
                () -> Aws.iam(base, denied).getUser(b -> b.userName("admin")));
        var m = java.util.regex.Pattern.compile("<EncodedAuthorizationMessage>([^<]+)</EncodedAuthorizationMessage>")
                .matcher(e.awsErrorDetails().rawResponse().asUtf8String());
        assertTrue(m.find());
        String encoded = m.group(1);
        assertTrue(Aws.sts(base, Aws.ALPHA_ADMIN).decodeAuthorizationMessage(b -> b.encodedMessage(encoded))
                .decodedMessage().contains(u), "alpha's admin reads alpha's message");
        // beta's admin may call DecodeAuthorizationMessage, but not on alpha's message
        StsException foreign = assertThrows(StsException.class,
                () -> Aws.sts(base, Aws.BETA_ADMIN).decodeAuthorizationMessage(b -> b.encodedMessage(encoded)));
        assertEquals("InvalidAuthorizationMessageException", foreign.awsErrorDetails().errorCode());
        assertEquals("Message is not valid", foreign.awsErrorDetails().errorMessage());
        assertEquals(400, foreign.statusCode());
        // nor a user of beta allowed sts:DecodeAuthorizationMessage on everything
        String betaUser = name("dec-beta");
        AwsBasicCredentials betaCreds = user(base, Aws.BETA_ADMIN, betaUser, allow("sts:DecodeAuthorizationMessage", "*"));
        foreign = assertThrows(StsException.class,
                () -> Aws.sts(base, betaCreds).decodeAuthorizationMessage(b -> b.encodedMessage(encoded)));
        assertEquals("InvalidAuthorizationMessageException", foreign.awsErrorDetails().errorCode());
        // beta's own messages still decode for beta
        String betaMessage = messages.encode(Aws.BETA, "{\"allowed\":false}");
        assertEquals("{\"allowed\":false}", Aws.sts(base, betaCreds)
                .decodeAuthorizationMessage(b -> b.encodedMessage(betaMessage)).decodedMessage());
    }

    @Test
    void discoveryDocument() throws Exception {
        HttpResponse<String> r = get("/.well-known/openid-configuration");
        assertEquals(200, r.statusCode());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertEquals("http://localhost:8080", json.get("issuer").asText());
        assertEquals("http://localhost:8080/.well-known/jwks.json", json.get("jwks_uri").asText());
        assertEquals("ES256", json.get("id_token_signing_alg_values_supported").get(0).asText());
        HttpResponse<String> jwks = get("/.well-known/jwks.json");
        assertEquals("public, max-age=300", jwks.headers().firstValue("cache-control").orElse(""));
        assertTrue(!jwks.body().contains("\"d\""), "no private parts in the JWKS");
    }

    HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(Aws.endpoint(base) + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
