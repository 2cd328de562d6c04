package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresSamlFederationTest extends SamlFederationTest {
}
