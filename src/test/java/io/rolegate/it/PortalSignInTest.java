package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSO portal end to end: accounts alpha and beta connect the shared Keycloak's portal client for people
 * (the IAM OIDC provider plus PutOpenIDConnectProviderSignIn); a person signs in through Keycloak's page in headless
 * Chromium (code flow + PKCE, quarkus-oidc tenant built from the store) and sees the roles whose trust policy allows
 * sts:AssumeRoleWithWebIdentity for their ID token's claims, in both accounts. Screenshots under
 * target/screenshots/PortalSignInTest/.
 */
@QuarkusTest
class PortalSignInTest {
    @TestHTTPResource("/")
    URL base;

    private KeycloakServer keycloak;
    private Browser browser;

    @BeforeEach
    void keycloak() {
        keycloak = KeycloakServer.sharedOrSkip();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** The Keycloak realm as a provider of {@code account} with the portal client, and its sign-in for people. */
    private String connect(String account, software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin) {
        return connect(account, admin, Map.of());
    }

    private String connect(String account, software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin,
                           Map<String, String> extraScopes) {
        return connect(base, keycloak, account, admin, extraScopes);
    }

    /** The Keycloak realm as a provider of {@code account} on the gateway at {@code base}, with its sign-in. */
    static String connect(URL base, KeycloakServer keycloak, String account,
                          software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin,
                          Map<String, String> extraScopes) {
        IamClient iam = Aws.iam(base, admin);
        String arn = "arn:aws:iam::" + account + ":oidc-provider/" + keycloak.issuerHostAndPath();
        try {
            iam.createOpenIDConnectProvider(b -> b.url(keycloak.issuer()).clientIDList(KeycloakServer.PORTAL_CLIENT_ID));
        } catch (EntityAlreadyExistsException e) {
            if (!iam.getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList()
                    .contains(KeycloakServer.PORTAL_CLIENT_ID)) {
                iam.addClientIDToOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)
                        .clientID(KeycloakServer.PORTAL_CLIENT_ID));
            }
        }
        Map<String, String> params = new java.util.HashMap<>(Map.of(
                "OpenIDConnectProviderArn", arn, "ClientID", KeycloakServer.PORTAL_CLIENT_ID,
                "ClientSecret", KeycloakServer.PORTAL_CLIENT_SECRET, "Scopes.member.1", "email",
                "Scopes.member.2", "profile"));
        params.putAll(extraScopes);
        new QueryReplay(base, admin, Region.US_EAST_1).send("iam", "PutOpenIDConnectProviderSignIn", params);
        return arn;
    }

    /** A role of the provider for people of {@code group} (the groups claim is a condition key in tests). */
    private String role(software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin, String name,
                        String providerArn, String group) {
        return role(base, keycloak, admin, name, providerArn, group);
    }

    static String role(URL base, KeycloakServer keycloak, software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin,
                       String name, String providerArn, String group) {
        String key = keycloak.issuerHostAndPath();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\","
                + "\"sts:SetSourceIdentity\"],\"Condition\":{"
                + "\"StringEquals\":{\"" + key + ":aud\":\"" + KeycloakServer.PORTAL_CLIENT_ID + "\"},"
                + "\"ForAnyValue:StringEquals\":{\"" + key + ":groups\":\"" + group + "\"}}}]}";
        return StsFixtures.role(base, admin, name, trust, null);
    }

    /** On 127.0.0.1, the host the realm's portal client accepts redirects to (any port). */
    private String portal() {
        return portal(base);
    }

    static String portal(URL base) {
        return base.toString().replace("//localhost:", "//127.0.0.1:").replaceAll("/$", "") + "/portal";
    }

    /**
     * The whole journey in one browser (each Chromium + Keycloak run is expensive): Keycloak's login page, the
     * accounts and roles, credentials for a chosen duration (environment variables, a ~/.aws/config profile used by
     * the SDK through credential_process, session tags and source identity from the ID token's claims), "why not
     * this role" naming the unmet trust condition, my sessions with a CSRF-less revoke refused and a real revoke
     * that takes effect, and RP-initiated sign-out at Keycloak.
     */
    @Test
    void aPersonSignsInTakesARoleRevokesItAndSignsOut() throws Exception {
        new KeycloakAdmin(keycloak).ensureAwsSessionScope();
        String alphaProvider = connect(Aws.ALPHA, Aws.ALPHA_ADMIN,
                Map.of("Scopes.member.3", KeycloakAdmin.AWS_SESSION_SCOPE));
        String betaProvider = connect(Aws.BETA, Aws.BETA_ADMIN);
        try {
            journey(alphaProvider, betaProvider);
        } finally {
            connect(Aws.ALPHA, Aws.ALPHA_ADMIN); // other tests' sign-ins ask for no session tags
        }
    }

    private void journey(String alphaProvider, String betaProvider) throws Exception {
        String deployer = StsFixtures.name("portal-deployer");
        String reader = StsFixtures.name("portal-reader");
        String auditor = StsFixtures.name("portal-auditor");
        String deployerArn = role(Aws.ALPHA_ADMIN, deployer, alphaProvider, "deployers");
        String auditorArn = role(Aws.ALPHA_ADMIN, auditor, alphaProvider, "auditors");
        String readerArn = role(Aws.BETA_ADMIN, reader, betaProvider, "readers");
        Aws.iam(base, Aws.ALPHA_ADMIN).updateRole(b -> b.roleName(deployer).maxSessionDuration(7200));

        browser = Browser.start("PortalSignInTest/alice");
        browser.open(portal(), "sign-in-choices");
        WebElement link = browser.find(By.linkText(keycloak.issuer()));
        link.click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
        browser.screenshot("keycloak-login");
        Map<String, String> authorize = KeycloakPeopleLoginTest.query(URI.create(browser.currentUrl()));
        assertEquals("S256", authorize.get("code_challenge_method"), authorize.toString());
        assertEquals(KeycloakServer.PORTAL_CLIENT_ID, authorize.get("client_id"));
        assertTrue(authorize.get("scope").contains("email"), authorize.toString());

        browser.find(By.id("username")).sendKeys(KeycloakServer.ALICE.username());
        browser.find(By.id("password")).sendKeys(KeycloakServer.ALICE.password());
        browser.find(By.id("kc-login")).click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(portal() + "/sso/") && d.getTitle().contains("your roles"));
        browser.screenshot("roles");
        String rolesUrl = browser.currentUrl();
        String key = rolesUrl.substring((portal() + "/sso/").length());

        // accounts grouped, named by alias
        String page = browser.pageText();
        assertTrue(page.contains(deployerArn), page);
        assertTrue(page.contains(readerArn), "a role of the second account that connected the provider: " + page);
        assertFalse(page.contains(auditorArn), "alice is not an auditor: " + page);
        assertTrue(page.contains(KeycloakServer.ALICE.email()), page);
        assertEquals("alice", browser.find(By.id("session-name")).getText());
        assertTrue(browser.find(By.id("account-" + Aws.ALPHA)).getText().startsWith("alpha"), page);
        assertTrue(browser.find(By.id("account-" + Aws.BETA)).getText().startsWith("beta"), page);

        // credentials for two hours (the deployer's MaxSessionDuration); the 4-hour choice is not offered
        WebElement form = browser.find(By.cssSelector("button[value='" + deployer + "']")).findElement(By.xpath(".."));
        assertTrue(form.findElements(By.cssSelector("option[value='14400']")).isEmpty());
        new org.openqa.selenium.support.ui.Select(form.findElement(By.name("duration"))).selectByValue("7200");
        long before = java.time.Instant.now().getEpochSecond();
        form.findElement(By.tagName("button")).click();
        browser.waitFor(d -> d.getTitle().contains("credentials"));
        browser.screenshot("credentials");
        long expires = java.time.Instant.parse(browser.find(By.id("expiration")).getText()).getEpochSecond();
        assertTrue(Math.abs(expires - before - 7200) < 60, "two hours: " + (expires - before));
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : browser.find(By.id("env")).getText().split("\n")) {
            String[] kv = line.replaceFirst("^export ", "").split("=", 2);
            env.put(kv[0], kv[1]);
        }
        String gateway = base.toString().replace("//localhost:", "//127.0.0.1:");
        assertEquals(gateway, env.get("AWS_ENDPOINT_URL_STS"));
        var session = software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"));
        String sessionArn = "arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + deployer + "/alice";
        assertEquals(sessionArn, Aws.sts(base, session).getCallerIdentity().arn());

        // the ~/.aws/config profile as the SDK reads it: credential_process, and the services section's endpoint
        String profileText = browser.find(By.id("profile")).getText();
        String profileName = profileText.substring("[profile ".length(), profileText.indexOf(']'));
        assertEquals("alpha-" + deployer.toLowerCase(java.util.Locale.ROOT), profileName);
        var profiles = software.amazon.awssdk.profiles.ProfileFile.builder()
                .content(new java.io.ByteArrayInputStream(profileText.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .type(software.amazon.awssdk.profiles.ProfileFile.Type.CONFIGURATION).build();
        try (var sts = software.amazon.awssdk.services.sts.StsClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider.builder()
                        .profileFile(profiles).profileName(profileName).build())
                .overrideConfiguration(o -> o.defaultProfileFile(profiles).defaultProfileName(profileName))
                .build()) {
            assertEquals(sessionArn, sts.getCallerIdentity().arn());
        }
        assertTrue(browser.find(By.id("credential-process")).getText().startsWith("credential_process = echo '{"));

        // session tags and source identity from the ID token's claims, as a downstream service sees the principal
        var service = StsFixtures.user(base, Aws.ALPHA_ADMIN, StsFixtures.name("portal-svc"), AuthorizeTest.SERVICE_POLICY);
        Downstream.Reply seen = Downstream.authorize(base, service, Downstream.question(Downstream.forwarded(
                Downstream.getProject(session), null), "monitron:GetProject",
                "arn:aws:monitron:us-east-1:" + Aws.ALPHA + ":project/p1"));
        assertEquals("platform", seen.body().path("principal").path("tags").path("team").asText(), seen.toString());
        assertEquals("alice", seen.body().path("principal").path("sourceIdentity").asText(), seen.toString());

        // why not the auditor role: the trust condition on the groups claim, named by operator and key only
        browser.driver().get(rolesUrl);
        browser.find(By.id("why-role")).sendKeys(auditorArn);
        browser.find(By.id("why-role")).submit();
        browser.waitFor(d -> d.getTitle().contains("why"));
        browser.screenshot("why-not");
        String why = browser.find(By.id("why")).getText();
        assertTrue(why.contains("ForAnyValue:StringEquals " + keycloak.issuerHostAndPath() + ":groups"), why);
        assertFalse(why.contains("auditors"), "the policy's values stay hidden: " + why);

        // a role the person is not offered is refused with the same reason, nothing issued
        browser.driver().get(rolesUrl);
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelector('input[name=roleArn]').value = arguments[0]", auditorArn);
        browser.find(By.cssSelector("form button")).click();
        browser.waitFor(d -> d.getTitle().contains("refused"));
        browser.screenshot("role-refused");
        String refused = browser.find(By.id("refused")).getText();
        assertTrue(refused.contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), refused);
        assertTrue(refused.contains(keycloak.issuerHostAndPath() + ":groups"), refused);

        // my sessions: the session is listed; a revoke without the CSRF token is refused and changes nothing
        browser.driver().get(rolesUrl);
        browser.find(By.id("my-sessions")).click();
        browser.waitFor(d -> d.getTitle().contains("my sessions"));
        browser.screenshot("my-sessions");
        String accessKeyId = env.get("AWS_ACCESS_KEY_ID");
        WebElement revoke = browser.find(By.cssSelector("button[value='" + accessKeyId + "']"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelectorAll('input[name=csrf]').forEach(i => i.remove())");
        revoke.click();
        browser.waitFor(d -> d.getTitle().contains("refused"));
        assertTrue(browser.find(By.id("refused")).getText().contains("did not come from this portal"));
        assertEquals(sessionArn, Aws.sts(base, session).getCallerIdentity().arn(), "nothing revoked");

        browser.driver().get(rolesUrl + "/sessions");
        browser.find(By.cssSelector("button[value='" + accessKeyId + "']")).click();
        browser.waitFor(d -> d.findElements(By.id("revoked")).size() == 1);
        browser.screenshot("revoked");
        assertFalse(browser.pageText().contains(deployerArn), "no longer active: " + browser.pageText());
        AwsServiceException dead = assertThrows(AwsServiceException.class,
                () -> Aws.sts(base, session).getCallerIdentity());
        assertEquals("InvalidClientTokenId", dead.awsErrorDetails().errorCode());

        // sign out: RP-initiated logout at Keycloak, then the portal's page; the session cookie is gone
        browser.driver().get(rolesUrl);
        browser.find(By.id("sign-out")).click();
        browser.waitFor(d -> d.getTitle().contains("signed out"));
        browser.screenshot("signed-out");
        assertTrue(cookies().keySet().stream().noneMatch(n -> n.startsWith("q_session")), cookies().toString());
        browser.driver().get(rolesUrl);
        browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
        assertTrue(browser.driver().findElements(By.id("kc-login")).size() == 1, "Keycloak's session ended too");
        browser.screenshot("login-again");
        assertTrue(key.matches("[0-9a-f]{16}"), key);
    }

    /** Every cookie of the browser (all paths), through the DevTools protocol. */
    private Map<String, String> cookies() {
        return cookies(browser);
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> cookies(Browser browser) {
        Map<String, Object> all = ((org.openqa.selenium.chrome.ChromeDriver) browser.driver())
                .executeCdpCommand("Network.getAllCookies", Map.of());
        Map<String, String> out = new java.util.HashMap<>();
        for (Map<String, Object> c : (List<Map<String, Object>>) all.get("cookies")) {
            out.put((String) c.get("name"), (String) c.get("value"));
        }
        return out;
    }

    /**
     * Back-channel logout: the portal client's back-channel logout URL points at this gateway's tenant path; when an
     * administrator ends bob's Keycloak sessions, Keycloak posts a logout token and the portal refuses bob's session
     * cookie from then on, every copy of it (the same cookie was accepted just before, also outside the browser).
     */
    @Test
    void theProvidersBackChannelLogoutEndsThePortalSession() {
        String alphaProvider = connect(Aws.ALPHA, Aws.ALPHA_ADMIN);
        role(Aws.ALPHA_ADMIN, StsFixtures.name("portal-readers"), alphaProvider, "readers");
        String key = signInKey();
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        admin.portalBackchannelLogoutUrl(portal() + "/sso/" + key + "/back-channel-logout");

        browser = Browser.start("PortalSignInTest/back-channel");
        browser.open(portal() + "/sso/" + key, "keycloak-login");
        browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
        browser.find(By.id("username")).sendKeys(KeycloakServer.BOB.username());
        browser.find(By.id("password")).sendKeys(KeycloakServer.BOB.password());
        browser.find(By.id("kc-login")).click();
        browser.waitFor(d -> d.getTitle().contains("your roles"));
        browser.screenshot("roles");
        Map<String, String> session = new java.util.HashMap<>(cookies());
        session.keySet().removeIf(n -> !n.startsWith("q_session"));
        assertFalse(session.isEmpty(), cookies().toString());
        Response accepted = RestAssured.given().redirects().follow(false).cookies(session)
                .get(portal() + "/sso/" + key);
        assertEquals(200, accepted.statusCode());

        admin.logout(KeycloakServer.BOB.username());
        browser.waitFor(d -> RestAssured.given().redirects().follow(false).cookies(session)
                .get(portal() + "/sso/" + key).statusCode() == 302);
        // quarkus-oidc forgets the logout once one request presented the session; the recorded logout still holds
        // for every other copy of the cookie (here: the browser's own)
        assertEquals(302, RestAssured.given().redirects().follow(false).cookies(session)
                .get(portal() + "/sso/" + key).statusCode(), "a replayed cookie after the provider's logout");
        // the browser's copy: sent through the sign-in's logout (cookie dropped) to the signed-out page
        browser.driver().navigate().refresh();
        browser.waitFor(d -> d.getTitle().contains("signed out"));
        browser.screenshot("logged-out-by-provider");
        assertEquals(302, RestAssured.given().redirects().follow(false).cookies(session)
                .get(portal() + "/sso/" + key).statusCode(), "still refused");
    }

    /** The sign-in key of the shared Keycloak's portal client (from the sign-in choices page). */
    private String signInKey() {
        return signInKey(base, keycloak);
    }

    static String signInKey(URL base, KeycloakServer keycloak) {
        String href = RestAssured.given().get(portal(base)).htmlPath()
                .getString("**.find { it.name() == 'a' && it.text() == '" + keycloak.issuer() + "' }.@href");
        return href.substring(href.lastIndexOf('/') + 1);
    }

    @Test
    void aPersonWithoutARoleIsToldToAskTheirAdministrator() {
        String alphaProvider = connect(Aws.ALPHA, Aws.ALPHA_ADMIN);
        String admins = role(Aws.ALPHA_ADMIN, StsFixtures.name("portal-admins"), alphaProvider, "admins");

        browser = Browser.start("PortalSignInTest/bob");
        browser.open(portal(), "sign-in-choices");
        browser.find(By.linkText(keycloak.issuer())).click();
        browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
        browser.find(By.id("username")).sendKeys(KeycloakServer.BOB.username());
        browser.find(By.id("password")).sendKeys(KeycloakServer.BOB.password());
        browser.find(By.id("kc-login")).click();
        browser.waitFor(d -> d.getTitle().contains("your roles"));
        browser.screenshot("roles");
        String page = browser.pageText();
        assertFalse(page.contains(admins), page);
        // bob is a reader: beta's reader roles (if another test made them) may show, alpha's admins role never
        if (browser.driver().findElements(By.cssSelector("table.roles")).isEmpty()) {
            assertTrue(browser.find(By.id("no-roles")).getText().contains("Ask your administrator"), page);
        }
    }

    @Test
    void portalPagesCarryStrictSecurityHeaders() {
        connect(Aws.ALPHA, Aws.ALPHA_ADMIN);
        Response list = RestAssured.given().redirects().follow(false).get(portal());
        assertEquals(200, list.statusCode());
        assertStrict(list);

        // not signed in: quarkus-oidc redirects to the provider with PKCE, and the redirect has the headers too
        Response redirect = RestAssured.given().redirects().follow(false).get(portal() + "/sso/" + signInKey());
        assertEquals(302, redirect.statusCode());
        String location = redirect.header("Location");
        assertTrue(location.startsWith(keycloak.authorizationEndpoint().toString()), location);
        assertTrue(location.contains("code_challenge_method=S256"), location);
        assertTrue(redirect.header("Set-Cookie").contains("q_auth_portal-"), redirect.headers().toString());
        assertStrict(redirect);
    }

    static void assertStrict(Response r) {
        String csp = r.header("Content-Security-Policy");
        assertTrue(csp != null && csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'none'"), csp);
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
    }

    @Test
    void oidcLeavesEveryOtherPathAlone() {
        // a Bearer header means nothing outside the portal: no OIDC tenant authenticates these paths
        Response wellKnown = RestAssured.given().header("Authorization", "Bearer not-a-token")
                .get(base.toString() + ".well-known/openid-configuration");
        assertEquals(200, wellKnown.statusCode());
        Response query = RestAssured.given().header("Authorization", "Bearer not-a-token")
                .formParam("Action", "GetCallerIdentity").formParam("Version", "2011-06-15").post(base.toString());
        // the gateway's own SigV4 answer to that header, as before quarkus-oidc
        assertEquals(400, query.statusCode());
        assertTrue(query.body().asString().contains("<Code>IncompleteSignature</Code>"), query.body().asString());
        assertNull(query.header("Content-Security-Policy"));
        // an unknown sign-in key gets no tenant, hence no login: a page saying so (PortalPagesTest)
        Response unknown = RestAssured.given().redirects().follow(false).get(portal() + "/sso/0123456789abcdef");
        assertEquals(404, unknown.statusCode());
    }

    @Test
    void theSignInClientMustBeOneOfTheProvidersClientIds() {
        String arn = connect(Aws.ALPHA, Aws.ALPHA_ADMIN);
        QueryReplay iam = new QueryReplay(base, Aws.ALPHA_ADMIN, Region.US_EAST_1);
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> iam.send("iam",
                "PutOpenIDConnectProviderSignIn", Map.of("OpenIDConnectProviderArn", arn, "ClientID", "someone-else",
                        "ClientSecret", "x")));
        assertEquals("InvalidInput", e.awsErrorDetails().errorCode());
        assertEquals("ClientID someone-else is not in the ClientIDList of " + arn, e.awsErrorDetails().errorMessage());

        // another account cannot connect alpha's provider
        AwsServiceException other = assertThrows(AwsServiceException.class, () ->
                new QueryReplay(base, Aws.BETA_ADMIN, Region.US_EAST_1).send("iam", "PutOpenIDConnectProviderSignIn",
                        Map.of("OpenIDConnectProviderArn", arn, "ClientID", KeycloakServer.PORTAL_CLIENT_ID,
                                "ClientSecret", "x")));
        assertEquals("AccessDenied", other.awsErrorDetails().errorCode());
    }
}
