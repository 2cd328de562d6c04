package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.rolegate.testing.SamlIdp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rolegate.it.StsFixtures.name;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal's IdP-initiated SAML sign-in (/saml, AWS's https://signin.aws.amazon.com/saml) with responses of the
 * test IdP, over plain HTTP as a browser would post them: the roles offered and allowed, the one-time CSRF-protected
 * choice bound to the browser's cookie, the credentials page, strict headers, and a page (nothing issued) for a
 * replayed, tampered or expired assertion.
 */
@QuarkusTest
class SamlSignInPageTest {
    static final SamlIdp IDP = new SamlIdp();
    private static final Pattern HIDDEN = Pattern.compile("name=\"(choice|csrf)\" value=\"([^\"]+)\"");
    private static final Pattern ENV = Pattern.compile("export (AWS_[A-Z_]+)=(\\S+)");
    static String providerArn;
    static String roleArn;
    static String bobsRoleArn;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void provider() {
        if (providerArn == null) {
            String providerName = name("portal-idp");
            providerArn = Aws.iam(base, Aws.ALPHA_ADMIN).createSAMLProvider(b -> b.name(providerName)
                    .samlMetadataDocument(IDP.metadata())).samlProviderArn();
            roleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, name("saml-portal"), trust("alice@example.com"), null);
            bobsRoleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, name("saml-bob"), trust("bob@example.com"), null);
        }
    }

    static String trust(String subject) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + providerArn + "\"},\"Action\":\"sts:AssumeRoleWithSAML\","
                + "\"Condition\":{\"StringEquals\":{\"saml:sub\":\"" + subject + "\"}}}]}";
    }

    SamlIdp.Response assertion() {
        SamlIdp.Response r = IDP.response();
        r.roles(roleArn + "," + providerArn, providerArn + "," + bobsRoleArn);
        r.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        return r;
    }

    Response post(String samlResponse) {
        return RestAssured.given().baseUri(base.toString()).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParam("SAMLResponse", samlResponse)
                .post("/saml");
    }

    Response choose(Map<String, String> form, String cookie) {
        var req = RestAssured.given().baseUri(base.toString()).redirects().follow(false)
                .contentType("application/x-www-form-urlencoded").formParams(form);
        if (cookie != null) {
            req.cookie("rolegate_saml", cookie);
        }
        return req.post("/saml/role");
    }

    static Map<String, String> hidden(String html) {
        Map<String, String> out = new HashMap<>();
        Matcher m = HIDDEN.matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static void refusedPage(Response r, int status, String expected) {
        assertEquals(status, r.statusCode(), r.asString());
        String page = r.asString();
        assertTrue(page.contains(expected), page);
        assertTrue(page.contains("Nothing was issued"), page);
        assertFalse(page.contains("Exception") || page.contains("at io."), "no stack trace: " + page);
        assertFalse(page.contains("AWS_ACCESS_KEY_ID"), page);
    }

    @Test
    void aPersonChoosesARoleOnceAndGetsTheCredentialsPage() {
        String samlResponse = assertion().base64();
        Response roles = post(samlResponse);
        assertEquals(200, roles.statusCode(), roles.asString());
        assertNotNull(roles.getHeader("Content-Security-Policy"), "strict headers as on /portal");
        assertEquals("no-store", roles.getHeader("Cache-Control"));
        assertEquals("DENY", roles.getHeader("X-Frame-Options"));
        String page = roles.asString();
        assertTrue(page.contains(roleArn), page);
        assertFalse(page.contains(bobsRoleArn), "offered by the IdP but not allowed by its trust policy: " + page);
        String cookie = roles.getCookie("rolegate_saml");
        assertNotNull(cookie);
        assertTrue(roles.getDetailedCookie("rolegate_saml").isHttpOnly());
        Map<String, String> form = hidden(page);
        form.put("roleArn", roleArn);

        // without the browser's cookie, or with another CSRF token: refused, and the choice still waits
        refusedPage(choose(form, null), 403, "did not come from this browser");
        Map<String, String> forged = new HashMap<>(form);
        forged.put("csrf", "forged");
        refusedPage(choose(forged, cookie), 403, "did not come from this browser");
        Map<String, String> bobs = new HashMap<>(form);
        bobs.put("roleArn", bobsRoleArn);
        refusedPage(choose(bobs, cookie), 403, "does not offer you this role");

        Response credentials = choose(form, cookie);
        assertEquals(200, credentials.statusCode(), credentials.asString());
        assertEquals("no-store", credentials.getHeader("Cache-Control"));
        Map<String, String> env = new HashMap<>();
        Matcher m = ENV.matcher(credentials.asString());
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        var session = AwsSessionCredentials.create(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"),
                env.get("AWS_SESSION_TOKEN"));
        String roleName = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        assertEquals("arn:aws:sts::" + Aws.ALPHA + ":assumed-role/" + roleName + "/alice",
                Aws.sts(base, session).getCallerIdentity().arn());
        assertFalse(credentials.asString().contains("/portal/sso/"), "no OIDC portal navigation");

        // the choice is one-time, and so is the assertion
        refusedPage(choose(form, cookie), 403, "already made");
        refusedPage(post(samlResponse), 403, "The SAML assertion has already been used");
    }

    @Test
    void tamperedExpiredAndEmptyResponsesGetAPage() {
        var tampered = assertion().document();
        SamlIdp.elements(tampered, SamlIdp.NS_ASSERTION, "NameID").get(0).setTextContent("admin@example.com");
        refusedPage(post(SamlIdp.base64(tampered)), 403, "Response signature invalid");

        SamlIdp.Response expired = assertion();
        expired.now = expired.now.minus(Duration.ofHours(1));
        refusedPage(post(expired.base64()), 403, "The SAML assertion has expired");

        refusedPage(post("not base64 at all!"), 403, "SAML");
        assertEquals(400, RestAssured.given().baseUri(base.toString()).contentType("application/x-www-form-urlencoded")
                .formParam("RelayState", "x").post("/saml").statusCode());

        SamlIdp.Response encrypted = assertion();
        encrypted.encryptTo = SamlIdp.rsaKeys().getPublic();
        refusedPage(post(encrypted.base64()), 403, "not by the sign-in page");

        SamlIdp.Response noRole = IDP.response();
        noRole.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "alice");
        refusedPage(post(noRole.base64()), 403, "offers no role");
    }

    @Test
    void anAssertionWhoseRolesAreAllRefusedShowsNoForm() {
        SamlIdp.Response bob = IDP.response();
        bob.subject = "carol@example.com";
        bob.roles(roleArn + "," + providerArn);
        bob.attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", "carol");
        Response page = post(bob.base64());
        assertEquals(200, page.statusCode(), page.asString());
        assertTrue(page.asString().contains("id=\"no-roles\""), page.asString());
        assertFalse(page.asString().contains("name=\"choice\""), page.asString());
    }
}
