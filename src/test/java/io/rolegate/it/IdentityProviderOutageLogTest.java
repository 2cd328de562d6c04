package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.federation.TestIssuer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error table's blame decides the log level in the gateway: an identity provider that cannot be reached is the
 * operator's concern and is logged as a warning naming the provider and the cause; a caller's mistake stays at debug.
 * Read from the test profile's log file (plain text or JSON lines).
 */
@QuarkusTest
class IdentityProviderOutageLogTest {
    static final Path LOG = Path.of("target/test-data/rolegate-test.log");
    static final String AUD = "sts.amazonaws.com";

    @TestHTTPResource("/")
    URL base;

    @Test
    void anUnreachableProviderIsAWarningNamingItAndTheCause() throws Exception {
        TestIssuer issuer = new TestIssuer();
        String url = issuer.url();
        String roleArn;
        String goodToken;
        String wrongAudience;
        try {
            Aws.iam(base, Aws.ALPHA_ADMIN).createOpenIDConnectProvider(b -> b.url(url).clientIDList(AUD));
            roleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, StsFixtures.name("outage"), "{\"Version\":\"2012-10-17\","
                    + "\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"arn:aws:iam::" + Aws.ALPHA
                    + ":oidc-provider/" + url.substring("http://".length()) + "\"},"
                    + "\"Action\":\"sts:AssumeRoleWithWebIdentity\"}]}", null);
            goodToken = issuer.sign(claims(url, AUD), JWSAlgorithm.RS256);
            wrongAudience = issuer.sign(claims(url, "someone-else"), JWSAlgorithm.RS256);
        } finally {
            issuer.close(); // the provider is gone before its keys were ever fetched
        }

        StsException outage = assertThrows(StsException.class, () -> Aws.anonymousSts(base).assumeRoleWithWebIdentity(
                b -> b.roleArn(roleArn).roleSessionName("s1").webIdentityToken(goodToken)));
        assertEquals("IDPCommunicationError", outage.awsErrorDetails().errorCode());
        String warning = line(outage.requestId());
        assertTrue(warning.matches(".*\\bWARN\\b.*"), warning);
        assertTrue(warning.contains("identity provider " + url + " unreachable"), "names the provider: " + warning);
        assertTrue(warning.toLowerCase(java.util.Locale.ROOT).contains("connect"), "names the cause: " + warning);

        StsException mistake = assertThrows(StsException.class, () -> Aws.anonymousSts(base).assumeRoleWithWebIdentity(
                b -> b.roleArn(roleArn).roleSessionName("s1").webIdentityToken(wrongAudience)));
        assertEquals("InvalidIdentityToken", mistake.awsErrorDetails().errorCode());
        String debug = line(mistake.requestId());
        assertTrue(debug.matches(".*\\bDEBUG\\b.*") && debug.contains("Incorrect token audience"), debug);
    }

    static JWTClaimsSet claims(String issuer, String audience) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject("repo:acme/app")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
    }

    /** The gateway's log line about one request. */
    static String line(String requestId) throws Exception {
        List<String> lines = Files.readAllLines(LOG).stream()
                .filter(l -> l.contains("Request " + requestId + " ")).toList();
        assertEquals(1, lines.size(), "one line about request " + requestId + ": " + lines);
        return lines.get(0);
    }
}
