package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rolegate.store.JdbcAuditStore;
import io.rolegate.testing.DelegatingAuditStore;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static io.rolegate.it.StsFixtures.name;
import static io.rolegate.it.StsFixtures.q;
import static io.rolegate.it.StsFixtures.role;
import static io.rolegate.it.StsFixtures.trust;
import static io.rolegate.it.StsFixtures.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * No acknowledged call without its event: when the audit trail cannot record a call, the caller gets InternalFailure
 * (HTTP 500), never the answer, whether AssumeRole was served on the I/O thread (here) or another action on a worker
 * thread, though neither thread waits for the event (api.Gateway#handleAsync). The real store, made to fail every
 * audit transaction while the test says so; no outbox, so the calls' events go straight to it.
 */
@QuarkusTest
@TestProfile(UnrecordedCallsTest.BrokenTrail.class)
class UnrecordedCallsTest {
    public static class BrokenTrail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rolegate.http.memory-actions-on-io-thread", "true", "rolegate.audit.outbox", "false");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(BreakableAuditStore.class);
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    /** The real audit store, whose transactions fail while {@link #broken}. */
    @Alternative
    @Singleton
    public static class BreakableAuditStore extends DelegatingAuditStore {
        static volatile boolean broken;

        @Inject
        public BreakableAuditStore(JdbcAuditStore store) {
            super(store);
        }

        @Override
        public <T> T atomically(Supplier<T> work) {
            if (broken) {
                throw new IllegalStateException("the audit table is full");
            }
            return super.atomically(work);
        }

        @Override
        public boolean appendIfHeadsAre(Map<String, Head> expected, List<StoredEvent> events, Map<String, Head> moved) {
            if (broken) {
                throw new IllegalStateException("the audit table is full");
            }
            return super.appendIfHeadsAre(expected, events, moved);
        }
    }

    @TestHTTPResource("/")
    URL base;

    @AfterEach
    void repair() {
        BreakableAuditStore.broken = false;
    }

    @Test
    void aCallWhoseEventIsNotRecordedIsAnsweredInternalFailureNotItsAnswer() {
        String u = name("unrecorded-user");
        AwsBasicCredentials creds = user(base, Aws.ALPHA_ADMIN, u, null);
        String arn = role(base, Aws.ALPHA_ADMIN, name("unrecorded-role"),
                trust(q("arn:aws:iam::111111111111:user/" + u), null, null), null);
        StsClient sts = Aws.sts(base, creds);
        sts.assumeRole(b -> b.roleArn(arn).roleSessionName("warm")); // the caches are warm: served from memory

        BreakableAuditStore.broken = true;
        StsException assume = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(arn).roleSessionName("unrecorded")));
        assertEquals(500, assume.statusCode());
        assertEquals("InternalFailure", assume.awsErrorDetails().errorCode());
        // a refusal is a call too: not recorded, not answered as such
        StsException refused = assertThrows(StsException.class,
                () -> sts.assumeRole(b -> b.roleArn(arn.replace("unrecorded-role", "no-such-role"))
                        .roleSessionName("unrecorded")));
        assertEquals("InternalFailure", refused.awsErrorDetails().errorCode());
        // a worker-thread action
        IamException iam = assertThrows(IamException.class,
                () -> Aws.iam(base, Aws.ALPHA_ADMIN).listUsers());
        assertEquals(500, iam.statusCode());
        assertEquals("InternalFailure", iam.awsErrorDetails().errorCode());

        BreakableAuditStore.broken = false;
        AssumeRoleResponse again = sts.assumeRole(b -> b.roleArn(arn).roleSessionName("recorded"));
        assertEquals("recorded", again.assumedRoleUser().arn().substring(again.assumedRoleUser().arn().lastIndexOf('/') + 1));
    }
}
