package io.rolegate.it;

import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URL;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A portal session lives in its encrypted cookie, keyed by {@code rolegate.portal.session-secret}: the packaged
 * gateway, restarted (a new process, nothing kept in memory, another port), accepts the cookie of a login made before
 * the restart without a new login at the provider; started with another secret, it refuses it. Any replica
 * configured alike is such a process.
 */
class PortalSessionRestartIT {
    private static final String SECRET = "restart-test-portal-session-secret-0123456789";

    @Test
    void theSessionCookieOutlivesARestartWithTheSameKeyOnly() throws Exception {
        KeycloakServer keycloak = KeycloakServer.sharedOrSkip();
        try (GatewayProcess gateway = GatewayProcess.on("portal-restart", GatewayProcess.Store.h2())
                .property("rolegate.portal.session-secret", SECRET)
                .property("rolegate.oidc.allow-http-loopback", "true")
                .property("rolegate.oidc.default-claims", "groups")
                .start();
             Browser browser = Browser.start("PortalSessionRestartIT")) {
            URL base = gateway.url();
            String provider = PortalSignInTest.connect(base, keycloak, Aws.BETA, Aws.BETA_ADMIN, Map.of());
            String roleArn = PortalSignInTest.role(base, keycloak, Aws.BETA_ADMIN, "restart-readers", provider, "readers");
            String key = PortalSignInTest.signInKey(base, keycloak);

            browser.open(PortalSignInTest.portal(base) + "/sso/" + key, "keycloak-login");
            browser.waitFor(d -> d.getCurrentUrl().startsWith(keycloak.baseUri().toString()));
            browser.find(By.id("username")).sendKeys(KeycloakServer.BOB.username());
            browser.find(By.id("password")).sendKeys(KeycloakServer.BOB.password());
            browser.find(By.id("kc-login")).click();
            browser.waitFor(d -> d.getTitle().contains("your roles"));
            browser.screenshot("roles-before-restart");
            Map<String, String> session = new HashMap<>(PortalSignInTest.cookies(browser));
            session.keySet().removeIf(n -> !n.startsWith("q_session"));
            assertFalse(session.isEmpty());

            gateway.stop();
            gateway.start();
            Response after = RestAssured.given().redirects().follow(false).cookies(session)
                    .get(PortalSignInTest.portal(gateway.url()) + "/sso/" + key);
            assertEquals(200, after.statusCode(), "accepted after the restart, no new login");
            assertTrue(after.body().asString().contains(roleArn), after.body().asString());

            gateway.stop();
            gateway.property("rolegate.portal.session-secret", SECRET.replace("restart", "another")).start();
            Response other = RestAssured.given().redirects().follow(false).cookies(session)
                    .get(PortalSignInTest.portal(gateway.url()) + "/sso/" + key);
            // not let in: a new login (302 to the provider), or the no-login page when the provider's discovery is not
            // reachable from the restarted process at that moment (503); never the roles page
            assertTrue(other.statusCode() == 302 || other.statusCode() == 503,
                    "another key cannot open the cookie: " + other.statusCode());
        }
    }
}
