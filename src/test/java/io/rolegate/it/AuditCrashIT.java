package io.rolegate.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttribute;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No acknowledged call without its event: the packaged gateway ({@link GatewayProcess}) is killed with SIGKILL while
 * threads call AssumeRole through the AWS SDK; after a restart on the same data, LookupEvents finds the event of every
 * AssumeRole that was answered, by its request id.
 */
class AuditCrashIT {
    private static final int THREADS = 3;
    private static final int ACKS_BEFORE_KILL = 120;

    @Test
    void everyAcknowledgedAssumeRoleHasItsEventAfterKillNine() throws Exception {
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        try (GatewayProcess gateway = GatewayProcess.on("audit-crash", GatewayProcess.Store.h2())) {
            gateway.start();
            String roleArn = StsFixtures.role(gateway.url(), Aws.ALPHA_ADMIN, "audited-crash",
                    StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + Aws.ALPHA + ":root"), null, null), null);
            AtomicBoolean killed = new AtomicBoolean();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    StsClient sts = Aws.sts(gateway.url(), Aws.ALPHA_ADMIN);
                    for (int i = 0; i < 5_000 && !killed.get(); i++) {
                        try {
                            acknowledged.add(sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("crash"))
                                    .responseMetadata().requestId());
                        } catch (RuntimeException e) {
                            return; // the kill: unanswered calls prove nothing
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (acknowledged.size() < ACKS_BEFORE_KILL && System.nanoTime() < deadline) {
                LocalProcesses.sleep(5);
            }
            gateway.kill();
            killed.set(true);
            for (Thread t : threads) {
                t.join(30_000);
            }
            assertTrue(acknowledged.size() >= 20, "only " + acknowledged.size() + " AssumeRole calls answered");
            gateway.start();
            Set<String> recorded = recordedRequestIds(gateway);
            List<String> lost = acknowledged.stream().filter(id -> !recorded.contains(id)).toList();
            System.out.println(gateway + ": " + acknowledged.size() + " AssumeRole calls acknowledged before kill -9, "
                    + lost.size() + " without their event after restart");
            assertEquals(List.of(), lost, "acknowledged calls without their event (log " + gateway.logFile() + ")");
        }
    }

    private static Set<String> recordedRequestIds(GatewayProcess gateway) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Set<String> ids = new HashSet<>();
        for (Event e : AuditTrailTest.cloudTrail(gateway.url(), Aws.ALPHA_ADMIN).lookupEventsPaginator(b -> b
                .lookupAttributes(LookupAttribute.builder().attributeKey(LookupAttributeKey.EVENT_NAME)
                        .attributeValue("AssumeRole").build())).events()) {
            ids.add(json.readTree(e.cloudTrailEvent()).path("requestID").asText());
        }
        return ids;
    }
}
