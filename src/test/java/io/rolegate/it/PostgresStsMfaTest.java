package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** MFA on AssumeRole and GetSessionToken (codes used once through a conditional UPDATE) on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresStsMfaTest extends StsMfaTest {
}
