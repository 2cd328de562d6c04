package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

import java.io.IOException;
import java.net.URL;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code aws cloudtrail lookup-events} (Debian's AWS CLI v2) and boto3's LookupEvents paginator against the gateway
 * with an endpoint override: lookup attributes, a time range, pagination with --page-size / --max-items /
 * --starting-token (the CLI's own token around our NextToken), and each account seeing only its own events.
 */
@QuarkusTest
class CloudTrailCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    AwsCli cli;

    @BeforeEach
    void cli() {
        cli = AwsCli.withProfiles(base, java.util.Map.of("alpha", Aws.ALPHA_ADMIN, "beta", Aws.BETA_ADMIN));
    }

    private JsonNode lookup(String profile, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("cloudtrail", "lookup-events"));
        all.addAll(List.of(args));
        AwsCli.Run r = cli.run(profile, all.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.stderr());
        return JSON.readTree(r.stdout());
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("Events").forEach(e -> ids.add(e.path("EventId").asText()));
        return ids;
    }

    @Test
    void theCliLooksUpByAttributeTimeRangeAndPagesAndSeesOnlyItsAccount() throws IOException {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String userName = StsFixtures.name("trailed");
        AwsBasicCredentials user = StsFixtures.user(base, Aws.ALPHA_ADMIN, userName, null); // CreateUser, CreateAccessKey
        for (int i = 0; i < 3; i++) {
            String k = "k" + i;
            Aws.iam(base, Aws.ALPHA_ADMIN).tagUser(b -> b.userName(userName).tags(t -> t.key(k).value("v")));
        }
        Aws.sts(base, user).getCallerIdentity();
        String byResource = "AttributeKey=ResourceName,AttributeValue=" + userName;

        // --max-items 2: pages of two, the CLI's NextToken carried by --starting-token, no event twice
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        do {
            List<String> args = new ArrayList<>(List.of("--lookup-attributes", byResource, "--page-size", "2",
                    "--max-items", "2"));
            if (token != null) {
                args.addAll(List.of("--starting-token", token));
            }
            JsonNode page = lookup("alpha", args.toArray(String[]::new));
            List<String> ids = ids(page);
            assertTrue(ids.size() <= 2, page.toString());
            ids.forEach(id -> assertTrue(seen.add(id), "repeated " + id));
            token = page.path("NextToken").isTextual() ? page.path("NextToken").asText() : null;
            pages++;
        } while (token != null && pages < 10);
        assertEquals(5, seen.size(), "CreateUser, CreateAccessKey and three TagUser: " + seen);
        assertEquals(3, pages);

        // by event name within the time range; nothing in a range before the calls
        JsonNode tags = lookup("alpha", "--lookup-attributes", "AttributeKey=EventName,AttributeValue=TagUser",
                "--start-time", before.toString(), "--end-time", Instant.now().plusSeconds(5).toString());
        long ours = 0;
        for (JsonNode e : tags.path("Events")) {
            assertEquals("TagUser", e.path("EventName").asText());
            // the CLI prints timestamps as ISO 8601 with an offset
            assertTrue(!OffsetDateTime.parse(e.path("EventTime").asText()).toInstant().isBefore(before), e.toString());
            ours += e.path("Resources").findValuesAsText("ResourceName").contains(userName) ? 1 : 0;
        }
        assertEquals(3, ours, tags.toString());
        assertEquals(0, lookup("alpha", "--lookup-attributes", byResource, "--start-time",
                before.minusSeconds(3600).toString(), "--end-time", before.minusSeconds(1800).toString())
                .path("Events").size());

        // by the access key id the user signed with: its GetCallerIdentity, under its name
        JsonNode own = lookup("alpha", "--lookup-attributes", "AttributeKey=AccessKeyId,AttributeValue=" + user.accessKeyId());
        assertEquals(1, own.path("Events").size(), own.toString());
        assertEquals("GetCallerIdentity", own.path("Events").get(0).path("EventName").asText());
        assertEquals(userName, own.path("Events").get(0).path("Username").asText());

        // beta sees none of alpha's events
        assertEquals(0, lookup("beta", "--lookup-attributes", byResource).path("Events").size());
        assertEquals(0, lookup("beta", "--lookup-attributes", "AttributeKey=AccessKeyId,AttributeValue="
                + user.accessKeyId()).path("Events").size());

        // boto3's paginator, pages of two: the same five events
        PythonExampleTest.Run py = PythonExampleTest.script("src/test/resources/cloudtrail/lookup_events.py",
                Aws.endpoint(base).toString(), Aws.ALPHA_ADMIN.accessKeyId(), Aws.ALPHA_ADMIN.secretAccessKey(),
                "ResourceName", userName, "2");
        assertEquals(0, py.exitCode(), py.out());
        assertTrue(py.out().endsWith("events: 5\n"), py.out());
        assertEquals(3, py.out().lines().filter(l -> l.startsWith("page ")).count(), py.out());
        for (String id : seen) {
            assertTrue(py.out().contains(id), id + " not paged by boto3: " + py.out());
        }
    }
}
