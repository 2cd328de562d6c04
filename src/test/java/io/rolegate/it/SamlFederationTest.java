package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.testing.SamlIdp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetSamlProviderResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAML providers through the IAM SDK and AssumeRoleWithSAML through the STS SDK, with responses signed by a test IdP
 * (SamlIdp): AWS's response members (NameQualifier by AWS's formula), the Role attribute pairing, saml: trust
 * conditions, one-time use, the session duration rules and the errors on the wire.
 */
@QuarkusTest
class SamlFederationTest {
    static final SamlIdp IDP = new SamlIdp();
    static final String DENIED = "Not authorized to perform sts:AssumeRoleWithSAML";
    static String providerName;
    static String providerArn;
    static String roleArn;

    @TestHTTPResource("/")
    URL base;

    IamClient iam() {
        return Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    StsClient anonymous() {
        return StsClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    static String trust(String conditions) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":[\"sts:AssumeRoleWithSAML\",\"sts:TagSession\",\"sts:SetSourceIdentity\"],"
                + "\"Condition\":" + conditions + "}]}";
    }

    @BeforeEach
    void provider() {
        if (providerArn == null) {
            providerName = name("idp");
            providerArn = iam().createSAMLProvider(b -> b.name(providerName).samlMetadataDocument(IDP.metadata()))
                    .samlProviderArn();
            roleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, name("saml-role"), trust(
                    "{\"StringEquals\":{\"saml:aud\":\"https://signin.aws.amazon.com/saml\",\"saml:sub\":\"alice@example.com\","
                            + "\"saml:iss\":\"" + SamlIdp.ENTITY_ID + "\",\"saml:doc\":\"" + Aws.ALPHA + "/" + providerName
                            + "\"}}"), 7200);
        }
    }

    SamlIdp.Response assertion() {
        SamlIdp.Response r = IDP.response();
        r.roles(providerArn + "," + roleArn);
        r.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        return r;
    }

    AssumeRoleWithSamlResponse assume(String samlResponse) {
        return anonymous().assumeRoleWithSAML(b -> b.roleArn(roleArn).principalArn(providerArn).samlAssertion(samlResponse));
    }

    static void fails(String code, String message, Executable call) {
        StsException e = assertThrows(StsException.class, call);
        assertEquals(code + ": " + message, e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
    }

    @Test
    void assumeRoleWithSamlAnswersLikeAws() throws Exception {
        SamlIdp.Response r = assertion();
        r.attribute("https://aws.amazon.com/SAML/Attributes/SourceIdentity", "alice-src");
        String once = r.base64();
        AssumeRoleWithSamlResponse out = assume(once);
        assertEquals("alice@example.com", out.subject());
        assertEquals("persistent", out.subjectType());
        assertEquals(SamlIdp.ENTITY_ID, out.issuer());
        assertEquals("https://signin.aws.amazon.com/saml", out.audience());
        byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((SamlIdp.ENTITY_ID + Aws.ALPHA + "/" + providerName)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(Base64.getEncoder().encodeToString(sha1), out.nameQualifier());
        assertEquals("alice-src", out.sourceIdentity());
        assertNull(out.packedPolicySize());
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/alice", out.assumedRoleUser().arn());
        // the credentials work
        String caller = Aws.sts(base, Aws.session(out.credentials())).getCallerIdentity().arn();
        assertEquals(out.assumedRoleUser().arn(), caller);
        // one-time use
        fails("InvalidIdentityToken", "The SAML assertion has already been used", () -> assume(once));
    }

    @Test
    void theRoleMustBeOfferedAndTrusted() {
        SamlIdp.Response other = IDP.response();
        other.roles(providerArn + ",arn:aws:iam::" + Aws.ALPHA + ":role/not-this-one");
        other.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        fails("AccessDenied", DENIED, () -> assume(other.base64()));
        SamlIdp.Response bob = assertion();
        bob.subject = "bob@example.com";
        fails("AccessDenied", DENIED, () -> assume(bob.base64()));
    }

    @Test
    void durationComesFromTheAttributeAndStopsAtSessionNotOnOrAfter() {
        SamlIdp.Response r = assertion();
        r.attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", "1800");
        Instant expires = assume(r.base64()).credentials().expiration();
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(1800), expires).toSeconds()) < 60, expires::toString);
        SamlIdp.Response capped = assertion();
        capped.sessionNotOnOrAfter = Duration.ofMinutes(20);
        Instant cappedExpiry = anonymous().assumeRoleWithSAML(b -> b.roleArn(roleArn).principalArn(providerArn)
                .durationSeconds(7200).samlAssertion(capped.base64())).credentials().expiration();
        assertTrue(Math.abs(Duration.between(Instant.now().plusSeconds(1200), cappedExpiry).toSeconds()) < 60,
                cappedExpiry::toString);
    }

    @Test
    void sessionTagsComeFromPrincipalTagAttributes() {
        SamlIdp.Response r = assertion();
        r.attribute("https://aws.amazon.com/SAML/Attributes/PrincipalTag:Team", "blue");
        r.attribute("https://aws.amazon.com/SAML/Attributes/TransitiveTagKeys", "Team");
        AssumeRoleWithSamlResponse out = assume(r.base64());
        assertTrue(out.packedPolicySize() != null && out.packedPolicySize() > 0);
    }

    @Test
    void errorsOnTheWire() {
        SamlIdp.Response wrongKey = assertion();
        wrongKey.signer = new SamlIdp();
        fails("InvalidIdentityToken", "Response signature invalid", () -> assume(wrongKey.base64()));
        SamlIdp.Response expired = assertion();
        expired.notBefore = Duration.ofMinutes(-30);
        expired.notOnOrAfter = Duration.ofMinutes(-10);
        fails("ExpiredTokenException", "The SAML assertion has expired", () -> assume(expired.base64()));
        SamlIdp.Response failed = assertion();
        failed.status = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed";
        fails("IDPRejectedClaim", "The SAML response status is not Success", () -> assume(failed.base64()));
        fails("InvalidIdentityToken", "Specified provider doesn't exist.", () -> anonymous().assumeRoleWithSAML(b -> b
                .roleArn(roleArn).principalArn("arn:aws:iam::" + Aws.ALPHA + ":saml-provider/nope")
                .samlAssertion(assertion().base64())));
        StsException malformed = assertThrows(StsException.class, () -> anonymous().assumeRoleWithSAML(b -> b
                .roleArn(roleArn).principalArn(providerArn).policy("{not json").samlAssertion(assertion().base64())));
        assertEquals("MalformedPolicyDocument", malformed.awsErrorDetails().errorCode());
    }

    @Test
    void samlProvidersThroughIam() {
        String name = name("crud");
        String arn = iam().createSAMLProvider(b -> b.name(name).samlMetadataDocument(IDP.metadata())
                .tags(t -> t.key("team").value("blue"))).samlProviderArn();
        assertEquals("arn:aws:iam::" + Aws.ALPHA + ":saml-provider/" + name, arn);
        GetSamlProviderResponse got = iam().getSAMLProvider(b -> b.samlProviderArn(arn));
        assertEquals(IDP.metadata(), got.samlMetadataDocument());
        assertEquals("blue", got.tags().get(0).value());
        assertTrue(iam().listSAMLProviders().samlProviderList().stream().anyMatch(p -> p.arn().equals(arn)));
        iam().tagSAMLProvider(b -> b.samlProviderArn(arn).tags(t -> t.key("env").value("prod")));
        assertEquals(2, iam().listSAMLProviderTags(b -> b.samlProviderArn(arn)).tags().size());
        iam().untagSAMLProvider(b -> b.samlProviderArn(arn).tagKeys("env"));
        assertEquals(List.of("team"), iam().listSAMLProviderTags(b -> b.samlProviderArn(arn)).tags().stream()
                .map(t -> t.key()).toList());
        String newer = IDP.metadata("https://idp.example.com/other");
        assertEquals(arn, iam().updateSAMLProvider(b -> b.samlProviderArn(arn).samlMetadataDocument(newer)).samlProviderArn());
        assertEquals(newer, iam().getSAMLProvider(b -> b.samlProviderArn(arn)).samlMetadataDocument());

        iamFails("EntityAlreadyExists", "SAMLProvider named " + name + " already exists.",
                () -> iam().createSAMLProvider(b -> b.name(name).samlMetadataDocument(IDP.metadata())));
        iamFails("InvalidInput", "Could not parse metadata", () -> iam().createSAMLProvider(b -> b.name(name("bad"))
                .samlMetadataDocument("<x>" + "a".repeat(1000) + "</x>")));
        iamFails("InvalidInput", "Could not parse metadata", () -> iam().createSAMLProvider(b -> b.name(name("dtd"))
                .samlMetadataDocument("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + IDP.metadata())));
        iam().deleteSAMLProvider(b -> b.samlProviderArn(arn));
        iamFails("NoSuchEntity", "SAMLProvider not found for arn " + arn,
                () -> iam().getSAMLProvider(b -> b.samlProviderArn(arn)));
    }

    /**
     * Encrypted assertions: a provider created with AssertionEncryptionMode Required and a private key (PEM) through
     * the IAM SDK; GetSAMLProvider lists the key (KeyId, Timestamp) and never returns it; an assertion encrypted for
     * it buys a session, a plain one is refused; keys rotate (add, at most two, remove) and an assertion encrypted
     * for a removed key no longer decrypts.
     */
    @Test
    void encryptedAssertionsWithTheProvidersPrivateKeys() {
        KeyPair first = SamlIdp.rsaKeys();
        KeyPair second = SamlIdp.rsaKeys();
        String name = name("enc");
        String arn = iam().createSAMLProvider(b -> b.name(name).samlMetadataDocument(IDP.metadata())
                .assertionEncryptionMode("Required").addPrivateKey(SamlIdp.pem(first.getPrivate()))).samlProviderArn();
        GetSamlProviderResponse got = iam().getSAMLProvider(b -> b.samlProviderArn(arn));
        assertEquals("Required", got.assertionEncryptionModeAsString());
        assertEquals(1, got.privateKeyList().size());
        String firstKeyId = got.privateKeyList().get(0).keyId();
        assertTrue(firstKeyId.matches("[A-Z0-9]{22,64}"), firstKeyId);
        assertTrue(Duration.between(got.privateKeyList().get(0).timestamp(), Instant.now()).abs().toMinutes() < 5);
        String role = StsFixtures.role(base, Aws.ALPHA_ADMIN, name("enc-role"), "{\"Version\":\"2012-10-17\","
                + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + arn + "\"},"
                + "\"Action\":\"sts:AssumeRoleWithSAML\"}]}", null);

        SamlIdp.Response encrypted = IDP.response();
        encrypted.roles(arn + "," + role);
        encrypted.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        encrypted.encryptTo = first.getPublic();
        AssumeRoleWithSamlResponse out = anonymous().assumeRoleWithSAML(b -> b.roleArn(role).principalArn(arn)
                .samlAssertion(encrypted.base64()));
        assertEquals("alice@example.com", out.subject());
        assertEquals(out.assumedRoleUser().arn(),
                Aws.sts(base, Aws.session(out.credentials())).getCallerIdentity().arn());

        SamlIdp.Response plain = IDP.response();
        plain.roles(arn + "," + role);
        plain.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        fails("InvalidIdentityToken", "The SAML provider requires encrypted assertions", () -> anonymous()
                .assumeRoleWithSAML(b -> b.roleArn(role).principalArn(arn).samlAssertion(plain.base64())));

        // rotation: add the second key, a third is over the quota, remove the first
        iam().updateSAMLProvider(b -> b.samlProviderArn(arn).addPrivateKey(SamlIdp.pem(second.getPrivate())));
        assertEquals(2, iam().getSAMLProvider(b -> b.samlProviderArn(arn)).privateKeyList().size());
        iamFails("LimitExceeded", "Cannot exceed quota for PrivateKeysPerSAMLProvider: 2", () -> iam()
                .updateSAMLProvider(b -> b.samlProviderArn(arn).addPrivateKey(SamlIdp.pem(SamlIdp.rsaKeys().getPrivate()))));
        iam().updateSAMLProvider(b -> b.samlProviderArn(arn).removePrivateKey(firstKeyId));
        var keys = iam().getSAMLProvider(b -> b.samlProviderArn(arn)).privateKeyList();
        assertEquals(1, keys.size());
        assertTrue(!keys.get(0).keyId().equals(firstKeyId));
        SamlIdp.Response forRemoved = IDP.response();
        forRemoved.roles(arn + "," + role);
        forRemoved.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        forRemoved.encryptTo = first.getPublic();
        fails("InvalidIdentityToken", "The encrypted SAML assertion could not be decrypted with the provider's private keys",
                () -> anonymous().assumeRoleWithSAML(b -> b.roleArn(role).principalArn(arn).samlAssertion(forRemoved.base64())));
        SamlIdp.Response forSecond = IDP.response();
        forSecond.roles(arn + "," + role);
        forSecond.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        forSecond.encryptTo = second.getPublic();
        forSecond.contentEncryption = SamlIdp.AES128_CBC;
        assertEquals("alice@example.com", anonymous().assumeRoleWithSAML(b -> b.roleArn(role).principalArn(arn)
                .samlAssertion(forSecond.base64())).subject());

        // the last key cannot go while encryption is Required; Allowed accepts plain assertions again
        String secondKeyId = keys.get(0).keyId();
        iamFails("InvalidInput", "AssertionEncryptionMode Required needs a private key to decrypt the assertions.",
                () -> iam().updateSAMLProvider(b -> b.samlProviderArn(arn).removePrivateKey(secondKeyId)));
        iam().updateSAMLProvider(b -> b.samlProviderArn(arn).assertionEncryptionMode("Allowed"));
        SamlIdp.Response plainAgain = IDP.response();
        plainAgain.roles(arn + "," + role);
        plainAgain.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        assertEquals("alice@example.com", anonymous().assumeRoleWithSAML(b -> b.roleArn(role).principalArn(arn)
                .samlAssertion(plainAgain.base64())).subject());

        iamFails("InvalidInput", "Could not parse the private key: it must be an RSA private key of at least 2048 bits in PEM",
                () -> iam().updateSAMLProvider(b -> b.samlProviderArn(arn).addPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")));
        iamFails("InvalidInput", "AssertionEncryptionMode Required needs a private key to decrypt the assertions.",
                () -> iam().createSAMLProvider(b -> b.name(name("enc-nokey")).samlMetadataDocument(IDP.metadata())
                        .assertionEncryptionMode("Required")));
        iam().deleteSAMLProvider(b -> b.samlProviderArn(arn));
    }

    static void iamFails(String code, String message, Executable call) {
        IamException e = assertThrows(IamException.class, call);
        assertEquals(code + ": " + message, e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
    }
}
