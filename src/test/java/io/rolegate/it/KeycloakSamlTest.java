package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.testing.SamlIdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end with a real IdP: the test realm's SAML client {@code urn:amazon:webservices} (IdP-initiated SSO, ACS
 * https://signin.aws.amazon.com/saml, Role and RoleSessionName attributes) signs a response for alice after a real
 * login in headless Chromium; its metadata document (Keycloak's /protocol/saml/descriptor) registers the provider
 * through the IAM SDK. Then either the AWS SDK v2 calls AssumeRoleWithSAML with that response, or the browser posts
 * it to the gateway's SAML sign-in endpoint (/saml, the portal's IdP-initiated login) and the person picks the role.
 *
 * <p>Keycloak's post form targets AWS's real sign-in URL, which this machine cannot reach: a script installed in
 * every page before Keycloak's own holds that one form back (its SAMLResponse is read from the page), and for the
 * portal the test points the held form at the gateway, as DNS for signin.aws.amazon.com pointing at the gateway
 * would. Screenshots under target/screenshots/KeycloakSamlTest/.
 */
@QuarkusTest
class KeycloakSamlTest {
    static final String PROVIDER = "arn:aws:iam::" + Aws.ALPHA + ":saml-provider/keycloak";
    static final String ROLE = "arn:aws:iam::" + Aws.ALPHA + ":role/keycloak-saml";
    static final String SESSION_ARN = "arn:aws:sts::" + Aws.ALPHA + ":assumed-role/keycloak-saml/alice";
    /** Holds back a form posting a SAMLResponse to AWS (Keycloak's auto-submitted SAML POST binding page). */
    private static final String HOLD_AWS_POST = """
            (() => {
              const submit = HTMLFormElement.prototype.submit;
              const held = f => f.querySelector('input[name="SAMLResponse"]') !== null
                  && String(f.action).startsWith('https://signin.aws.amazon.com/');
              HTMLFormElement.prototype.submit = function () {
                if (held(this)) { window.samlHeld = true; return; }
                return submit.call(this);
              };
              HTMLFormElement.prototype.requestSubmit = function () { return this.submit(); };
            })();""";
    static KeycloakServer keycloak;
    static String metadata;

    @TestHTTPResource("/")
    URL base;

    private Browser browser;

    @BeforeEach
    void setUp() throws Exception {
        if (keycloak == null) {
            keycloak = KeycloakServer.sharedOrSkip();
            HttpResponse<String> descriptor = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            keycloak.baseUri() + "/realms/" + KeycloakServer.REALM + "/protocol/saml/descriptor"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, descriptor.statusCode(), descriptor.body());
            metadata = descriptor.body();
            IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
            try {
                iam.createSAMLProvider(b -> b.name("keycloak").samlMetadataDocument(metadata));
            } catch (EntityAlreadyExistsException e) {
                iam.updateSAMLProvider(b -> b.samlProviderArn(PROVIDER).samlMetadataDocument(metadata));
            }
            StsFixtures.role(base, Aws.ALPHA_ADMIN, "keycloak-saml", "{\"Version\":\"2012-10-17\",\"Statement\":[{"
                    + "\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + PROVIDER + "\"},"
                    + "\"Action\":\"sts:AssumeRoleWithSAML\",\"Condition\":{\"StringEquals\":{\"saml:sub\":\"alice\","
                    + "\"saml:aud\":\"https://signin.aws.amazon.com/saml\"}}}]}", null);
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /**
     * IdP-initiated SSO in the browser: Keycloak's login page, alice's password, and the SAML POST binding page whose
     * form (held back) carries the SAMLResponse Keycloak posts to AWS's sign-in endpoint.
     */
    private String keycloakLogin(String test) {
        browser = Browser.start("KeycloakSamlTest/" + test);
        ((ChromeDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                Map.of("source", HOLD_AWS_POST));
        browser.open(keycloak.baseUri() + "/realms/" + KeycloakServer.REALM + "/protocol/saml/clients/aws",
                "keycloak-login");
        browser.find(By.id("username")).sendKeys(KeycloakServer.ALICE.username());
        browser.find(By.id("password")).sendKeys(KeycloakServer.ALICE.password());
        browser.find(By.id("kc-login")).click();
        browser.waitFor(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript("return window.samlHeld === true"
                + " || (document.readyState === 'complete' && document.querySelector('input[name=\"SAMLResponse\"]') !== null)")));
        browser.screenshot("keycloak-saml-post");
        String action = browser.find(By.cssSelector("input[name='SAMLResponse']")).findElement(By.xpath("ancestor::form"))
                .getAttribute("action");
        assertEquals("https://signin.aws.amazon.com/saml", action);
        return browser.find(By.cssSelector("input[name='SAMLResponse']")).getAttribute("value");
    }

    @Test
    void aKeycloakSamlResponseBuysASessionThroughTheSdk() throws Exception {
        String samlResponse = keycloakLogin("sdk");
        String xml = new String(Base64.getMimeDecoder().decode(samlResponse), StandardCharsets.UTF_8);
        assertTrue(xml.contains("Signature"), "Keycloak signed it");

        AssumeRoleWithSamlResponse out = Aws.anonymousSts(base).assumeRoleWithSAML(b -> b.roleArn(ROLE)
                .principalArn(PROVIDER).samlAssertion(samlResponse));
        assertEquals("alice", out.subject());
        assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified", out.subjectType());
        assertEquals(keycloak.issuer(), out.issuer());
        assertEquals("https://signin.aws.amazon.com/saml", out.audience());
        byte[] sha1 = MessageDigest.getInstance("SHA-1")
                .digest((keycloak.issuer() + Aws.ALPHA + "/keycloak").getBytes(StandardCharsets.UTF_8));
        assertEquals(Base64.getEncoder().encodeToString(sha1), out.nameQualifier(), "AWS's NameQualifier formula");
        assertEquals(SESSION_ARN, out.assumedRoleUser().arn());
        assertTrue(out.assumedRoleUser().assumedRoleId().endsWith(":alice"), out.assumedRoleUser().assumedRoleId());
        assertEquals(SESSION_ARN, Aws.sts(base, Aws.session(out.credentials())).getCallerIdentity().arn());

        var replay = org.junit.jupiter.api.Assertions.assertThrows(
                software.amazon.awssdk.services.sts.model.StsException.class,
                () -> Aws.anonymousSts(base).assumeRoleWithSAML(b -> b.roleArn(ROLE).principalArn(PROVIDER)
                        .samlAssertion(samlResponse)));
        assertEquals("InvalidIdentityToken", replay.awsErrorDetails().errorCode());
    }

    /**
     * Encrypted assertions from a real IdP: the realm's SAML client encrypts for a certificate of a fresh service
     * provider key, whose private key is added to the provider (UpdateSAMLProvider AddPrivateKey, mode Required);
     * Keycloak's EncryptedAssertion buys a session through the SDK. The client and provider are restored after.
     */
    @Test
    void keycloakEncryptsTheAssertionForTheProvidersPrivateKey() throws Exception {
        KeyPair sp = SamlIdp.rsaKeys();
        String certificate = Base64.getEncoder().encodeToString(SamlIdp.certificate(sp, "CN=rolegate-sp").getEncoded());
        KeycloakAdmin admin = new KeycloakAdmin(keycloak);
        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.clientAttributes("urn:amazon:webservices", Map.of("saml.encrypt", "true",
                "saml.encryption.certificate", certificate));
        iam.updateSAMLProvider(b -> b.samlProviderArn(PROVIDER).assertionEncryptionMode("Required")
                .addPrivateKey(SamlIdp.pem(sp.getPrivate())));
        String keyId = iam.getSAMLProvider(b -> b.samlProviderArn(PROVIDER)).privateKeyList().get(0).keyId();
        try {
            String samlResponse = keycloakLogin("encrypted");
            String xml = new String(Base64.getMimeDecoder().decode(samlResponse), StandardCharsets.UTF_8);
            assertTrue(xml.contains("EncryptedAssertion"), "Keycloak encrypted it");
            assertFalse(xml.contains(">alice<"), "the subject is not in clear");
            AssumeRoleWithSamlResponse out = Aws.anonymousSts(base).assumeRoleWithSAML(b -> b.roleArn(ROLE)
                    .principalArn(PROVIDER).samlAssertion(samlResponse));
            assertEquals("alice", out.subject());
            assertEquals(SESSION_ARN, Aws.sts(base, Aws.session(out.credentials())).getCallerIdentity().arn());
        } finally {
            admin.clientAttributes("urn:amazon:webservices", Map.of("saml.encrypt", "false"));
            iam.updateSAMLProvider(b -> b.samlProviderArn(PROVIDER).assertionEncryptionMode("Allowed"));
            iam.updateSAMLProvider(b -> b.samlProviderArn(PROVIDER).removePrivateKey(keyId));
        }
    }

    /**
     * The portal's IdP-initiated SAML login: the browser posts Keycloak's response to /saml, sees the role the
     * assertion offers, takes it, and gets the same credentials page as the OIDC portal; posting the same response
     * again is refused with a page, and nothing is issued.
     */
    @Test
    void aPersonSignsInToThePortalWithKeycloakSaml() {
        String samlResponse = keycloakLogin("portal");
        String gateway = base.toString().replaceAll("/$", "");
        ((JavascriptExecutor) browser.driver()).executeScript(
                "const f = document.querySelector('input[name=\"SAMLResponse\"]').form;"
                        + " f.action = arguments[0]; f.submit();", gateway + "/saml");
        browser.waitFor(d -> d.getTitle().contains("choose a role"));
        browser.screenshot("roles");
        String page = browser.pageText();
        assertTrue(page.contains(ROLE), page);
        assertTrue(page.contains(PROVIDER), page);
        assertEquals("alice", browser.find(By.id("subject")).getText());

        browser.find(By.cssSelector("button[value='" + ROLE + "']")).click();
        browser.waitFor(d -> d.getTitle().contains("credentials"));
        browser.screenshot("credentials");
        Map<String, String> env = new HashMap<>();
        for (String line : browser.find(By.id("env")).getText().split("\n")) {
            String[] kv = line.replaceFirst("^export ", "").split("=", 2);
            env.put(kv[0], kv[1]);
        }
        AwsSessionCredentials session = AwsSessionCredentials.create(env.get("AWS_ACCESS_KEY_ID"),
                env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"));
        assertEquals(SESSION_ARN, Aws.sts(base, session).getCallerIdentity().arn());

        // the same response posted again (a replay from the browser's history): a page, nothing issued
        ((JavascriptExecutor) browser.driver()).executeScript(
                "const f = document.createElement('form'); f.method = 'post'; f.action = '/saml';"
                        + " const i = document.createElement('input'); i.type = 'hidden'; i.name = 'SAMLResponse';"
                        + " i.value = arguments[0]; f.appendChild(i); document.body.appendChild(f); f.submit();",
                samlResponse);
        browser.waitFor(d -> d.getTitle().contains("sign-in refused"));
        browser.screenshot("replay-refused");
        String refused = browser.find(By.id("message")).getText();
        assertTrue(refused.contains("already been used"), refused);
        assertFalse(browser.pageText().contains("AWS_ACCESS_KEY_ID"), browser.pageText());
    }
}
