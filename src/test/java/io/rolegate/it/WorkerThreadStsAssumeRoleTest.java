package io.rolegate.it;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;

/**
 * The AssumeRole suite with every request on a worker thread (rolegate.http.memory-actions-on-io-thread=false; by
 * default a warm AssumeRole is served on the I/O thread): the worker mints the credentials and goes on, and the
 * answer is written once the call's audit events are durable (api.Gateway#handleAsync), as on the I/O thread.
 */
@QuarkusTest
@TestProfile(WorkerThreadStsAssumeRoleTest.WorkerThread.class)
class WorkerThreadStsAssumeRoleTest extends StsAssumeRoleTest {
    public static class WorkerThread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.http.memory-actions-on-io-thread", "false");
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }
}
