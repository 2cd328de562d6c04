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
        new QueryReplay(base, admin, Region.US_EAST_1).send("iam", "PutOpenIDConnectProviderSignIn", Map.of(
                "OpenIDConnectProviderArn", arn, "ClientID", KeycloakServer.PORTAL_CLIENT_ID,
                "ClientSecret", KeycloakServer.PORTAL_CLIENT_SECRET, "Scopes.member.1", "email",
                "Scopes.member.2", "profile"));
        return arn;
    }

    /** A role of the provider for people of {@code group} (the groups claim is a condition key in tests). */
    private String role(software.amazon.awssdk.auth.credentials.AwsBasicCredentials admin, String name,
                        String providerArn, String group) {
        String key = keycloak.issuerHostAndPath();
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\",\"Condition\":{"
                + "\"StringEquals\":{\"" + key + ":aud\":\"" + KeycloakServer.PORTAL_CLIENT_ID + "\"},"
                + "\"ForAnyValue:StringEquals\":{\"" + key + ":groups\":\"" + group + "\"}}}]}";
        return StsFixtures.role(base, admin, name, trust, null);
    }

    /** On 127.0.0.1, the host the realm's portal client accepts redirects to (any port). */
    private String portal() {
        return base.toString().replace("//localhost:", "//127.0.0.1:").replaceAll("/$", "") + "/portal";
    }

    @Test
    void aPersonSignsInAndSeesTheRolesTheirClaimsAllow() {
        String alphaProvider = connect(Aws.ALPHA, Aws.ALPHA_ADMIN);
        String betaProvider = connect(Aws.BETA, Aws.BETA_ADMIN);
        String deployer = StsFixtures.name("portal-deployer");
        String reader = StsFixtures.name("portal-reader");
        String auditor = StsFixtures.name("portal-auditor");
        String deployerArn = role(Aws.ALPHA_ADMIN, deployer, alphaProvider, "deployers");
        String auditorArn = role(Aws.ALPHA_ADMIN, auditor, alphaProvider, "auditors");
        String readerArn = role(Aws.BETA_ADMIN, reader, betaProvider, "readers");

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

        String page = browser.pageText();
        assertTrue(page.contains(deployerArn), page);
        assertTrue(page.contains(readerArn), "a role of the second account that connected the provider: " + page);
        assertFalse(page.contains(auditorArn), "alice is not an auditor: " + page);
        assertTrue(page.contains(KeycloakServer.ALICE.email()), page);
        assertEquals("alice", browser.find(By.id("session-name")).getText());

        // get credentials for the deployer role: minted as AssumeRoleWithWebIdentity mints, shown as env variables
        browser.find(By.cssSelector("button[value='" + deployer + "']")).click();
        browser.waitFor(d -> d.getTitle().contains("credentials"));
        browser.screenshot("credentials");
        Map<String, String> env = new java.util.HashMap<>();
        for (String line : browser.find(By.id("env")).getText().split("\n")) {
            String[] kv = line.replaceFirst("^export ", "").split("=", 2);
            env.put(kv[0], kv[1]);
        }
        var me = Aws.sts(base, software.amazon.awssdk.auth.credentials.AwsSessionCredentials.create(
                env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN")))
                .getCallerIdentity();
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + deployer + "/alice", me.arn());

        // a form without the right CSRF token issues nothing
        browser.driver().get(rolesUrl);
        browser.waitFor(d -> d.getTitle().contains("your roles"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')");
        browser.find(By.cssSelector("button[value='" + deployer + "']")).click();
        browser.waitFor(d -> d.getTitle().contains("refused"));
        browser.screenshot("csrf-refused");
        assertTrue(browser.find(By.id("refused")).getText().contains("did not come from this portal"));

        // a role the person is not offered (auditors only) is refused, nothing issued
        browser.driver().get(rolesUrl);
        browser.waitFor(d -> d.getTitle().contains("your roles"));
        ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
                "document.querySelector('input[name=roleArn]').value = arguments[0]", auditorArn);
        browser.find(By.cssSelector("form button")).click();
        browser.waitFor(d -> d.getTitle().contains("refused"));
        browser.screenshot("role-refused");
        assertTrue(browser.find(By.id("refused")).getText()
                .contains("Not authorized to perform sts:AssumeRoleWithWebIdentity"), browser.pageText());
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
        if (browser.driver().findElements(By.id("roles")).isEmpty()) {
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
        String href = list.htmlPath().getString("**.find { it.name() == 'a' }.@href");
        Response redirect = RestAssured.given().redirects().follow(false).get(portal().replaceAll("/portal$", "") + href);
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
        // an unknown sign-in key gets no tenant, hence no login
        Response unknown = RestAssured.given().redirects().follow(false).get(portal() + "/sso/0123456789abcdef");
        assertEquals(401, unknown.statusCode());
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
