package io.rolegate.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.sts.StsClient;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three packaged gateways ({@link GatewayProcess}) on one real PostgreSQL (issue 11), the steps in order on the same
 * processes: writes in two accounts share no row; a key, policy and trust change on replica 1 is honoured by
 * replicas 2 and 3 within 1 s, and a revocation within 5 s (measured from the write's acknowledgement, printed);
 * credentials issued by any replica are accepted by all; the signing key rotates while they run (period 20 s here)
 * and tokens of the new and the old key are accepted everywhere; SIGKILL of a replica during writes loses nothing it
 * acknowledged; PostgreSQL stopped and started again: warm AssumeRole and GetCallerIdentity go on during the outage,
 * writes are refused with ServiceUnavailable (503), the outage's calls reach the audit trail afterwards, and changes
 * propagate again after the reconnect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiReplicaIT {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(5);
    private static final String ACCT = Aws.ALPHA;
    private static final String ALLOW = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":[\"iam:ListRoles\",\"sts:AssumeRole\"],\"Resource\":\"*\"}]}";
    private static final String DENY_LIST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"iam:ListRoles\",\"Resource\":\"*\"}]}";
    private static final String ROLE = "mr-role";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCT + ":role/" + ROLE;
    private static final String USER = "mr-user";

    private final List<String> measured = new ArrayList<>();
    private final Map<String, IamClient> iamClients = new ConcurrentHashMap<>();
    private final Map<String, StsClient> stsClients = new ConcurrentHashMap<>();
    private final List<GatewayProcess> replicas = new ArrayList<>();
    private Postgres pg;
    private String jdbcUrl;
    private URL r1;
    private List<URL> others;
    private List<URL> all;
    private IamClient admin;
    private AwsBasicCredentials key;
    private String trust;

    @BeforeAll
    void start() throws IOException {
        Path pgData = LocalProcesses.target().resolve("gateway-runs/replicas-postgresql");
        LocalProcesses.deleteRecursively(pgData);
        int pgPort = LocalProcesses.freePort();
        pg = new Postgres(pgData, pgPort);
        pg.start();
        jdbcUrl = "jdbc:postgresql://localhost:" + pgPort + "/postgres";
        byte[] mk = new byte[32];
        new SecureRandom().nextBytes(mk);
        String masterKey = Base64.getEncoder().encodeToString(mk);
        GatewayProcess.Store store = GatewayProcess.Store.postgresql(jdbcUrl, "postgres", "postgres");
        for (int i = 1; i <= 3; i++) {
            replicas.add(GatewayProcess.on("replica-" + i, store).property("rolegate.master-key", masterKey)
                    .property("rolegate.public-url", "http://rolegate.replicas.test") // one issuer for all
                    .property("rolegate.keys.rotation-period", "20s")
                    .property("rolegate.keys.propagation-delay", "3s")
                    .property("rolegate.keys.check-every", "2s")
                    .property("quarkus.datasource.postgresql.jdbc.acquisition-timeout", "2s"));
        }
        long t0 = System.nanoTime();
        replicas.get(0).start(); // first: creates the schema and the keys
        replicas.get(1).start();
        replicas.get(2).start();
        System.out.printf("Three replicas ready in %d ms%n", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        r1 = replicas.get(0).url();
        others = List.of(replicas.get(1).url(), replicas.get(2).url());
        all = List.of(r1, others.get(0), others.get(1));

        admin = iam(r1, Aws.ALPHA_ADMIN);
        key = StsFixtures.user(r1, Aws.ALPHA_ADMIN, USER, ALLOW);
        trust = StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + ACCT + ":user/" + USER), null, null);
        admin.createRole(b -> b.roleName(ROLE).assumeRolePolicyDocument(trust));
        // the sessions' own permissions: ListRoles is what the tests call with them
        admin.putRolePolicy(b -> b.roleName(ROLE).policyName("list").policyDocument(ALLOW));
    }

    @AfterAll
    void stop() throws IOException {
        replicas.forEach(GatewayProcess::close);
        if (pg != null) {
            pg.stop();
        }
        System.out.println("Propagation to the other replicas, from the write's acknowledgement (bound "
                + BOUND.toMillis() + " ms, revocation " + REVOCATION_BOUND.toMillis() + " ms):\n  "
                + String.join("\n  ", measured));
    }

    @Test
    @Order(1)
    void writesInDifferentAccountsUpdateNoSharedRow() throws SQLException {
        IamClient beta = iam(r1, Aws.BETA_ADMIN);
        beta.listUsers(); // the account's audit chain head exists from here on: both phases update their own head
        // the audit trail chains its events in the background (audit.AuditJournal): each phase's events are chained
        // before the next phase starts, so each phase's rows are its own
        Map<String, String> before = settledRowVersions();
        for (int i = 0; i < 10; i++) {
            String n = "mr-alpha-" + i;
            admin.createUser(b -> b.userName(n));
            admin.tagUser(b -> b.userName(n).tags(t -> t.key("k").value("v")));
        }
        Map<String, String> afterAlpha = settledRowVersions();
        for (int i = 0; i < 10; i++) {
            String n = "mr-beta-" + i;
            beta.createUser(b -> b.userName(n));
            beta.tagUser(b -> b.userName(n).tags(t -> t.key("k").value("v")));
        }
        Map<String, String> afterBeta = settledRowVersions();
        Set<String> updatedByAlpha = updated(before, afterAlpha);
        Set<String> updatedByBeta = updated(afterAlpha, afterBeta);
        System.out.printf("Rows updated by 20 writes in account %s: %s; by 20 in %s: %s%n", Aws.ALPHA, updatedByAlpha,
                Aws.BETA, updatedByBeta);
        Set<String> shared = new HashSet<>(updatedByAlpha);
        shared.retainAll(updatedByBeta);
        assertEquals(Set.of(), shared, "rows that writes in both accounts updated (a global hot spot)");
    }

    @Test
    @Order(2)
    void keyPolicyAndTrustChangesOnReplicaOneAreHonouredByTheOthersWithinOneSecond() {
        AccessKey second = admin.createAccessKey(b -> b.userName(USER)).accessKey();
        AwsBasicCredentials secondKey = AwsBasicCredentials.create(second.accessKeyId(), second.secretAccessKey());
        propagation("access key deleted", BOUND, url -> canList(url, secondKey), true,
                () -> admin.deleteAccessKey(b -> b.userName(USER).accessKeyId(second.accessKeyId())));
        propagation("Deny policy added", BOUND, url -> canList(url, key), true,
                () -> admin.putUserPolicy(b -> b.userName(USER).policyName("deny").policyDocument(DENY_LIST)));
        propagation("Deny policy removed", BOUND, url -> canList(url, key), false,
                () -> admin.deleteUserPolicy(b -> b.userName(USER).policyName("deny")));
        propagation("trust policy narrowed", BOUND, url -> canAssume(url, key), true,
                () -> admin.updateAssumeRolePolicy(b -> b.roleName(ROLE).policyDocument(
                        StsFixtures.trust(StsFixtures.q("arn:aws:iam::" + Aws.BETA + ":root"), null, null))));
        propagation("trust policy restored", BOUND, url -> canAssume(url, key), false,
                () -> admin.updateAssumeRolePolicy(b -> b.roleName(ROLE).policyDocument(trust)));
    }

    @Test
    @Order(3)
    void aRevocationOnReplicaOneIsHonouredByTheOthersWithinFiveSeconds() {
        AwsSessionCredentials session = assume(r1, "revoked");
        propagation("session revoked", REVOCATION_BOUND, url -> canList(url, session), true, () -> {
            RevocationCalls.Reply r = new RevocationCalls(r1, Aws.ALPHA_ADMIN)
                    .revokeSession("AccessKeyId", session.accessKeyId());
            assertEquals(200, r.status(), r.toString());
        });
        assertTrue(!canList(r1, session), "the replica that revoked refuses at once");
    }

    @Test
    @Order(4)
    void credentialsIssuedByAnyReplicaAreAcceptedByAll() {
        for (int round = 0; round < 3; round++) {
            crossAccepted();
        }
    }

    @Test
    @Order(5)
    void signingKeysRotateWhileTheReplicasRunAndTokensOfTheNewAndTheOldKeyAreAcceptedByAll() {
        AwsSessionCredentials old = assume(r1, "before-rotation");
        String oldKid = kid(old);
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        Map<URL, String> signing;
        int rounds = 0;
        do {
            signing = crossAccepted();
            rounds++;
            LocalProcesses.sleep(500);
        } while (signing.containsValue(oldKid) && System.nanoTime() < deadline);
        System.out.printf("Signing key rotation while the replicas ran: the old key %s, after %d rounds of cross"
                + " acceptance each replica signs with %s; JWKS of replica 1: %s%n", oldKid, rounds, signing.values(),
                kids(r1));
        for (String kid : signing.values()) {
            assertNotEquals(oldKid, kid, "a replica still signs with the old key 45 s later: " + signing);
        }
        for (URL verifier : all) { // every replica's new-key tokens were accepted by all in crossAccepted
            assertTrue(canList(verifier, old), "a token of the old key refused by " + verifier);
            assertTrue(kids(verifier).containsAll(Set.of(oldKid, signing.get(r1))), "JWKS of " + verifier);
        }
    }

    @Test
    @Order(6)
    void aReplicaKilledDuringWritesLosesNothingAcknowledged() {
        GatewayProcess victim = replicas.get(2);
        Queue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicBoolean killed = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            String prefix = "mr-kill-" + w + "-";
            Thread t = new Thread(() -> {
                IamClient iam = Aws.iam(victim.url(), Aws.ALPHA_ADMIN);
                for (int i = 0; i < 10_000; i++) {
                    String name = prefix + i;
                    try {
                        iam.createUser(b -> b.userName(name));
                        acknowledged.add(name);
                    } catch (SdkClientException | AwsServiceException e) {
                        if (!killed.get()) {
                            throw e;
                        }
                        return;
                    }
                }
            });
            t.start();
            writers.add(t);
        }
        long start = System.nanoTime();
        while (acknowledged.size() < 60 && System.nanoTime() - start < Duration.ofSeconds(20).toNanos()) {
            LocalProcesses.sleep(5);
        }
        killed.set(true);
        victim.kill();
        for (Thread t : writers) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> lost = new ArrayList<>();
        for (String name : acknowledged) {
            try {
                admin.getUser(b -> b.userName(name)); // through replica 1
            } catch (NoSuchEntityException e) {
                lost.add(name);
            }
        }
        System.out.printf("SIGKILL of a replica during writes: %d users acknowledged, %d of them lost%n",
                acknowledged.size(), lost.size());
        assertTrue(acknowledged.size() >= 20, "too few writes before the kill: " + acknowledged.size());
        assertEquals(List.of(), lost);
    }

    @Test
    @Order(7)
    void aPostgresqlRestartIsRiddenOutByWarmReadsAndRefusedWritesThenChangesFlowAgain() throws IOException {
        List<URL> alive = List.of(r1, others.get(0));
        Map<URL, AwsSessionCredentials> warm = new LinkedHashMap<>();
        for (URL url : alive) {
            warm.put(url, assume(url, "warm"));
            assertTrue(canList(url, warm.get(url)), "warm session on " + url);
        }
        pg.stop();
        long outage = System.nanoTime();
        String duringOutage = "during-outage-" + System.nanoTime() % 100_000;
        for (int round = 1; round <= 2; round++) { // at once, and after the pool and the journal have retried
            for (URL url : alive) {
                long t0 = System.nanoTime();
                String name = duringOutage + "-" + round;
                AwsSessionCredentials s = assume(url, name); // from cache; its audit event is spooled
                assertEquals(ROLE_ARN.replace(":iam::", ":sts::").replace(":role/", ":assumed-role/") + "/" + name,
                        sts(url, s).getCallerIdentity().arn(), "a session issued during the outage on " + url);
                sts(url, warm.get(url)).getCallerIdentity();
                System.out.printf("During the PostgreSQL outage (%d ms in) %s served AssumeRole and GetCallerIdentity"
                        + " (twice) in %d ms%n", Duration.ofNanos(t0 - outage).toMillis(), url,
                        Duration.ofNanos(System.nanoTime() - t0).toMillis());
            }
            if (round == 1) {
                LocalProcesses.sleep(3000);
            }
        }
        long refusedAt = System.nanoTime();
        IamException refused = assertThrows(IamException.class,
                () -> admin.createUser(b -> b.userName("mr-during-outage")));
        // (IAM List* calls read the database too, and are refused the same way)
        assertEquals(503, refused.statusCode(), refused.getMessage());
        assertEquals("ServiceUnavailable", refused.awsErrorDetails().errorCode());
        assertEquals("The request has failed due to a temporary failure of the server.",
                refused.awsErrorDetails().errorMessage());
        String body = new String(refused.awsErrorDetails().rawResponse().asByteArray(), StandardCharsets.UTF_8);
        assertTrue(!body.contains("Exception") && !body.contains("\tat "), "no stack trace: " + body);
        System.out.printf("During the outage a write was refused (ServiceUnavailable) in %d ms%n",
                Duration.ofNanos(System.nanoTime() - refusedAt).toMillis());
        pg.start();
        long back = System.nanoTime();
        System.out.printf("PostgreSQL was down for %d ms%n", Duration.ofNanos(back - outage).toMillis());
        while (!succeeds(() -> {
            try {
                admin.createUser(b -> b.userName("mr-after-outage"));
            } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException committedBeforeAFailedReply) {
                // an earlier attempt committed
            }
        })) {
            assertTrue(System.nanoTime() - back < Duration.ofSeconds(30).toNanos(), "writes did not recover");
            LocalProcesses.sleep(200);
        }
        System.out.printf("Writes accepted again %d ms after PostgreSQL was back%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        LocalProcesses.sleep(1500); // the change feed's reconnect (it retries every 500 ms)
        propagation("Deny policy added after the restart", BOUND, url -> canList(url, key), true,
                () -> admin.putUserPolicy(b -> b.userName(USER).policyName("deny").policyDocument(DENY_LIST)),
                List.of(others.get(0)));
        propagation("Deny policy removed after the restart", BOUND, url -> canList(url, key), false,
                () -> admin.deleteUserPolicy(b -> b.userName(USER).policyName("deny")), List.of(others.get(0)));

        // the calls answered during the outage are in the trail
        CloudTrailClient trail = CloudTrailClient.builder().endpointOverride(Aws.endpoint(r1))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        Aws.ALPHA_ADMIN))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
        long seen = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen < 2L * alive.size() && System.nanoTime() < deadline) {
            seen = trail.lookupEvents(b -> b.maxResults(50).lookupAttributes(a -> a
                            .attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("AssumeRole"))).events().stream()
                    .filter(e -> e.cloudTrailEvent().contains(duringOutage)).count();
            LocalProcesses.sleep(200);
        }
        assertEquals(2L * alive.size(), seen, "AssumeRole events of the outage in the trail");
    }

    /**
     * Warms the read on each replica, makes the write on replica 1 and, from its acknowledgement (the commit), polls
     * the replicas in parallel (every 20 ms) until each answers differently; asserts and records each replica's time
     * from the acknowledgement to the first changed answer (an upper bound: it includes up to one poll's round trip).
     */
    private void propagation(String change, Duration bound, Predicate<URL> read, boolean before, Runnable write) {
        propagation(change, bound, read, before, write, others);
    }

    private void propagation(String change, Duration bound, Predicate<URL> read, boolean before, Runnable write,
                             List<URL> replicas) {
        long roundTrip = 0;
        for (URL url : replicas) {
            assertEquals(before, read.test(url), change + ": before, on " + url);
            long t0 = System.nanoTime();
            assertEquals(before, read.test(url), change + ": before, on " + url);
            roundTrip = Math.max(roundTrip, Duration.ofNanos(System.nanoTime() - t0).toMillis());
        }
        write.run();
        long start = System.nanoTime();
        List<CompletableFuture<Long>> polls = replicas.stream().map(url -> CompletableFuture.supplyAsync(() -> {
            while (read.test(url) == before) {
                if (System.nanoTime() - start > bound.multipliedBy(3).toNanos()) {
                    return -1L;
                }
                LocalProcesses.sleep(20);
            }
            return Duration.ofNanos(System.nanoTime() - start).toMillis();
        })).toList();
        List<Long> times = polls.stream().map(CompletableFuture::join).toList();
        measured.add(change + ": " + times + " ms (one warm read " + roundTrip + " ms)");
        System.out.println("Propagation to the other replicas, " + measured.get(measured.size() - 1));
        for (long t : times) {
            assertTrue(t >= 0 && t < bound.toMillis(), change + " took " + times + " ms (-1: not within "
                    + bound.multipliedBy(3).toMillis() + " ms); bound " + bound.toMillis() + " ms");
        }
    }

    /** A session issued by each replica, verified by each; answers the key id each replica signed with. */
    private Map<URL, String> crossAccepted() {
        Map<URL, String> kids = new LinkedHashMap<>();
        for (URL issuer : all) {
            AwsSessionCredentials session = assume(issuer, "cross");
            kids.put(issuer, kid(session));
            for (URL verifier : all) {
                assertTrue(canList(verifier, session), "a session issued by " + issuer + " (key " + kid(session)
                        + ") refused by " + verifier);
            }
        }
        return kids;
    }

    private AwsSessionCredentials assume(URL url, String sessionName) {
        return Aws.session(sts(url, key).assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName(sessionName))
                .credentials());
    }

    /** The key id in the session token's JWS header. */
    private static String kid(AwsSessionCredentials session) {
        String header = new String(Base64.getUrlDecoder().decode(session.sessionToken().split("\\.")[0]),
                StandardCharsets.UTF_8);
        Matcher m = KID.matcher(header);
        assertTrue(m.find(), header);
        return m.group(1);
    }

    private boolean canList(URL url, AwsCredentials who) {
        return succeeds(() -> iam(url, who).listRoles(b -> b.maxItems(1)));
    }

    private boolean canAssume(URL url, AwsCredentials who) {
        return succeeds(() -> sts(url, who).assumeRole(b -> b.roleArn(ROLE_ARN).roleSessionName("mr")));
    }

    /** One client per replica and credentials: a poll costs a request, not a client. */
    private IamClient iam(URL url, AwsCredentials who) {
        return iamClients.computeIfAbsent(url + " " + who.accessKeyId(), k -> Aws.iam(url, who));
    }

    private StsClient sts(URL url, AwsCredentials who) {
        return stsClients.computeIfAbsent(url + " " + who.accessKeyId(), k -> Aws.sts(url, who));
    }

    /** False for a refusal (403), a missing entity or ServiceUnavailable (503); anything else fails the test. */
    private static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (NoSuchEntityException e) {
            return false;
        } catch (SdkServiceException e) {
            if (e.statusCode() != 403 && e.statusCode() != 503) {
                throw e;
            }
            return false;
        }
    }

    /**
     * Every row of every table by primary key, with the transaction id that last wrote it (xmin); the tables the
     * gateway's own housekeeping writes (key rotation, schema history) are left out.
     */
    /** The row versions once they stop changing (the audit trail's background chaining has caught up). */
    private Map<String, String> settledRowVersions() throws SQLException {
        Map<String, String> last = rowVersions();
        for (int i = 0; i < 40; i++) {
            LocalProcesses.sleep(300);
            Map<String, String> now = rowVersions();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }

    private Map<String, String> rowVersions() throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement s = c.createStatement()) {
            Map<String, String> keys = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT t.relname, string_agg(a.attname, ',' ORDER BY a.attnum)"
                    + " FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid ="
                    + " t.relnamespace JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey)"
                    + " WHERE i.indisprimary AND n.nspname = 'public' GROUP BY t.relname")) {
                while (rs.next()) {
                    keys.put(rs.getString(1), rs.getString(2));
                }
            }
            keys.keySet().removeAll(Set.of("signing_keys", "server_secrets", "flyway_schema_history"));
            for (Map.Entry<String, String> t : keys.entrySet()) {
                try (ResultSet rs = s.executeQuery("SELECT (" + t.getValue() + ")::text, xmin::text FROM "
                        + t.getKey())) {
                    while (rs.next()) {
                        rows.put(t.getKey() + " " + rs.getString(1), rs.getString(2));
                    }
                }
            }
        }
        return rows;
    }

    /** The rows present before whose writer changed (updated, not inserted). */
    private static Set<String> updated(Map<String, String> before, Map<String, String> after) {
        Set<String> out = new HashSet<>();
        before.forEach((row, xmin) -> {
            String now = after.get(row);
            if (now != null && !now.equals(xmin)) {
                out.add(row);
            }
        });
        return out;
    }

    private static final Pattern KID = Pattern.compile("\"kid\"\\s*:\\s*\"([^\"]+)\"");

    private static Set<String> kids(URL gateway) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(Aws.endpoint(gateway)
                            + "/.well-known/jwks.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            Set<String> out = new HashSet<>();
            Matcher m = KID.matcher(r.body());
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An embedded PostgreSQL on a fixed data directory and port, so it can be stopped and started again. */
    private static final class Postgres {
        private final Path data;
        private final int port;
        private io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;

        Postgres(Path data, int port) {
            this.data = data;
            this.port = port;
        }

        void start() throws IOException {
            pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().setDataDirectory(data)
                    .setCleanDataDirectory(false).setPort(port).start();
        }

        void stop() throws IOException {
            if (pg != null) {
                pg.close();
                pg = null;
            }
        }
    }
}
