package io.rolegate.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator commands of README "Operations", run as an operator runs them (java -jar quarkus-run.jar COMMAND, a
 * separate process with the gateway's configuration) beside the running packaged gateway, whose answers to the AWS
 * SDK then show the change; and the safe defaults of a production start (issuer, file modes, master key messages).
 */
class OperatorCommandsIT {
    private static final String TRUST_ALPHA = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + Aws.ALPHA + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
    /** A change made by a command reaches the running gateway's caches within the store poll interval (2 s). */
    private static final long PROPAGATION_MILLIS = 10_000;

    private static String key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return Base64.getEncoder().encodeToString(k);
    }

    static AwsCredentials credentialsFile(Path file) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        return AwsBasicCredentials.create(p.getProperty("aws_access_key_id").trim(),
                p.getProperty("aws_secret_access_key").trim());
    }

    private static String callerAccount(URL url, AwsCredentials c) {
        try (var sts = Aws.sts(url, c)) {
            return sts.getCallerIdentity().account();
        }
    }

    /** Retries until the running gateway shows what a command changed (its caches follow the store). */
    private static void eventually(String what, Supplier<Boolean> check) {
        long deadline = System.currentTimeMillis() + PROPAGATION_MILLIS;
        while (!check.get()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError(what);
            }
            LocalProcesses.sleep(200);
        }
    }

    private static boolean refused(URL url, AwsCredentials c) {
        try {
            callerAccount(url, c);
            return false;
        } catch (StsException e) {
            return true;
        }
    }

    @Test
    void accountCreatedBreakGlassAndSessionsRevokedOnARunningGateway() throws IOException {
        try (GatewayProcess gateway = GatewayProcess.on("ops-commands", GatewayProcess.Store.h2()).start()) {
            URL url = gateway.url();

            // account create: a new account and its admin, key written once to an owner-only file
            Path creds = gateway.dataDir().resolveSibling("ops-commands-444.credentials");
            Files.deleteIfExists(creds);
            var created = gateway.command("account", "create", "--id", "444444444444", "--alias", "gamma",
                    "--credentials-file", creds.toString());
            assertEquals(0, created.status(), created.stderr());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(creds)));
            assertFalse(created.stdout().contains("aws_secret_access_key"), "the secret went to the file only");
            AwsCredentials gamma = credentialsFile(creds);
            assertEquals("444444444444", callerAccount(url, gamma));
            try (IamClient iam = Aws.iam(url, gamma)) {
                iam.createUser(b -> b.userName("deploy")); // the admin has full rights in its account
            }
            var again = gateway.command("account", "create", "--id", "444444444444");
            assertEquals(1, again.status());
            assertTrue(again.stderr().contains("exists already"), again.stderr());

            // admin recover: a new key for the admin, the old ones deactivated, logged at WARN
            var recovered = gateway.command("admin", "recover", "--account", "444444444444", "--deactivate-old");
            assertEquals(0, recovered.status(), recovered.stderr());
            assertTrue(recovered.stderr().contains("WARN") && recovered.stderr().contains("Break-glass"), recovered.stderr());
            Path recoveredFile = Files.writeString(gateway.dataDir().resolveSibling("ops-commands-recovered"),
                    recovered.stdout().substring(recovered.stdout().indexOf('[')));
            AwsCredentials fresh = credentialsFile(recoveredFile);
            assertFalse(recovered.stderr().contains(((AwsBasicCredentials) fresh).secretAccessKey()), "no secret in the log");
            assertEquals("444444444444", callerAccount(url, fresh));
            eventually("the deactivated admin key is refused", () -> refused(url, gamma));
            // both commands are in the account's audit trail (a separate process wrote them into the same chain)
            assertEquals(List.of("RecoverAdminAccessKey", "CreateAccount"), AuditTrailTest.cloudTrail(url, fresh)
                    .lookupEvents(b -> b.lookupAttributes(AuditTrailTest.attribute(
                            software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey.EVENT_SOURCE,
                            "operator.rolegate.io"))).events().stream().map(e -> e.eventName()).toList());

            // sessions revoke / list: the running gateway refuses the role's sessions
            String roleArn;
            try (IamClient iam = Aws.iam(url, Aws.ALPHA_ADMIN)) {
                roleArn = iam.createRole(b -> b.roleName("OpsTarget").assumeRolePolicyDocument(TRUST_ALPHA)).role().arn();
            }
            Credentials session;
            try (var sts = Aws.sts(url, Aws.ALPHA_ADMIN)) {
                session = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("s1")).credentials();
            }
            assertEquals(Aws.ALPHA, callerAccount(url, Aws.session(session)));
            var revoked = gateway.command("sessions", "revoke", "--account", Aws.ALPHA, "--role", "OpsTarget");
            assertEquals(0, revoked.status(), revoked.stderr());
            eventually("the revoked role session is refused", () -> refused(url, Aws.session(session)));
            var listed = gateway.command("sessions", "list");
            assertEquals(0, listed.status(), listed.stderr());
            assertTrue(listed.stdout().lines().anyMatch(l -> l.startsWith("ROLE\t" + Aws.ALPHA)), listed.stdout());

            var unknown = gateway.command("account", "create", "--id", "555555555555", "--admn", "x");
            assertEquals(2, unknown.status(), "a misspelt option is refused");
        }
    }

    @Test
    void safeDefaultsIssuerFileModesAndMasterKeyMessages() throws Exception {
        try (GatewayProcess gateway = GatewayProcess.on("ops-defaults", GatewayProcess.Store.h2()).start()) {
            assertEquals("http://localhost:" + gateway.baseUri().getPort(), issuer(gateway.baseUri()));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.dataDir())));
            try (var files = Files.list(gateway.dataDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
                }
            }
            gateway.stop();
            gateway.environment("ROLEGATE_PUBLIC_URL", "https://sts.example.com/").start();
            assertEquals("https://sts.example.com", issuer(gateway.baseUri()));
            gateway.stop();

            // a wrong (well-formed) key: one line saying so, a non-zero exit, no stack trace
            var wrong = gateway.property("rolegate.master-key", key(7)).startExpectingFailure();
            assertTrue(wrong.status() != 0);
            assertTrue(wrong.stdout().contains("Wrong master key"), wrong.stdout());
            assertFalse(wrong.stdout().contains("\tat "), "no stack trace:\n" + wrong.stdout());
            // not base64 of 32 bytes
            var bad = gateway.property("rolegate.master-key", "not-a-key").startExpectingFailure();
            assertTrue(bad.status() != 0);
            assertTrue(bad.stdout().contains("Invalid master key"), bad.stdout());
            assertFalse(bad.stdout().contains("\tat "), "no stack trace:\n" + bad.stdout());
            // the key file lost: a fresh key is generated, which does not open the store
            gateway.property("rolegate.master-key", "");
            Files.delete(gateway.dataDir().resolve("master.key"));
            var lost = gateway.startExpectingFailure();
            assertTrue(lost.stdout().contains("No master key"), lost.stdout());
        }
    }

    private static String issuer(URI base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                base.resolve("/.well-known/openid-configuration")).build(), HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body()).path("issuer").asText();
    }

    @Test
    void masterKeyRotationIsOnlineAndResumesAfterAnInterruption() {
        String oldKey = key(1);
        String newKey = key(2);
        try (GatewayProcess gateway = GatewayProcess.on("ops-rotation", GatewayProcess.Store.h2())
                .property("rolegate.master-key", oldKey).start()) {
            URL url = gateway.url();
            List<AccessKey> keys;
            try (IamClient iam = Aws.iam(url, Aws.ALPHA_ADMIN)) {
                for (int i = 0; i < 4; i++) {
                    iam.createUser(b -> b.userName("rot" + System.nanoTime()));
                }
                keys = iam.listUsers().users().stream().filter(u -> u.userName().startsWith("rot"))
                        .map(u -> iam.createAccessKey(b -> b.userName(u.userName())).accessKey()).toList();
            }
            // phase 2 of README's procedure: the new key seals, the old one still opens
            gateway.stop();
            gateway.property("rolegate.master-key", newKey).property("rolegate.master-key.previous", oldKey).start();

            URL served = gateway.url();
            var first = gateway.command("master-key", "rotate", "--batch-size", "2", "--limit", "3");
            assertEquals(3, first.status(), "interrupted: incomplete\n" + first.stdout() + first.stderr());
            assertTrue(first.stdout().contains("incomplete"), first.stdout());
            for (AccessKey k : keys) { // serving throughout, both keys accepted
                assertEquals(Aws.ALPHA, callerAccount(served, AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())));
            }
            var rest = gateway.command("master-key", "rotate", "--batch-size", "2");
            assertEquals(0, rest.status(), rest.stdout() + rest.stderr());
            assertTrue(rest.stdout().contains("access_keys.secret_sealed: re-sealed"), rest.stdout());
            assertTrue(rest.stdout().contains("every stored secret is sealed under key"), rest.stdout());
            var noop = gateway.command("master-key", "rotate");
            assertTrue(noop.stdout().contains("access_keys.secret_sealed: re-sealed 0 now"), "a finished rotation is not redone: " + noop.stdout());

            // phase 3: the old key is gone, and every secret still opens
            gateway.stop();
            gateway.property("rolegate.master-key.previous", "").start();
            for (AccessKey k : keys) {
                assertEquals(Aws.ALPHA, callerAccount(url = gateway.url(), AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey())));
            }
            assertEquals(Aws.ALPHA, callerAccount(url, Aws.ALPHA_ADMIN));
            gateway.stop();
            var old = gateway.property("rolegate.master-key", oldKey).startExpectingFailure();
            assertTrue(old.stdout().contains("Wrong master key"), "the old key opens nothing any more: " + old.stdout());
        }
    }

    @Test
    void backupOfARunningGatewayRestoresWorkingUsersKeysAndRoles() throws IOException {
        String masterKey = key(3);
        Path zip = LocalProcesses.target().resolve("gateway-runs/ops-backup.zip");
        Files.deleteIfExists(zip);
        AccessKey userKey;
        String roleArn;
        try (GatewayProcess gateway = GatewayProcess.on("ops-backup", GatewayProcess.Store.h2())
                .property("rolegate.master-key", masterKey).start()) {
            try (IamClient iam = Aws.iam(gateway.url(), Aws.ALPHA_ADMIN)) {
                iam.createUser(b -> b.userName("backed-up"));
                iam.putUserPolicy(b -> b.userName("backed-up").policyName("assume").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
                userKey = iam.createAccessKey(b -> b.userName("backed-up")).accessKey();
                roleArn = iam.createRole(b -> b.roleName("BackedUp").assumeRolePolicyDocument(TRUST_ALPHA)).role().arn();
            }
            var backup = gateway.command("backup", "--to", zip.toString());
            assertEquals(0, backup.status(), backup.stderr());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(zip)));
            try (IamClient iam = Aws.iam(gateway.url(), Aws.ALPHA_ADMIN)) {
                iam.createUser(b -> b.userName("after-backup"));
            }
        }
        try (GatewayProcess restored = GatewayProcess.on("ops-restored", GatewayProcess.Store.h2())
                .property("rolegate.master-key", masterKey)) {
            var r = restored.command("restore", "--from", zip.toString());
            assertEquals(0, r.status(), r.stdout() + r.stderr());
            assertEquals(1, restored.command("restore", "--from", zip.toString()).status(), "no silent overwrite");
            restored.start();
            AwsCredentials user = AwsBasicCredentials.create(userKey.accessKeyId(), userKey.secretAccessKey());
            assertEquals(Aws.ALPHA, callerAccount(restored.url(), user));
            try (var sts = Aws.sts(restored.url(), user)) {
                Credentials c = sts.assumeRole(b -> b.roleArn(roleArn).roleSessionName("restored")).credentials();
                assertEquals(Aws.ALPHA, callerAccount(restored.url(), Aws.session(c)));
            }
            try (IamClient iam = Aws.iam(restored.url(), Aws.ALPHA_ADMIN)) {
                assertThrows(software.amazon.awssdk.services.iam.model.NoSuchEntityException.class,
                        () -> iam.getUser(b -> b.userName("after-backup")));
                assertEquals("backed-up", iam.getUser(b -> b.userName("backed-up")).user().userName());
            }
        }
    }

    /** The same commands against PostgreSQL: a new account at once, a full rotation, and backup pointing to pg_dump. */
    @Test
    void commandsWorkOnPostgresql() throws IOException {
        try (var pg = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start();
             GatewayProcess gateway = GatewayProcess.on("ops-postgresql", GatewayProcess.Store.postgresql(
                     pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres")).property("rolegate.master-key", key(4))) {
            gateway.start();
            var created = gateway.command("account", "create", "--id", "666666666666");
            assertEquals(0, created.status(), created.stderr());
            Path file = Files.writeString(gateway.dataDir().resolveSibling("ops-postgresql-666"),
                    created.stdout().substring(created.stdout().indexOf('[')));
            AwsCredentials admin = credentialsFile(file);
            assertEquals("666666666666", callerAccount(gateway.url(), admin));

            gateway.stop();
            gateway.property("rolegate.master-key", key(5)).property("rolegate.master-key.previous", key(4)).start();
            var rotated = gateway.command("master-key", "rotate", "--batch-size", "3");
            assertEquals(0, rotated.status(), rotated.stdout() + rotated.stderr());
            gateway.stop();
            gateway.property("rolegate.master-key.previous", "").start();
            assertEquals("666666666666", callerAccount(gateway.url(), admin));

            var backup = gateway.command("backup", "--to", gateway.dataDir().resolve("pg.zip").toString());
            assertEquals(1, backup.status());
            assertTrue(backup.stderr().contains("pg_dump"), backup.stderr());
        }
    }
}
