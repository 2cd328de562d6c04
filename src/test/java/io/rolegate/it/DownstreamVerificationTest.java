package io.rolegate.it;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Tag;

import java.net.URL;
import java.util.Date;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plays a downstream service that receives a Rolegate session token and verifies it offline with nimbus-jose-jwt and
 * the JWKS URL only (no Rolegate classes): signature, issuer, audience, expiry; then reads the principal and its tags.
 * This is the code of the README section "Verifying session tokens downstream".
 */
@QuarkusTest
class DownstreamVerificationTest {
    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;
    @TestHTTPResource("/")
    URL base;

    static DefaultJWTProcessor<SecurityContext> processor(URL jwks, String issuer, String audience) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks).retrying(true).build();
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(new JOSEObjectType("rolegate-session+jwt")));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        p.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audience,
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "iat", "exp", "jti")));
        return p;
    }

    @Test
    void verifyASessionTokenOfflineAndReadThePrincipalAndItsTags() throws Exception {
        // set-up through the SDK: a role in beta with a tag, assumed with a session tag from alpha
        IamClient alpha = Aws.iam(base, Aws.ALPHA_ADMIN);
        String user = StsFixtures.name("ds");
        alpha.createUser(b -> b.userName(user));
        alpha.putUserPolicy(b -> b.userName(user).policyName("p").policyDocument(StsFixtures.allow("sts:*", "*")));
        AccessKey k = alpha.createAccessKey(b -> b.userName(user)).accessKey();
        String roleName = StsFixtures.name("reader");
        String roleArn = Aws.iam(base, Aws.BETA_ADMIN).createRole(b -> b.roleName(roleName)
                .tags(software.amazon.awssdk.services.iam.model.Tag.builder().key("tier").value("gold").build())
                .assumeRolePolicyDocument(StsFixtures.trust("\"111111111111\"", "\"sts:TagSession\"", null))).role().arn();
        AssumeRoleResponse s = Aws.sts(base, AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()))
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("job-7")
                        .tags(Tag.builder().key("project").value("apollo").build()));
        String token = s.credentials().sessionToken();

        // the downstream service: JWKS URL, expected issuer and audience; nothing else
        JWTClaimsSet claims = processor(jwksUrl, "http://localhost:8080", "rolegate").process(token, null);
        assertEquals("arn:aws:sts::222222222222:assumed-role/" + roleName + "/job-7", claims.getSubject());
        assertEquals(roleArn, claims.getStringClaim("rarn"));
        assertEquals("222222222222", claims.getStringClaim("acct"));
        assertEquals("job-7", claims.getStringClaim("snm"));
        Map<String, Object> tags = claims.getJSONObjectClaim("tags");
        assertEquals("apollo", tags.get("project"));
        assertEquals(s.credentials().expiration().getEpochSecond(), claims.getExpirationTime().toInstant().getEpochSecond());
        assertTrue(claims.getExpirationTime().after(new Date()));

        // wrong audience or issuer, or a modified token: refused
        assertThrows(BadJOSEException.class, () -> processor(jwksUrl, "http://localhost:8080", "someone-else").process(token, null));
        assertThrows(BadJOSEException.class, () -> processor(jwksUrl, "https://evil.example", "rolegate").process(token, null));
        String[] p = token.split("\\.");
        String flipped = p[0] + "." + p[1] + "." + (p[2].charAt(0) == 'A' ? "B" : "A") + p[2].substring(1);
        assertThrows(BadJOSEException.class, () -> processor(jwksUrl, "http://localhost:8080", "rolegate").process(flipped, null));
    }
}
