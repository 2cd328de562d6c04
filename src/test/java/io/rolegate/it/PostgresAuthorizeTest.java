package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** /v1/authorize on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresAuthorizeTest extends AuthorizeTest {
}
