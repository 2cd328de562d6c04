package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SAML suite (providers, AssumeRoleWithSAML, one-time use) on a real PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresSamlFederationTest extends SamlFederationTest {
    /** The gateway really stored the provider and the used-up assertion in PostgreSQL (read there directly). */
    @Test
    void theSamlTablesAreInPostgres() throws Exception {
        assume(assertion().base64());
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.postgresql.jdbc.url", String.class);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            assertTrue(c.getMetaData().getDatabaseProductName().contains("PostgreSQL"));
            try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM saml_providers WHERE arn = ?")) {
                s.setString(1, providerArn);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertEquals(1, rs.getInt(1));
                }
            }
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM saml_assertion_uses")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 1, "the used assertion is recorded in PostgreSQL");
            }
        }
    }
}
