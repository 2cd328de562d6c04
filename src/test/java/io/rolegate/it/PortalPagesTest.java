package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.rolegate.iam.Bootstrapper;
import io.rolegate.sso.SignIns;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The portal without a browser: sign-ins from the bootstrap file (bootstrap-test.yaml connects one unreachable
 * provider, http://127.0.0.1:9/realms/people, in accounts gamma and monitron) and the pages for errors a person can act
 * on, each with the portal's strict headers.
 */
@QuarkusTest
class PortalPagesTest {
    static final String BOOTSTRAP_ISSUER = "http://127.0.0.1:9/realms/people";

    @TestHTTPResource("/")
    URL base;
    @Inject
    SignIns signIns;
    @Inject
    Bootstrapper bootstrapper;

    private SignIns.SignIn bootstrapSignIn() {
        return signIns.all().stream().filter(s -> s.issuerUrl().equals(BOOTSTRAP_ISSUER)).findFirst().orElseThrow();
    }

    @Test
    void theBootstrapFileConnectsOneProviderForPeopleInSeveralAccounts() {
        SignIns.SignIn signIn = bootstrapSignIn();
        assertEquals("people-portal", signIn.clientId());
        assertEquals(List.of("123456789012", "333333333333"),
                signIn.connected().stream().map(c -> c.signIn().accountId()).sorted().toList());
        assertEquals("bootstrap-client-secret", signIn.primary().clientSecret());
        assertEquals(List.of("email", "profile"), signIn.primary().signIn().scopes());

        // the provider object the file created, with the sign-in's client id in its ClientIDList
        String arn = "arn:aws:iam::" + Aws.MONITRON + ":oidc-provider/127.0.0.1:9/realms/people";
        assertEquals(List.of("people-portal"), Aws.iam(base, Aws.MONITRON_ADMIN)
                .getOpenIDConnectProvider(b -> b.openIDConnectProviderArn(arn)).clientIDList());

        // applying the file again changes nothing
        var before = signIns.all().stream().filter(s -> s.issuerUrl().equals(BOOTSTRAP_ISSUER))
                .flatMap(s -> s.connected().stream()).map(c -> c.signIn().updated()).toList();
        bootstrapper.apply();
        var after = signIns.all().stream().filter(s -> s.issuerUrl().equals(BOOTSTRAP_ISSUER))
                .flatMap(s -> s.connected().stream()).map(c -> c.signIn().updated()).toList();
        assertEquals(before, after);
    }

    @Test
    void anUnreachableProviderIsAPageSayingSo() {
        Response r = RestAssured.given().redirects().follow(false).get(portal() + "/sso/" + bootstrapSignIn().key());
        assertEquals(503, r.statusCode(), r.body().asString());
        assertTrue(r.body().asString().contains("Your identity provider cannot be reached"), r.body().asString());
        assertTrue(r.body().asString().contains(BOOTSTRAP_ISSUER), r.body().asString());
        PortalSignInTest.assertStrict(r);
    }

    @Test
    void anUnknownSignInIsAPageNotABare401() {
        for (String path : List.of("/sso/0123456789abcdef", "/sso/0123456789abcdef/sessions")) {
            Response r = RestAssured.given().redirects().follow(false).get(portal() + path);
            assertEquals(404, r.statusCode(), path);
            assertTrue(r.body().asString().contains("This sign-in does not exist"), r.body().asString());
            PortalSignInTest.assertStrict(r);
        }
    }

    @Test
    void anExpiredLoginIsAskedToSignInAgain() {
        String key = bootstrapSignIn().key();
        Response r = RestAssured.given().get(portal() + "/expired/" + key);
        assertEquals(401, r.statusCode());
        String html = r.body().asString();
        assertTrue(html.contains("Your login has expired"), html);
        assertTrue(html.contains("href=\"/portal/sso/" + key + "\""), html);
        assertTrue(html.contains("<html lang=\"en\">"), html);
        PortalSignInTest.assertStrict(r);
    }

    @Test
    void aFormPostWithoutALoginIssuesNothing() {
        // no session: quarkus-oidc never lets the post reach the page (a redirect to the provider, here unreachable)
        Response r = RestAssured.given().redirects().follow(false).formParam("roleArn", "arn:aws:iam::333333333333:role/x")
                .post(portal() + "/sso/" + bootstrapSignIn().key() + "/credentials");
        assertTrue(r.statusCode() == 302 || r.statusCode() == 503, r.statusCode() + " " + r.body().asString());
        assertTrue(!r.body().asString().contains("AWS_ACCESS_KEY_ID"), r.body().asString());
    }

    private String portal() {
        return base.toString().replaceAll("/$", "") + "/portal";
    }
}
