package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Session revocation (table session_revocations, its cache and pruning) on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresSessionRevocationTest extends SessionRevocationTest {
}
