package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.List;

/**
 * The throttling tests on PostgreSQL: among them, a throttled call's audit event, which the journal commits in a
 * transaction of its own with synchronous_commit off (audit.AuditJournal), is found by LookupEvents.
 */
@QuarkusTest
@TestProfile(PostgresThrottlingTest.ThrottledOnPostgres.class)
class PostgresThrottlingTest extends ThrottlingTest {
    public static class ThrottledOnPostgres extends ThrottlingTest.Throttled {
        @Override
        public List<TestResourceEntry> testResources() {
            return new PostgresProfile().testResources();
        }

        @Override
        public String getConfigProfile() {
            return new PostgresProfile().getConfigProfile();
        }
    }
}
