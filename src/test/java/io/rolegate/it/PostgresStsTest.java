package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The STS session tests (key material in signing_keys/server_secrets, rotation, revocation) on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresStsTest extends StsSessionsTest {
}
