package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The virtual MFA device lifecycle (mfa_devices, row locks, conditional step updates) on PostgreSQL. */
@QuarkusTest
@TestProfile(PostgresProfile.class)
class PostgresMfaDevicesTest extends MfaDevicesTest {
}
