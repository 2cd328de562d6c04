package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * People in the test realm sign in through Keycloak's own login page in headless Chromium with the portal's web
 * client: authorization code + PKCE (S256 required by the client), a redirect to a loopback URI on any port. This is
 * the identity-provider half of the SSO portal, proven without the gateway.
 */
class KeycloakPeopleLoginTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private KeycloakServer keycloak;
    private HttpServer callback;
    private Browser browser;

    @BeforeEach
    void start() throws IOException {
        keycloak = KeycloakServer.sharedOrSkip();
        callback = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callback.createContext("/callback", exchange -> LoopbackCallback.answerPage(exchange,
                "<!doctype html><title>callback</title><h1>Back at the client</h1>"));
        callback.start();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        callback.stop(0);
    }

    @Test
    void personLogsInWithPkceAndLandsOnTheLoopbackRedirect() throws Exception {
        browser = Browser.start("KeycloakPeopleLoginTest/person-logs-in");
        String verifier = verifier();
        String state = UUID.randomUUID().toString();
        String redirect = redirectUri();
        browser.open(authorize(redirect, state, challenge(verifier)), "keycloak-login-page");
        assertTrue(browser.driver().getTitle().contains("rolegate") || browser.pageText().contains("Sign in"),
                "Keycloak's login page: " + browser.pageText());

        signIn(KeycloakServer.ALICE);
        browser.waitFor(d -> d.getCurrentUrl().startsWith(redirect));
        browser.screenshot("landed-on-redirect");
        Map<String, String> query = query(URI.create(browser.currentUrl()));
        assertEquals(state, query.get("state"));

        JsonNode tokens = exchange(query.get("code"), redirect, verifier);
        assertEquals(200, tokens.get("status").asInt(), tokens.toString());
        JWTClaimsSet id = SignedJWT.parse(tokens.get("body").get("id_token").asText()).getJWTClaimsSet();
        assertEquals(keycloak.issuer(), id.getIssuer());
        assertEquals(List.of(KeycloakServer.PORTAL_CLIENT_ID), id.getAudience());
        assertEquals(KeycloakServer.ALICE.email(), id.getStringClaim("email"));
        assertEquals(KeycloakServer.ALICE.groups(), id.getStringListClaim("groups"));
    }

    @Test
    void theCodeIsWorthNothingWithoutItsVerifier() throws Exception {
        browser = Browser.start("KeycloakPeopleLoginTest/wrong-verifier");
        String redirect = redirectUri();
        browser.open(authorize(redirect, "s", challenge(verifier())), "keycloak-login-page");
        signIn(KeycloakServer.BOB);
        browser.waitFor(d -> d.getCurrentUrl().startsWith(redirect));
        String code = query(URI.create(browser.currentUrl())).get("code");

        JsonNode refused = exchange(code, redirect, verifier());
        assertEquals(400, refused.get("status").asInt(), refused.toString());
        assertEquals("invalid_grant", refused.get("body").get("error").asText());
    }

    @Test
    void theClientRefusesALoginWithoutPkce() {
        browser = Browser.start("KeycloakPeopleLoginTest/no-pkce");
        String redirect = redirectUri();
        browser.open(keycloak.authorizationEndpoint() + "?response_type=code&scope=openid&client_id="
                + KeycloakServer.PORTAL_CLIENT_ID + "&redirect_uri=" + form(redirect) + "&state=s", "refused");
        browser.waitFor(d -> d.getCurrentUrl().startsWith(redirect));
        Map<String, String> query = query(URI.create(browser.currentUrl()));
        assertEquals("invalid_request", query.get("error"));
        assertTrue(query.get("error_description").contains("code_challenge"), query.toString());
    }

    private void signIn(KeycloakServer.Person person) {
        browser.find(By.id("username")).sendKeys(person.username());
        browser.find(By.id("password")).sendKeys(person.password());
        browser.screenshot("credentials-typed");
        browser.find(By.id("kc-login")).click();
    }

    private String redirectUri() {
        return "http://127.0.0.1:" + callback.getAddress().getPort() + "/callback";
    }

    private String authorize(String redirect, String state, String challenge) {
        return keycloak.authorizationEndpoint() + "?response_type=code&scope=openid%20email&client_id="
                + KeycloakServer.PORTAL_CLIENT_ID + "&redirect_uri=" + form(redirect) + "&state=" + state
                + "&code_challenge_method=S256&code_challenge=" + challenge;
    }

    /** The token response as {"status": N, "body": {...}}. */
    private JsonNode exchange(String code, String redirect, String verifier) throws Exception {
        String basic = Base64.getEncoder().encodeToString((KeycloakServer.PORTAL_CLIENT_ID + ":"
                + KeycloakServer.PORTAL_CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().send(
                HttpRequest.newBuilder(keycloak.tokenEndpoint())
                        .header("Authorization", "Basic " + basic)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + form(code)
                                + "&redirect_uri=" + form(redirect) + "&code_verifier=" + verifier))
                        .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.createObjectNode().put("status", response.statusCode())
                .set("body", JSON.readTree(response.body()));
    }

    private static String verifier() {
        byte[] b = new byte[48];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    static Map<String, String> query(URI uri) {
        String q = uri.getRawQuery() == null ? "" : uri.getRawQuery();
        return java.util.Arrays.stream(q.split("&")).filter(p -> !p.isEmpty()).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> decode(p[0]), p -> p.length > 1 ? decode(p[1]) : "", (a, b) -> a));
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
