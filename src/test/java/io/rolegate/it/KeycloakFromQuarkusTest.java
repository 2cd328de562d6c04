package io.rolegate.it;

import com.nimbusds.jwt.SignedJWT;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The shared Keycloak from a @QuarkusTest class, which Quarkus loads in its own class loader: it must reuse the
 * server a plain test already started in this JVM (or start the only one), never start a second Keycloak.
 */
@QuarkusTest
class KeycloakFromQuarkusTest {
    private KeycloakServer keycloak;

    @BeforeEach
    void keycloak() {
        keycloak = KeycloakServer.sharedOrSkip();
    }

    @Test
    void oneKeycloakPerJvmEvenAcrossClassLoaders() {
        assertEquals(1, KeycloakHarnessTest.keycloakJvmsUnderThisJvm(), "Keycloak JVMs started by this JVM");
    }

    @Test
    void tokensComeFromTheSharedServer() throws Exception {
        SignedJWT jwt = SignedJWT.parse(keycloak.tokenForClientCredentials());
        assertEquals(keycloak.issuer(), jwt.getJWTClaimsSet().getIssuer());
        assertFalse(jwt.getJWTClaimsSet().getSubject().isBlank());
    }
}
