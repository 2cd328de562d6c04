package io.rolegate.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of the Keycloak harness: a real Keycloak issues client-credentials tokens its JWKS verifies. */
class KeycloakHarnessTest {
    private static KeycloakServer keycloak;

    // Per test rather than @BeforeAll, so that surefire lists every test as skipped, with the reason, when Keycloak
    // cannot start. The server is shared and a failed start is remembered, so this costs one start at most.
    @BeforeEach
    void keycloak() {
        if (keycloak == null) {
            keycloak = KeycloakServer.sharedOrSkip();
            System.out.println("Keycloak ready in " + keycloak.startupTime().toMillis() + " ms: " + keycloak);
        }
    }

    @Test
    void issuerIsPinnedToTheLoopbackPort() {
        assertEquals("http://127.0.0.1:" + keycloak.port() + "/realms/rolegate", keycloak.issuer());
        assertEquals("127.0.0.1:" + keycloak.port() + "/realms/rolegate", keycloak.issuerHostAndPath());
        assertEquals(keycloak.issuer() + "/protocol/openid-connect/certs", keycloak.jwksUri().toString());
        assertTrue(keycloak.isRunning());
    }

    @Test
    void issuerDoesNotFollowTheHostHeader() throws IOException {
        // A raw request, because java.net.http refuses to set Host: the discovery document must not echo it.
        String body = rawGet("/realms/rolegate/.well-known/openid-configuration", "evil.example:4444");
        String issuer = new ObjectMapper().readTree(body).get("issuer").asText();
        assertEquals(keycloak.issuer(), issuer);
    }

    @Test
    void clientCredentialsTokenCarriesTheFederationClaims() throws Exception {
        SignedJWT jwt = SignedJWT.parse(keycloak.tokenForClientCredentials());
        JWTClaimsSet claims = jwt.getJWTClaimsSet();

        assertEquals(keycloak.issuer(), claims.getIssuer());
        assertTrue(claims.getAudience().contains(KeycloakServer.AUDIENCE), "aud " + claims.getAudience());
        assertNotNull(claims.getSubject());
        assertFalse(claims.getSubject().isBlank());
        assertEquals(KeycloakServer.CLIENT_ID, claims.getStringClaim("azp"));
        assertEquals("acme", claims.getStringClaim("repository_owner"));
        assertEquals(List.of("deployers", "readers"), claims.getStringListClaim("groups"));
        // Lifespan set in the realm file: one hour, enough for any test.
        long lifetimeSeconds = (claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()) / 1000;
        assertEquals(3600, lifetimeSeconds);
        assertTrue(claims.getExpirationTime().after(new Date()));
    }

    @Test
    void jwksFromDiscoveryVerifiesTheTokenWithRs256() throws Exception {
        SignedJWT jwt = SignedJWT.parse(keycloak.tokenForClientCredentials());
        assertEquals(JWSAlgorithm.RS256, jwt.getHeader().getAlgorithm());

        JWKSet jwks = JWKSet.parse(keycloak.jwksJson());
        JWK key = jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "kid " + jwt.getHeader().getKeyID() + " not in " + jwks);
        RSAKey rsa = key.toRSAKey();
        assertTrue(jwt.verify(new RSASSAVerifier(rsa)));

        // The same key rejects a token whose payload was changed.
        String[] parts = jwt.serialize().split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                jwt.getPayload().toString().replace("\"acme\"", "\"evil\"").getBytes(StandardCharsets.UTF_8));
        assertNotEquals(parts[1], forgedPayload);
        SignedJWT forged = SignedJWT.parse(parts[0] + "." + forgedPayload + "." + parts[2]);
        assertFalse(forged.verify(new RSASSAVerifier(rsa)));
    }

    @Test
    void eachCallGetsAFreshToken() {
        assertNotEquals(keycloak.tokenForClientCredentials(), keycloak.tokenForClientCredentials());
    }

    @Test
    void wrongClientSecretIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> keycloak.tokenForClientCredentials(KeycloakServer.CLIENT_ID, "wrong"));
        assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
    }

    @Test
    void adminTokenWorksForTheAdminApi() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        keycloak.baseUri().resolve("/admin/realms/rolegate/clients?clientId=ci-runner"))
                .header("Authorization", "Bearer " + keycloak.adminToken())
                .build();
        HttpResponse<String> response = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(new ObjectMapper().readTree(response.body()).get(0).get("serviceAccountsEnabled").asBoolean());
    }

    @Test
    void oneKeycloakPerJvm() {
        assertSame(keycloak, KeycloakServer.shared());
        assertEquals(1, keycloakJvmsUnderThisJvm(), "Keycloak JVMs started by this JVM");
        assertTrue(keycloak.javaPid().isPresent());
    }

    @Test
    void anotherClassLoadersViewSharesTheServerAndCannotStopIt() throws Exception {
        KeycloakServer view = KeycloakServer.attachToShared();
        assertNotSame(keycloak, view);
        assertEquals(keycloak.issuer(), view.issuer());
        assertEquals(keycloak.javaPid(), view.javaPid());
        view.stop();
        assertTrue(keycloak.isRunning());
        assertEquals(keycloak.issuer(), SignedJWT.parse(view.tokenForClientCredentials()).getJWTClaimsSet().getIssuer());
    }

    /** Keycloak JVMs (Quarkus runners under target/keycloak-runs) among this JVM's descendant processes. */
    static long keycloakJvmsUnderThisJvm() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("keycloak-runs")
                        && c.contains("QuarkusEntryPoint")).orElse(false))
                .count();
    }

    private static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), keycloak.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: application/json\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 200"), response);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            // Keycloak may answer chunked; the JSON object is between the first '{' and the last '}'.
            return body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
        }
    }
}
