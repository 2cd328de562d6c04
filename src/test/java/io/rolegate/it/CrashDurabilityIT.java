package io.rolegate.it;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityRequest;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A write the gateway answered 200 survives a crash of the gateway: the packaged gateway ({@link GatewayProcess}) is
 * killed with SIGKILL while several threads write through the AWS SDK (users, tags, access keys, managed policies,
 * attachments, roles), restarted on the same data, and every acknowledged write must be there, every acknowledged
 * access key must authenticate. Several kill cycles, on the embedded H2 file store and on PostgreSQL.
 */
class CrashDurabilityIT {
    private static final int CYCLES = 3;
    private static final int WRITERS = 4;
    /** Kill once this many writes of the cycle were acknowledged, or after WRITE_TIME once MIN_ACKS were. */
    private static final int ACKS_BEFORE_KILL = 150;
    private static final Duration WRITE_TIME = Duration.ofSeconds(6);
    /** A cold gateway on a busy machine may take seconds for its first writes: wait for these at least. */
    private static final int MIN_ACKS = 20;
    private static final Duration MAX_WRITE_TIME = Duration.ofSeconds(40);
    /** Per writer and cycle: far more than ACKS_BEFORE_KILL needs, so the kill always lands mid-writes. */
    private static final int MAX_ITERATIONS_PER_WRITER = 1_000;
    private static final String TRUST_ALPHA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + Aws.ALPHA + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";

    @Test
    void acknowledgedWritesSurviveKillNineOnH2() {
        survivesKills(GatewayProcess.on("crash-h2", GatewayProcess.Store.h2()));
    }

    @Test
    void acknowledgedWritesSurviveKillNineOnPostgresql() throws IOException {
        try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
            survivesKills(GatewayProcess.on("crash-postgresql", GatewayProcess.Store.postgresql(
                    pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")));
        }
    }

    /** A write the gateway acknowledged, and how to see that it is still there. */
    private record Acknowledged(String write, Check check) {
    }

    @FunctionalInterface
    private interface Check {
        boolean holds(Verifier v);
    }

    private static void survivesKills(GatewayProcess gateway) {
        Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        List<String> report = new ArrayList<>();
        boolean anyLost = false;
        try (gateway) {
            gateway.start();
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                int before = acknowledged.size();
                writeUntilKilled(gateway, cycle, acknowledged);
                gateway.start();
                List<String> lost = lost(gateway.url(), List.copyOf(acknowledged));
                anyLost |= !lost.isEmpty();
                report.add(String.format("kill -9 number %d: %d writes acknowledged in this cycle; after restart %d of"
                        + " the %d acknowledged so far are lost%s", cycle, acknowledged.size() - before, lost.size(),
                        acknowledged.size(), lost.isEmpty() ? "" : ", e.g. " + lost.subList(0, Math.min(5, lost.size()))));
                System.out.println(gateway + " " + report.get(report.size() - 1));
            }
        }
        assertFalse(anyLost, "acknowledged writes were lost (log " + gateway.logFile() + "):\n" + String.join("\n", report));
    }

    private static void writeUntilKilled(GatewayProcess gateway, int cycle, Queue<Acknowledged> acknowledged) {
        int before = acknowledged.size();
        AtomicBoolean killing = new AtomicBoolean();
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Writer writer = new Writer(gateway.url(), "c" + cycle + "w" + w, acknowledged, killing, errors);
            Thread t = new Thread(writer, "writer-" + cycle + "-" + w);
            t.start();
            writers.add(t);
        }
        long start = System.nanoTime();
        while (writers.stream().anyMatch(Thread::isAlive)) {
            int acks = acknowledged.size() - before;
            long elapsed = System.nanoTime() - start;
            if (acks >= ACKS_BEFORE_KILL || acks >= MIN_ACKS && elapsed > WRITE_TIME.toNanos()
                    || elapsed > MAX_WRITE_TIME.toNanos()) {
                break;
            }
            LocalProcesses.sleep(5);
        }
        killing.set(true);
        gateway.kill();
        for (Thread t : writers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        assertEquals(List.of(), List.copyOf(errors), "writes failed before the kill");
        assertTrue(acknowledged.size() - before >= MIN_ACKS, "only " + (acknowledged.size() - before)
                + " writes acknowledged in " + MAX_WRITE_TIME.toSeconds() + " s before kill -9 number " + cycle);
    }

    /** Writes one of each kind per iteration, recording each as soon as it is acknowledged, until a call fails. */
    private record Writer(URL url, String prefix, Queue<Acknowledged> acknowledged, AtomicBoolean killing,
                          Queue<String> errors) implements Runnable {
        @Override
        public void run() {
            IamClient iam = Aws.iam(url, Aws.ALPHA_ADMIN);
            for (int i = 0; i < MAX_ITERATIONS_PER_WRITER; i++) {
                String name = prefix + "-" + i;
                try {
                    writeOneOfEach(iam, name);
                } catch (SdkClientException e) {
                    if (!killing.get()) {
                        errors.add(name + ": " + e);
                    }
                    return; // the gateway is gone
                } catch (AwsServiceException e) {
                    errors.add(name + ": " + e.awsErrorDetails().errorCode() + " " + e.getMessage());
                    return;
                }
            }
        }

        private void writeOneOfEach(IamClient iam, String name) {
            String userArn = "arn:aws:iam::" + Aws.ALPHA + ":user/" + name;
            Tag tag = Tag.builder().key("written-by").value(prefix).build();

            iam.createUser(b -> b.userName(name));
            ack("user " + name, v -> v.userExists(name));
            iam.tagUser(b -> b.userName(name).tags(tag));
            ack("tag on user " + name, v -> v.userTags(name).contains(tag));
            AccessKey key = iam.createAccessKey(b -> b.userName(name)).accessKey();
            ack("access key " + key.accessKeyId() + " of user " + name, v -> v.authenticatesAs(key, userArn));
            String policyArn = iam.createPolicy(b -> b.policyName(name).policyDocument(IamAssert.ALLOW_ALL))
                    .policy().arn();
            ack("managed policy " + policyArn, v -> v.policyExists(policyArn));
            iam.attachUserPolicy(b -> b.userName(name).policyArn(policyArn));
            ack("attachment of " + policyArn + " to user " + name, v -> v.userPolicies(name).contains(policyArn));
            iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(TRUST_ALPHA));
            ack("role " + name, v -> v.roleExists(name));
            iam.tagRole(b -> b.roleName(name).tags(tag));
            ack("tag on role " + name, v -> v.roleTags(name).contains(tag));
            iam.attachRolePolicy(b -> b.roleName(name).policyArn(policyArn));
            ack("attachment of " + policyArn + " to role " + name, v -> v.rolePolicies(name).contains(policyArn));
        }

        private void ack(String write, Check check) {
            acknowledged.add(new Acknowledged(write, check));
        }
    }

    /** The acknowledged writes the restarted gateway no longer has, checked from 4 threads. */
    private static List<String> lost(URL url, List<Acknowledged> writes) {
        Verifier v = new Verifier(Aws.iam(url, Aws.ALPHA_ADMIN), Aws.sts(url, Aws.ALPHA_ADMIN));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> holds = new ArrayList<>();
            for (Acknowledged a : writes) {
                holds.add(pool.submit(() -> a.check().holds(v)));
            }
            List<String> lost = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                if (!holds.get(i).get()) {
                    lost.add(writes.get(i).write());
                }
            }
            return lost;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a check failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Reads the restarted gateway as a client would; "missing" answers are false, anything else fails the test. */
    private record Verifier(IamClient iam, StsClient sts) {
        boolean userExists(String name) {
            return exists(() -> iam.getUser(b -> b.userName(name)));
        }

        List<Tag> userTags(String name) {
            return orEmpty(() -> iam.listUserTags(b -> b.userName(name)).tags());
        }

        List<String> userPolicies(String name) {
            return orEmpty(() -> arns(iam.listAttachedUserPolicies(b -> b.userName(name)).attachedPolicies()));
        }

        boolean policyExists(String arn) {
            return exists(() -> iam.getPolicy(b -> b.policyArn(arn)));
        }

        boolean roleExists(String name) {
            return exists(() -> iam.getRole(b -> b.roleName(name)));
        }

        List<Tag> roleTags(String name) {
            return orEmpty(() -> iam.listRoleTags(b -> b.roleName(name)).tags());
        }

        List<String> rolePolicies(String name) {
            return orEmpty(() -> arns(iam.listAttachedRolePolicies(b -> b.roleName(name)).attachedPolicies()));
        }

        /** The key still signs requests (its sealed secret survived too) and still belongs to its user. */
        boolean authenticatesAs(AccessKey key, String userArn) {
            var credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            try {
                return userArn.equals(sts.getCallerIdentity(GetCallerIdentityRequest.builder()
                        .overrideConfiguration(o -> o.credentialsProvider(credentials)).build()).arn());
            } catch (StsException e) {
                if (e.statusCode() == 403) {
                    return false;
                }
                throw e;
            }
        }

        private static List<String> arns(List<AttachedPolicy> attached) {
            return attached.stream().map(AttachedPolicy::policyArn).toList();
        }

        private static boolean exists(Runnable read) {
            try {
                read.run();
                return true;
            } catch (NoSuchEntityException e) {
                return false;
            }
        }

        private static <T> List<T> orEmpty(java.util.function.Supplier<List<T>> read) {
            try {
                return read.get();
            } catch (NoSuchEntityException e) {
                return List.of();
            }
        }
    }

}
