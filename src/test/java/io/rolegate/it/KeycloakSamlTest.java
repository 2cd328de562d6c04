package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithSamlResponse;

import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end with a real IdP: the test realm's SAML client {@code urn:amazon:webservices} (IdP-initiated SSO, ACS
 * https://signin.aws.amazon.com/saml, Role and RoleSessionName attributes) signs a response for alice after a real
 * login; its metadata document registers the provider; the AWS SDK v2 calls AssumeRoleWithSAML with that response and
 * GetCallerIdentity with the credentials.
 */
@QuarkusTest
class KeycloakSamlTest {
    static final String PROVIDER = "arn:aws:iam::" + Aws.ALPHA + ":saml-provider/keycloak";
    static final String ROLE = "arn:aws:iam::" + Aws.ALPHA + ":role/keycloak-saml";
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");
    private static final Pattern SAML_RESPONSE = Pattern.compile("name=\"SAMLResponse\"\\s+value=\"([^\"]+)\"");
    static KeycloakServer keycloak;

    @TestHTTPResource("/")
    URL base;

    @BeforeEach
    void setUp() throws Exception {
        if (keycloak == null) {
            keycloak = KeycloakServer.sharedOrSkip();
            IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
            String metadata = get(HttpClient.newHttpClient(),
                    keycloak.baseUri() + "/realms/" + KeycloakServer.REALM + "/protocol/saml/descriptor");
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

    static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), url + ": " + r.body());
        return r.body();
    }

    /** IdP-initiated SSO: the login form, alice's password, and the SAMLResponse Keycloak would post to AWS. */
    static String samlResponseFor(KeycloakServer.Person person) throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        String login = get(http, keycloak.baseUri() + "/realms/" + KeycloakServer.REALM + "/protocol/saml/clients/aws");
        Matcher action = FORM_ACTION.matcher(login);
        assertTrue(action.find(), login);
        String form = "username=" + URLEncoder.encode(person.username(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(person.password(), StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher saml = SAML_RESPONSE.matcher(posted.body());
        assertTrue(saml.find(), posted.body());
        return saml.group(1);
    }

    // Unfinished (issue 13): the provider registers from Keycloak's real metadata and the login form is found, but the
    // password POST through java.net.http comes back to the login page (probably Keycloak's Secure/SameSite session
    // cookie, which CookieManager does not send over http): drive it through it/Browser (Chromium) instead.
    @Disabled("login POST through java.net.http returns to the login page; to be driven through it/Browser")
    @Test
    void aKeycloakSamlResponseBuysASessionThroughTheSdk() throws Exception {
        String samlResponse = samlResponseFor(KeycloakServer.ALICE);
        StsClient anonymous = StsClient.builder().endpointOverride(Aws.endpoint(base)).region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create()).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
        AssumeRoleWithSamlResponse out = anonymous.assumeRoleWithSAML(b -> b.roleArn(ROLE).principalArn(PROVIDER)
                .samlAssertion(samlResponse));
        assertEquals("alice", out.subject());
        assertEquals(keycloak.issuer(), out.issuer());
        assertEquals("https://signin.aws.amazon.com/saml", out.audience());
        String arn = "arn:aws:sts::" + Aws.ALPHA + ":assumed-role/keycloak-saml/alice";
        assertEquals(arn, out.assumedRoleUser().arn());
        assertEquals(arn, Aws.sts(base, Aws.session(out.credentials())).getCallerIdentity().arn());
    }
}
