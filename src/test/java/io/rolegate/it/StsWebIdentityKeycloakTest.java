package io.rolegate.it;

import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;

import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * End to end against a real IdP: the shared Keycloak (realm rolegate, client-credentials client ci-runner, tokens
 * with aud sts.amazonaws.com and groups [deployers, readers]) registered as an OIDC provider through the IAM API;
 * a role trusting it on aud, sub and (an extra claim, {@code %test.rolegate.oidc.default-claims}) groups; a
 * client-credentials token exchanged for credentials that GetCallerIdentity accepts. Skipped without Keycloak.
 */
@QuarkusTest
class StsWebIdentityKeycloakTest {
    @TestHTTPResource("/")
    URL base;

    private KeycloakServer keycloak;

    @BeforeEach
    void keycloak() {
        keycloak = KeycloakServer.sharedOrSkip();
    }

    StsClient anonymous() {
        return StsClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    /** The Keycloak realm as a provider of account beta (created once per shared database). */
    String provider(IamClient iam) {
        String arn = "arn:aws:iam::" + Aws.BETA + ":oidc-provider/" + keycloak.issuerHostAndPath();
        try {
            assertEquals(arn, iam.createOpenIDConnectProvider(b -> b.url(keycloak.issuer())
                    .clientIDList(KeycloakServer.AUDIENCE)).openIDConnectProviderArn());
        } catch (EntityAlreadyExistsException e) {
            if (!iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList().contains(KeycloakServer.AUDIENCE)) {
                iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID(KeycloakServer.AUDIENCE));
            }
        }
        return arn;
    }

    static String trust(String providerArn, String key, String sub, String group) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{"
                + "\"StringEquals\":{\"" + key + ":aud\":\"" + KeycloakServer.AUDIENCE + "\",\"" + key + ":sub\":\"" + sub + "\"},"
                + "\"ForAnyValue:StringEquals\":{\"" + key + ":groups\":\"" + group + "\"}}}]}";
    }

    @Test
    void aKeycloakClientCredentialsTokenBecomesRoleCredentials() throws Exception {
        IamClient iam = Aws.iam(base, Aws.BETA_ADMIN);
        String providerArn = provider(iam);
        String key = keycloak.issuerHostAndPath();
        String token = keycloak.tokenForClientCredentials();
        String sub = SignedJWT.parse(token).getJWTClaimsSet().getSubject();

        String roleName = name("wi-kc");
        String roleArn = StsFixtures.role(base, Aws.BETA_ADMIN, roleName, trust(providerArn, key, sub, "deployers"), null);
        AssumeRoleWithWebIdentityResponse r = anonymous().assumeRoleWithWebIdentity(b -> b.roleArn(roleArn)
                .roleSessionName("ci-runner").webIdentityToken(token));
        assertEquals(sub, r.subjectFromWebIdentityToken());
        assertEquals(providerArn, r.provider());
        assertEquals(KeycloakServer.AUDIENCE, r.audience());

        GetCallerIdentityResponse me = Aws.sts(base, Aws.session(r.credentials())).getCallerIdentity();
        assertEquals("arn:aws:sts::" + Aws.BETA + ":assumed-role/" + roleName + "/ci-runner", me.arn());
        assertEquals(Aws.BETA, me.account());

        // the same token against a role that wants a group the client is not in
        String admins = StsFixtures.role(base, Aws.BETA_ADMIN, name("wi-kc-admins"), trust(providerArn, key, sub, "admins"), null);
        StsException e = assertThrows(StsException.class, () -> anonymous().assumeRoleWithWebIdentity(b -> b.roleArn(admins)
                .roleSessionName("ci-runner").webIdentityToken(token)));
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode());
        assertEquals(403, e.statusCode());
        assertEquals("Not authorized to perform sts:AssumeRoleWithWebIdentity", e.awsErrorDetails().errorMessage());
    }
}
