package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.audit.Digests;
import io.rolegate.audit.VerifyTrail;
import io.rolegate.cli.Commands;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.rolegate.it.AuditTrailTest.attribute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Break-glass is audited: the operator commands {@code account create}, {@code admin recover} and
 * {@code sessions revoke} (run here in the application, as the jar runs them) leave CloudTrail events in the account's
 * trail, readable through LookupEvents, chained and covered by a verifying digest, and without the secret they hand
 * out.
 */
@QuarkusTest
class OperatorAuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;
    @Inject
    Digests digests;

    /** Runs an operator command as the jar would; what it printed on stdout is returned with the status. */
    private static String command(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            int status = Arc.container().instance(Commands.class).get().run(args);
            return status + "\n" + printed.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void breakGlassRecoveryIsAnOperatorEventInTheAccountsChainWithoutTheSecret() throws Exception {
        String account = "4" + String.format("%011d", new SecureRandom().nextLong(100_000_000_000L));
        Path dir = Files.createTempDirectory("operator-audit");
        Path created = dir.resolve("created");
        Path recovered = dir.resolve("recovered");
        String createdOut = command("account", "create", "--id", account, "--credentials-file", created.toString());
        assertTrue(createdOut.startsWith("0\n"), createdOut);
        AwsBasicCredentials first = (AwsBasicCredentials) OperatorCommandsIT.credentialsFile(created);
        String recoveredOut = command("admin", "recover", "--account", account, "--delete-old",
                "--credentials-file", recovered.toString());
        assertTrue(recoveredOut.startsWith("0\n"), recoveredOut);
        AwsBasicCredentials fresh = (AwsBasicCredentials) OperatorCommandsIT.credentialsFile(recovered);

        Aws.iam(base, fresh).createRole(b -> b.roleName("Revoked").assumeRolePolicyDocument(StsFixtures.trust(
                StsFixtures.q("arn:aws:iam::" + account + ":root"), null, null)));
        String revokedOut = command("sessions", "revoke", "--account", account, "--role", "Revoked");
        assertTrue(revokedOut.startsWith("0\n"), revokedOut);

        List<Event> events = AuditTrailTest.cloudTrail(base, fresh).lookupEvents(b -> b.lookupAttributes(
                attribute(LookupAttributeKey.EVENT_SOURCE, "operator.rolegate.io"))).events();
        assertEquals(List.of("RevokeSessions", "RecoverAdminAccessKey", "CreateAccount"),
                events.stream().map(Event::eventName).toList());
        JsonNode revoked = JSON.readTree(events.get(0).cloudTrailEvent());
        assertEquals("Revoked", revoked.path("requestParameters").path("roleName").asText());
        assertEquals("ROLE", revoked.path("responseElements").path("kind").asText());
        JsonNode e = JSON.readTree(events.get(1).cloudTrailEvent());
        assertEquals("RolegateOperator", e.path("userIdentity").path("type").asText());
        assertEquals(System.getProperty("user.name"), e.path("userIdentity").path("userName").asText());
        assertEquals(account, e.path("recipientAccountId").asText());
        assertEquals("admin", e.path("requestParameters").path("userName").asText());
        assertEquals("DELETE", e.path("requestParameters").path("oldKeys").asText());
        assertEquals(fresh.accessKeyId(), e.path("responseElements").path("accessKeyId").asText());
        assertEquals(first.accessKeyId(), e.path("responseElements").path("deletedAccessKeyIds").get(0).asText());
        assertFalse(e.path("readOnly").asBoolean());
        assertEquals(System.getProperty("user.name"), events.get(1).username()); // the operator, not the admin
        for (Event ev : events) {
            assertFalse(ev.cloudTrailEvent().contains(fresh.secretAccessKey()), "the new secret is in the trail");
            assertFalse(ev.cloudTrailEvent().contains(first.secretAccessKey()), "the first secret is in the trail");
        }
        assertFalse(recoveredOut.contains(fresh.secretAccessKey()), "the secret went to the file only");

        // in the account's hash chain, under a signed digest that verifies
        digests.digestEndedHours(Instant.now().plus(2, ChronoUnit.HOURS));
        String chain = AuditTrailTest.export(base, fresh, "/v1/audit/events");
        String signed = AuditTrailTest.export(base, fresh, "/v1/audit/digests");
        assertTrue(chain.lines().anyMatch(l -> l.contains("\"eventID\":\"" + e.path("eventID").asText() + "\"")), chain);
        assertEquals(List.of(), VerifyTrail.verify(chain.lines().toList(), signed.lines().toList(),
                AuditTrailTest.jwks(base)));
    }
}
