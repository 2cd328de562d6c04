package io.rolegate.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sso.SsoClient;
import software.amazon.awssdk.services.sso.auth.SsoCredentialsProvider;
import software.amazon.awssdk.services.sso.model.RoleCredentials;
import software.amazon.awssdk.services.sso.model.UnauthorizedException;
import software.amazon.awssdk.services.ssooidc.SsoOidcClient;
import software.amazon.awssdk.services.ssooidc.model.AccessDeniedException;
import software.amazon.awssdk.services.ssooidc.model.AuthorizationPendingException;
import software.amazon.awssdk.services.ssooidc.model.CreateTokenResponse;
import software.amazon.awssdk.services.ssooidc.model.InvalidClientException;
import software.amazon.awssdk.services.ssooidc.model.InvalidGrantException;
import software.amazon.awssdk.services.ssooidc.model.RegisterClientResponse;
import software.amazon.awssdk.services.ssooidc.model.StartDeviceAuthorizationResponse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS SSO protocols with the real clients: the AWS SDK for Java v2 SsoOidcClient, SsoClient and
 * SsoCredentialsProvider, and the Debian AWS CLI's `aws sso login` (device code), while headless Chromium plays the
 * person on the verification page and /authorize through Keycloak. Screenshots: target/screenshots/SsoProtocolsTest/.
 */
@QuarkusTest
class SsoProtocolsTest {
    static final Region REGION = Region.US_EAST_1;

    @TestHTTPResource("/")
    URL base;

    private Browser browser;

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The gateway on 127.0.0.1, the host the realm's portal client accepts redirects to (any port). */
    private URI gateway() {
        return gateway(base);
    }

    static URI gateway(URL base) {
        return URI.create(base.toString().replace("//localhost:", "//127.0.0.1:").replaceAll("/$", ""));
    }

    private SsoOidcClient oidc() {
        return oidc(gateway());
    }

    static SsoOidcClient oidc(URI gateway) {
        return SsoOidcClient.builder().endpointOverride(gateway).region(REGION)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    private SsoClient portal() {
        return portal(gateway());
    }

    static SsoClient portal(URI gateway) {
        return SsoClient.builder().endpointOverride(gateway).region(REGION)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(1)))
                .credentialsProvider(AnonymousCredentialsProvider.create()).build();
    }

    /** The sign-in key of an issuer + client id, as /portal/sso/&lt;key&gt; names it. */
    static String key(String issuer, String clientId) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest((issuer + '\n' + clientId).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d, 0, 8);
    }

    /** {@code issuer} as a provider of {@code account} with a people sign-in for {@code clientId}; its start URL. */
    private String connect(String account, AwsBasicCredentials admin, String issuer, String clientId,
                           String clientSecret) throws Exception {
        return connect(base, account, admin, issuer, clientId, clientSecret);
    }

    static String connect(URL base, String account, AwsBasicCredentials admin, String issuer, String clientId,
                          String clientSecret) throws Exception {
        IamClient iam = Aws.iam(base, admin);
        String arn = "arn:aws:iam::" + account + ":oidc-provider/" + issuer.replaceFirst("^https?://", "");
        try {
            iam.createOpenIDConnectProvider(b -> b.url(issuer).clientIDList(clientId));
        } catch (EntityAlreadyExistsException e) {
            if (!iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList().contains(clientId)) {
                iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn).clientID(clientId));
            }
        }
        new QueryReplay(base, admin, REGION).send("iam", "PutOpenIDConnectProviderSignIn", Map.of(
                "OpenIDConnectProviderArn", arn, "ClientID", clientId, "ClientSecret", clientSecret,
                "Scopes.member.1", "email", "Scopes.member.2", "profile"));
        return "https://" + key(issuer, clientId) + ".awsapps.com/start";
    }

    @Test
    void badInputGetsClearErrorsAndNothingIssued() throws Exception {
        String startUrl = connect(Aws.ALPHA, Aws.ALPHA_ADMIN, "https://people.example/realms/sso-bad-input",
                "tool", "tool-secret");
        SsoOidcClient oidc = oidc();
        RegisterClientResponse client = oidc.registerClient(b -> b.clientName("test").clientType("public"));
        assertEquals(ErrorCode.INVALID_CLIENT, assertThrows(InvalidClientException.class, () -> oidc
                .startDeviceAuthorization(b -> b.clientId("unknown").clientSecret("x").startUrl(startUrl)))
                .awsErrorDetails().errorCode());
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).startUrl(startUrl));
        assertTrue(device.userCode().matches("[A-Z]{4}-[A-Z]{4}"), device.userCode());
        assertEquals(gateway() + "/portal/device?user_code=" + device.userCode(), device.verificationUriComplete());

        // the poll loop keys on x-amzn-ErrorType; OAuth clients read the body
        Response pending = RestAssured.given().contentType("application/json").body(Map.of("clientId",
                client.clientId(), "clientSecret", client.clientSecret(), "grantType",
                "urn:ietf:params:oauth:grant-type:device_code", "deviceCode", device.deviceCode())).post(gateway() + "/token");
        assertEquals(400, pending.statusCode());
        assertEquals("AuthorizationPendingException", pending.header("x-amzn-ErrorType"));
        assertEquals("authorization_pending", pending.jsonPath().getString("error"));
        Thread.sleep(1000);
        assertThrows(AuthorizationPendingException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("urn:ietf:params:oauth:grant-type:device_code")
                .deviceCode(device.deviceCode())));
        assertThrows(AccessDeniedException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret(client.clientSecret()).grantType("urn:ietf:params:oauth:grant-type:device_code")
                .deviceCode("forged")));
        assertThrows(InvalidClientException.class, () -> oidc.createToken(b -> b.clientId(client.clientId())
                .clientSecret("wrong").grantType("urn:ietf:params:oauth:grant-type:device_code")
                .deviceCode(device.deviceCode())));
        assertEquals(400, RestAssured.given().contentType("application/json").body("x".repeat(20_000))
                .post(gateway() + "/client/register").statusCode(), "body size limit");

        // forged bearer tokens
        SsoClient sso = portal();
        UnauthorizedException dead = assertThrows(UnauthorizedException.class,
                () -> sso.listAccounts(b -> b.accessToken("forged")));
        assertEquals(401, dead.statusCode());
        assertEquals("Session token not found or invalid", dead.awsErrorDetails().errorMessage());
        assertThrows(UnauthorizedException.class, () -> sso.getRoleCredentials(b -> b.accessToken("forged")
                .accountId(Aws.ALPHA).roleName("any")));

        // /authorize with a redirect URI the client did not register: a page, never a redirect
        String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        Response evil = RestAssured.given().redirects().follow(false).get(gateway() + "/authorize?response_type=code"
                + "&client_id=" + client.clientId() + "&redirect_uri=http://evil.example/cb&state=s"
                + "&code_challenge=" + challenge + "&code_challenge_method=S256&scopes=sso:account:access");
        assertEquals(400, evil.statusCode());
        assertNull(evil.header("Location"));
        assertTrue(evil.body().asString().contains("InvalidRedirectUriException"), evil.body().asString());
    }

    /** Keycloak's realm connected as a people sign-in of alpha, and a deployers role; the start URL and role name. */
    private String[] keycloakSignIn(KeycloakServer keycloak) throws Exception {
        String startUrl = connect(Aws.ALPHA, Aws.ALPHA_ADMIN, keycloak.issuer(), KeycloakServer.PORTAL_CLIENT_ID,
                KeycloakServer.PORTAL_CLIENT_SECRET);
        String provider = "arn:aws:iam::" + Aws.ALPHA + ":oidc-provider/" + keycloak.issuerHostAndPath();
        String kc = keycloak.issuerHostAndPath();
        String role = StsFixtures.name("sso-deployer");
        StsFixtures.role(base, Aws.ALPHA_ADMIN, role, "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"Federated\":\"" + provider + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\","
                + "\"Condition\":{\"StringEquals\":{\"" + kc + ":aud\":\"" + KeycloakServer.PORTAL_CLIENT_ID + "\"},"
                + "\"ForAnyValue:StringEquals\":{\"" + kc + ":groups\":\"deployers\"}}}]}", null);
        return new String[]{startUrl, role};
    }

    /** Keycloak's login form, as alice. */
    private void signInAsAlice(KeycloakServer keycloak) {
        browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
        browser.screenshot("keycloak-login");
        browser.find(By.id("username")).sendKeys(KeycloakServer.ALICE.username());
        browser.find(By.id("password")).sendKeys(KeycloakServer.ALICE.password());
        browser.find(By.id("kc-login")).click();
    }

    /** The person opens the verification URI on their "phone", signs in, and allows the code. */
    private void approveDevice(KeycloakServer keycloak, String verificationUriComplete, String userCode) {
        browser.open(verificationUriComplete, "device-link");
        signInAsAlice(keycloak);
        browser.waitFor(d -> d.getTitle().contains("confirm device"));
        browser.screenshot("device-confirm");
        assertEquals(userCode, browser.find(By.id("user-code")).getText());
        browser.find(By.id("allow")).click();
        browser.waitFor(d -> d.getTitle().contains("device allowed"));
        browser.screenshot("device-allowed");
    }

    @Test
    void theJavaSdkLogsInByDeviceCodeAndByAuthorizeAndGetsRoleCredentials() throws Exception {
        KeycloakServer keycloak = KeycloakServer.sharedOrSkip();
        String[] signIn = keycloakSignIn(keycloak);
        String startUrl = signIn[0];
        String role = signIn[1];
        SsoOidcClient oidc = oidc();

        // device code: the SDK polls while the person allows the code in the browser
        RegisterClientResponse cli = oidc.registerClient(b -> b.clientName("sdk-device").clientType("public")
                .scopes("sso:account:access"));
        StartDeviceAuthorizationResponse device = oidc.startDeviceAuthorization(b -> b.clientId(cli.clientId())
                .clientSecret(cli.clientSecret()).startUrl(startUrl));
        browser = Browser.start("SsoProtocolsTest/sdk");
        approveDevice(keycloak, device.verificationUriComplete(), device.userCode());
        CreateTokenResponse token = oidc.createToken(b -> b.clientId(cli.clientId()).clientSecret(cli.clientSecret())
                .grantType("urn:ietf:params:oauth:grant-type:device_code").deviceCode(device.deviceCode()));
        assertThrows(AccessDeniedException.class, () -> oidc.createToken(b -> b.clientId(cli.clientId())
                .clientSecret(cli.clientSecret()).grantType("urn:ietf:params:oauth:grant-type:device_code")
                .deviceCode(device.deviceCode())), "a device code is good once");

        SsoClient sso = portal();
        assertTrue(sso.listAccounts(b -> b.accessToken(token.accessToken())).accountList().stream()
                .anyMatch(a -> a.accountId().equals(Aws.ALPHA)));
        assertTrue(sso.listAccountRoles(b -> b.accessToken(token.accessToken()).accountId(Aws.ALPHA)).roleList()
                .stream().anyMatch(r -> r.roleName().equals(role)));
        assertEquals(1, sso.listAccountRoles(b -> b.accessToken(token.accessToken()).accountId(Aws.ALPHA)
                .maxResults(1)).roleList().size(), "pages of max_result");
        RoleCredentials rc = sso.getRoleCredentials(b -> b.accessToken(token.accessToken()).accountId(Aws.ALPHA)
                .roleName(role)).roleCredentials();
        long inAnHour = Instant.now().plusSeconds(3600).toEpochMilli();
        assertTrue(Math.abs(rc.expiration() - inAnHour) < 120_000, "epoch milliseconds: " + rc.expiration());
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + role + "/alice", Aws.sts(base,
                AwsSessionCredentials.create(rc.accessKeyId(), rc.secretAccessKey(), rc.sessionToken()))
                .getCallerIdentity().arn());
        assertEquals("ForbiddenException", assertThrows(software.amazon.awssdk.services.sso.model.SsoException.class,
                () -> sso.getRoleCredentials(b -> b.accessToken(token.accessToken()).accountId(Aws.ALPHA)
                        .roleName("not-offered"))).awsErrorDetails().errorCode());

        // the SDK's SSO credential provider, as a profile with sso_* settings uses it
        SsoCredentialsProvider.Builder builder = SsoCredentialsProvider.builder();
        builder.ssoClient(sso);
        try (SsoCredentialsProvider provider = builder.refreshRequest(
                software.amazon.awssdk.services.sso.model.GetRoleCredentialsRequest.builder()
                        .accessToken(token.accessToken()).accountId(Aws.ALPHA).roleName(role).build()).build()) {
            AwsCredentials viaProvider = provider.resolveCredentials();
            assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + role + "/alice",
                    Aws.sts(base, viaProvider).getCallerIdentity().arn());
        }

        // authorization code + PKCE: /authorize in the (already signed-in) browser, back to a loopback port
        RegisterClientResponse app = oidc.registerClient(b -> b.clientName("sdk-pkce").clientType("public")
                .redirectUris("http://127.0.0.1/oauth/callback").grantTypes("authorization_code", "refresh_token")
                .issuerUrl(startUrl).scopes("sso:account:access"));
        String verifier = "v3rifier-0123456789-0123456789-0123456789-xyz";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        try (LoopbackCallback callback = new LoopbackCallback()) {
            String redirect = callback.redirectUri();
            browser.open(gateway() + "/authorize?response_type=code&client_id=" + app.clientId() + "&redirect_uri="
                    + redirect + "&state=xyz&code_challenge=" + challenge + "&code_challenge_method=S256"
                    + "&scopes=sso:account:access", "authorize");
            Map<String, String> back = callback.awaitRedirect(Duration.ofSeconds(30));
            browser.screenshot("authorize-callback");
            assertEquals("xyz", back.get("state"));
            assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b.clientId(app.clientId())
                    .clientSecret(app.clientSecret()).grantType("authorization_code").code(back.get("code"))
                    .redirectUri("http://127.0.0.1:1/oauth/callback").codeVerifier(verifier)), "wrong redirect URI");
            // the failed try burned the code: a fresh one
            browser.open(gateway() + "/authorize?response_type=code&client_id=" + app.clientId() + "&redirect_uri="
                    + redirect + "&state=xyz2&code_challenge=" + challenge + "&code_challenge_method=S256",
                    "authorize-2");
            Map<String, String> again = callback.awaitRedirect(Duration.ofSeconds(30));
            assertEquals("xyz2", again.get("state"));
            pkceLogin(oidc, sso, app, again.get("code"), redirect, verifier, role);
        }
    }

    /** The authorization code of a PKCE login exchanged once (a replay fails), refreshed, and logged out. */
    private void pkceLogin(SsoOidcClient oidc, SsoClient sso, RegisterClientResponse app, String code,
                           String redirect, String verifier, String role) {
        CreateTokenResponse pkce = oidc.createToken(b -> b.clientId(app.clientId()).clientSecret(app.clientSecret())
                .grantType("authorization_code").code(code).redirectUri(redirect).codeVerifier(verifier));
        assertThrows(InvalidGrantException.class, () -> oidc.createToken(b -> b.clientId(app.clientId())
                .clientSecret(app.clientSecret()).grantType("authorization_code").code(code).redirectUri(redirect)
                .codeVerifier(verifier)), "replayed code");
        CreateTokenResponse refreshed = oidc.createToken(b -> b.clientId(app.clientId())
                .clientSecret(app.clientSecret()).grantType("refresh_token").refreshToken(pkce.refreshToken()));
        assertTrue(sso.listAccountRoles(b -> b.accessToken(refreshed.accessToken()).accountId(Aws.ALPHA)).roleList()
                .stream().anyMatch(r -> r.roleName().equals(role)));

        sso.logout(b -> b.accessToken(refreshed.accessToken()));
        assertThrows(UnauthorizedException.class, () -> sso.listAccounts(b -> b.accessToken(refreshed.accessToken())));
    }

    @Test
    void theAwsCliLogsInByDeviceCodeOnAHeadlessHostAndBoto3UsesThatLogin() throws Exception {
        Assumptions.assumeTrue(AwsCli.available(), "no /usr/bin/aws");
        KeycloakServer keycloak = KeycloakServer.sharedOrSkip();
        String[] signIn = keycloakSignIn(keycloak);
        String role = signIn[1];
        AwsCli cli = new AwsCli(base, "", "[profile dev]\nsso_start_url = " + signIn[0] + "\nsso_region = us-east-1\n"
                + "sso_account_id = " + Aws.ALPHA + "\nsso_role_name = " + role + "\nregion = us-east-1\n");
        // CLI 2.9 has no AWS_ENDPOINT_URL_SSO_OIDC / _SSO: endpoint rule sets in ~/.aws/models point it here
        for (String service : List.of("sso-oidc", "sso")) {
            Path rules = cli.home().resolve(".aws/models/" + service + "/2019-06-10/endpoint-rule-set-1.json");
            Files.createDirectories(rules.getParent());
            Files.writeString(rules, ruleSet(service, gateway().toString()));
        }
        // unbuffered: the CLI prints the code without flushing, and the test must read it while the CLI polls
        Process login = cli.start(Map.of("PYTHONUNBUFFERED", "1"), "sso", "login", "--profile", "dev", "--no-browser");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            Pattern code = Pattern.compile("\\b([A-Z]{4}-[A-Z]{4})\\b");
            Matcher m = null;
            String line;
            while ((line = out.readLine()) != null) {
                System.out.println(Instant.now() + " aws sso login: " + line);
                seen.append(line).append('\n');
                m = code.matcher(seen);
                if (seen.toString().contains("/portal/device") && m.find()) {
                    break;
                }
            }
            // the message is built only on failure: reading the CLI's stderr blocks until it exits
            Matcher found = m;
            assertTrue(found != null && found.find(0), () -> "the CLI printed: " + seen + stderr(login));
            String userCode = m.group(1);
            browser = Browser.start("SsoProtocolsTest/cli");
            approveDevice(keycloak, gateway() + "/portal/device?user_code=" + userCode, userCode);
            assertTrue(login.waitFor(30, TimeUnit.SECONDS), "aws sso login still polling");
            assertEquals(0, login.exitValue(), seen + new String(login.getErrorStream().readAllBytes()));
        } finally {
            login.destroy();
        }
        AwsCli.Run me = cli.run("dev", "sts", "get-caller-identity");
        assertEquals(0, me.exitCode(), me.stderr());
        assertTrue(me.stdout().contains("assumed-role/" + role + "/alice"), me.stdout());

        // boto3 (Debian's) reads the same profile and the token the CLI cached: its SSO provider gets role credentials
        AwsCli.Run boto3 = cli.boto3("import boto3\n"
                + "print(boto3.Session(profile_name='dev').client('sts', endpoint_url='" + cli.endpoint() + "')"
                + ".get_caller_identity()['Arn'])");
        assertEquals(0, boto3.exitCode(), boto3.stderr());
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + role + "/alice", boto3.stdout().strip());
    }

    private static String stderr(Process p) {
        try {
            return new String(p.getErrorStream().readNBytes(4000), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    /** The CLI's own endpoint rule set for {@code service} with its rules replaced by one endpoint: the gateway. */
    static String ruleSet(String service, String endpoint) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode original = (ObjectNode) json.readTree(Path.of("/usr/lib/python3/dist-packages/awscli/botocore/data",
                service, "2019-06-10", "endpoint-rule-set-1.json").toFile());
        original.putArray("rules").addObject().put("type", "endpoint").putArray("conditions");
        ((ObjectNode) original.get("rules").get(0)).putObject("endpoint").put("url", endpoint);
        return original.toString();
    }

    /** Error codes as the SDK reports them. */
    static final class ErrorCode {
        static final String INVALID_CLIENT = "InvalidClientException";
    }
}
