package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The audit trail on PostgreSQL: a cross-account call's two chains are locked with one statement and their heads moved
 * in one batch there (store.JdbcAuditStore#lockHeads), and the export still verifies link by link.
 */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresAuditTrailTest extends AuditTrailTest {
}
