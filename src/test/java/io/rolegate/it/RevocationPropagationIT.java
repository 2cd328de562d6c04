package io.rolegate.it;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The revocation bound across replicas: two packaged gateways ({@link GatewayProcess}) on one PostgreSQL. A session
 * is revoked on replica A (by key id, then a role's sessions by watermark) after replica B has verified it and holds
 * its caches warm; B must refuse the session within 5 s of the revocation request (the change feed brings it to B,
 * store.ChangeFeed). The measured times are printed.
 */
class RevocationPropagationIT {
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static final int ROUNDS = 3;
    private static final String INVALID = "The security token included in the request is invalid.";

    @Test
    void aRevocationOnOneReplicaIsRefusedByTheOtherWithinFiveSeconds() throws IOException {
        try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            GatewayProcess.Store store = GatewayProcess.Store.postgresql(pg.getJdbcUrl("postgres", "postgres"),
                    "postgres", "postgres");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String masterKey = Base64.getEncoder().encodeToString(key);
            try (GatewayProcess a = GatewayProcess.on("revocation-a", store).property("rolegate.master-key", masterKey)
                    .property("rolegate.public-url", "http://rolegate.replicas.test");
                 GatewayProcess b = GatewayProcess.on("revocation-b", store).property("rolegate.master-key", masterKey)
                    .property("rolegate.public-url", "http://rolegate.replicas.test")) {
                a.start();
                b.start();
                IamClient iam = Aws.iam(a.url(), Aws.ALPHA_ADMIN);
                iam.createUser(r -> r.userName("prop-user"));
                iam.putUserPolicy(r -> r.userName("prop-user").policyName("p").policyDocument(IamAssert.ALLOW_ALL));
                AccessKey ak = iam.createAccessKey(r -> r.userName("prop-user")).accessKey();
                AwsBasicCredentials user = AwsBasicCredentials.create(ak.accessKeyId(), ak.secretAccessKey());
                iam.createRole(r -> r.roleName("prop-role").assumeRolePolicyDocument(StsFixtures.trust(
                        StsFixtures.q("arn:aws:iam::111111111111:user/prop-user"), null, null)));
                String roleArn = "arn:aws:iam::111111111111:role/prop-role";
                Supplier<AssumeRoleResponse> newSession = () -> Aws.sts(a.url(), user)
                        .assumeRole(r -> r.roleArn(roleArn).roleSessionName("prop"));

                Duration byKey = Duration.ZERO;
                Duration byRole = Duration.ZERO;
                for (int round = 1; round <= ROUNDS; round++) {
                    SessionRevocationTest.nextSecond(); // after the previous round's watermark
                    AssumeRoleResponse one = newSession.get();
                    Duration k = propagation(a.url(), b.url(), Aws.session(one.credentials()),
                            calls -> calls.revokeSession("AccessKeyId", one.credentials().accessKeyId()));
                    AssumeRoleResponse two = newSession.get();
                    Duration w = propagation(a.url(), b.url(), Aws.session(two.credentials()),
                            calls -> calls.revokeRoleSessions("prop-role", null));
                    System.out.printf("Revocation propagation to the other replica, round %d: by key id %d ms, by role"
                            + " watermark %d ms (bound %d ms)%n", round, k.toMillis(), w.toMillis(), BOUND.toMillis());
                    byKey = byKey.compareTo(k) < 0 ? k : byKey;
                    byRole = byRole.compareTo(w) < 0 ? w : byRole;
                }
                assertTrue(byKey.compareTo(BOUND) <= 0, "by key id: " + byKey.toMillis() + " ms");
                assertTrue(byRole.compareTo(BOUND) <= 0, "by role: " + byRole.toMillis() + " ms");
            }
        }
    }

    /**
     * Warms B with the session, revokes on A, and polls B (every 50 ms, up to twice the bound) until it refuses the
     * session; returns the time from sending the revocation to B's first refusal.
     */
    private static Duration propagation(URL a, URL b, AwsSessionCredentials session,
                                        java.util.function.Function<RevocationCalls, RevocationCalls.Reply> revoke) {
        for (int i = 0; i < 3; i++) {
            Aws.sts(b, session).getCallerIdentity();
        }
        long start = System.nanoTime();
        RevocationCalls.Reply r = revoke.apply(new RevocationCalls(a, Aws.ALPHA_ADMIN));
        assertEquals(200, r.status(), r.toString());
        assertRefused(a, session); // the replica that wrote refuses at once
        while (true) {
            long elapsed = System.nanoTime() - start;
            try {
                Aws.sts(b, session).getCallerIdentity();
            } catch (StsException e) {
                assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
                assertEquals(INVALID, e.awsErrorDetails().errorMessage());
                return Duration.ofNanos(System.nanoTime() - start);
            }
            assertTrue(elapsed < BOUND.multipliedBy(2).toNanos(), "replica B still accepts the session after "
                    + Duration.ofNanos(elapsed).toMillis() + " ms");
            LocalProcesses.sleep(50);
        }
    }

    private static void assertRefused(URL gateway, AwsSessionCredentials session) {
        StsException e = org.junit.jupiter.api.Assertions.assertThrows(StsException.class,
                () -> Aws.sts(gateway, session).getCallerIdentity());
        assertEquals("InvalidClientTokenId", e.awsErrorDetails().errorCode());
    }
}
