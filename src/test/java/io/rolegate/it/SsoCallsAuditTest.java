package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.federation.TestIssuer;
import io.rolegate.sso.DeviceLogins;
import io.rolegate.sso.SignIns;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

import java.net.URI;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import static io.rolegate.it.AuditTrailTest.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS SSO protocol calls are audited: a whole device-code login and portal session through the SDK's
 * SsoOidcClient and SsoClient leaves one CloudTrail event per call (sso-oauth.amazonaws.com, sso.amazonaws.com) in
 * the trail of the account that connected the sign-in, naming the person, with no client secret, device or user code,
 * token or role secret in any of them; another account sees none of it. (The person's approval goes straight to
 * DeviceLogins: the browser part is SsoProtocolsTest's.)
 */
@QuarkusTest
class SsoCallsAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    DeviceLogins devices;
    @Inject
    SignIns signIns;

    @Test
    void aDeviceLoginAndItsPortalCallsAreEventsOfTheConnectedAccountWithoutSecrets() throws Exception {
        try (TestIssuer issuer = new TestIssuer()) {
            deviceLoginAndPortalCalls(issuer);
        }
    }

    private void deviceLoginAndPortalCalls(TestIssuer issuer) throws Exception {
        int n = ThreadLocalRandom.current().nextInt(1_000_000);
        String clientId = "audit-portal-" + n;
        String person = "auditee" + n;
        SsoProtocolsTest.connect(base, Aws.ALPHA, Aws.ALPHA_ADMIN, issuer.url(), clientId, "portal-secret-" + n);
        String key = signIns.all().stream().filter(s -> s.clientId().equals(clientId)).findFirst().orElseThrow().key();
        String startUrl = "https://" + key + ".awsapps.com/start";
        String provider = "arn:aws:iam::" + Aws.ALPHA + ":oidc-provider/" + issuer.url().replaceFirst("^https?://", "");
        String role = StsFixtures.name("sso-audited");
        StsFixtures.role(base, Aws.ALPHA_ADMIN, role, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                + "\"Condition\":{\"StringEquals\":{\"" + issuer.url().replaceFirst("^https?://", "") + ":aud\":\""
                + clientId + "\"}}}]}", null);
        Instant now = Instant.now();
        String idToken = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience(clientId)
                .subject("sub-" + n).claim("preferred_username", person).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600))).build(), JWSAlgorithm.RS256);

        URI gateway = SsoProtocolsTest.gateway(base);
        SsoOidcClient oidc = SsoProtocolsTest.oidc(gateway);
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName("audited").clientType("public")
                .issuerUrl(startUrl));
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(startUrl));
        assertTrue(devices.approve(device.userCode(), key, idToken));
        CreateTokenResponse token = oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("urn:ietf:params:oauth:grant-type:device_code")
                .deviceCode(device.deviceCode()));
        SsoClient sso = SsoProtocolsTest.portal(gateway);
        assertTrue(sso.listAccounts(b -> b.accessToken(token.accessToken())).accountList().stream()
                .anyMatch(a -> a.accountId().equals(Aws.ALPHA)));
        assertEquals(List.of(role), sso.listAccountRoles(b -> b.accessToken(token.accessToken()).accountId(Aws.ALPHA))
                .roleList().stream().map(r -> r.roleName()).filter(role::equals).toList());
        RoleCredentials credentials = sso.getRoleCredentials(b -> b.accessToken(token.accessToken())
                .accountId(Aws.ALPHA).roleName(role)).roleCredentials();
        sso.logout(b -> b.accessToken(token.accessToken()));

        // the OIDC calls by the client's id, the portal calls (and the token the person got) by the person's name
        Map<String, JsonNode> oauth = new TreeMap<>();
        for (Event e : events(Aws.ALPHA_ADMIN, LookupAttributeKey.EVENT_SOURCE, "sso-oauth.amazonaws.com")) {
            JsonNode r = JSON.readTree(e.cloudTrailEvent());
            if (client.clientId().equals(r.path("requestParameters").path("clientId").asText())
                    || client.clientId().equals(r.path("responseElements").path("clientId").asText())) {
                oauth.put(e.eventName(), r);
            }
        }
        assertEquals(List.of("CreateToken", "RegisterClient", "StartDeviceAuthorization"), List.copyOf(oauth.keySet()));
        Map<String, JsonNode> byPerson = new TreeMap<>();
        for (Event e : events(Aws.ALPHA_ADMIN, LookupAttributeKey.USERNAME, person)) {
            byPerson.put(e.eventName(), JSON.readTree(e.cloudTrailEvent()));
        }
        assertEquals(List.of("CreateToken", "GetRoleCredentials", "ListAccountRoles", "ListAccounts", "Logout"),
                List.copyOf(byPerson.keySet()));

        JsonNode get = byPerson.get("GetRoleCredentials");
        assertEquals("sso.amazonaws.com", get.path("eventSource").asText());
        assertEquals("IdentityCenterUser", get.path("userIdentity").path("type").asText());
        assertEquals("sub-" + n, get.path("userIdentity").path("onBehalfOf").path("userId").asText());
        assertEquals(Aws.ALPHA, get.path("recipientAccountId").asText());
        assertEquals(role, get.path("requestParameters").path("roleName").asText());
        assertEquals(credentials.accessKeyId(),
                get.path("responseElements").path("roleCredentials").path("accessKeyId").asText());
        assertTrue(get.path("readOnly").asBoolean());
        assertEquals("sso-oauth.amazonaws.com", oauth.get("CreateToken").path("eventSource").asText());
        assertEquals("HIDDEN_DUE_TO_SECURITY_REASONS",
                oauth.get("CreateToken").path("requestParameters").path("clientSecret").asText());

        List<String> secrets = java.util.stream.Stream.of(client.clientSecret(), device.deviceCode(),
                device.userCode(), token.accessToken(), token.refreshToken(), idToken, credentials.secretAccessKey(),
                credentials.sessionToken()).filter(java.util.Objects::nonNull).toList();
        List<JsonNode> all = new ArrayList<>(oauth.values());
        all.addAll(byPerson.values());
        for (JsonNode r : all) {
            for (String secret : secrets) {
                assertFalse(r.toString().contains(secret), r.path("eventName").asText() + " holds a secret: " + r);
            }
        }

        // beta connected nothing of this: none of it is in its trail
        assertTrue(events(Aws.BETA_ADMIN, LookupAttributeKey.USERNAME, person).isEmpty());
        assertTrue(events(Aws.BETA_ADMIN, LookupAttributeKey.EVENT_SOURCE, "sso-oauth.amazonaws.com").stream()
                .noneMatch(e -> e.cloudTrailEvent().contains(client.clientId())));
    }

    private List<Event> events(software.amazon.awssdk.auth.credentials.AwsCredentials account,
                               LookupAttributeKey key, String value) {
        List<Event> out = new ArrayList<>();
        AuditTrailTest.cloudTrail(base, account).lookupEventsPaginator(b -> b.lookupAttributes(attribute(key, value)))
                .events().forEach(out::add);
        return out;
    }
}
