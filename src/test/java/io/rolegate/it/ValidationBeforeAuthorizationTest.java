package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.api.Gateway;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The table src/test/resources/api/validation-before-authorization.yaml: a principal allowed nothing sends each
 * action with one malformed member and gets the validation error (never AccessDenied); the same principal's
 * well-formed requests are denied; and every action of the gateway has a row.
 */
@QuarkusTest
class ValidationBeforeAuthorizationTest {
    private static final String TABLE = "/api/validation-before-authorization.yaml";
    private static AwsBasicCredentials nobody;

    @TestHTTPResource("/")
    URL base;
    @Inject
    Gateway gateway;

    record Row(String action, Map<String, String> params, String badValue, String code, String message) {
        @Override
        public String toString() {
            return action + " " + params.keySet();
        }
    }

    @BeforeEach
    void fixtures() {
        if (nobody != null) {
            return;
        }
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.createUser(b -> b.userName("vba-u"));
        admin.createGroup(b -> b.groupName("vba-g"));
        admin.createRole(b -> b.roleName("vba-r").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}}"));
        admin.createPolicy(b -> b.policyName("vba-p").policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"));
        nobody = StsFixtures.user(base, Aws.ALPHA_ADMIN, "vba-nobody", null);
    }

    static JsonNode table() throws IOException {
        try (InputStream in = ValidationBeforeAuthorizationTest.class.getResourceAsStream(TABLE)) {
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        return rows("cases").stream().map(Arguments::of);
    }

    static Stream<Arguments> controls() throws IOException {
        return rows("controls").stream().map(Arguments::of);
    }

    private static List<Row> rows(String section) throws IOException {
        List<Row> out = new ArrayList<>();
        for (JsonNode c : table().get(section)) {
            Map<String, String> params = new LinkedHashMap<>();
            if (c.has("params")) {
                c.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            String badValue = null;
            if (c.has("bad")) {
                var bad = c.get("bad").fields().next();
                badValue = bad.getValue().asText();
                c.get("bad").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
            }
            String code = c.hasNonNull("code") ? c.get("code").asText() : section.equals("cases") ? "ValidationError" : "AccessDenied";
            String message = c.hasNonNull("message") ? c.get("message").asText()
                    : c.has("member") ? "1 validation error detected: Value '" + badValue + "' at '" + c.get("member").asText()
                    + "' failed to satisfy constraint: " + c.get("constraint").asText() : null;
            out.add(new Row(c.get("action").asText(), params, badValue, code, message));
        }
        return out;
    }

    private AwsServiceException send(Row row) {
        String service = gateway.table().peek(row.action()).service().prefix;
        QueryReplay replay = new QueryReplay(base, nobody, Region.US_EAST_1);
        return assertThrows(AwsServiceException.class, () -> replay.send(service, row.action(), row.params()), row.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedIsAValidationErrorBeforeAnyAuthorization(Row row) {
        AwsServiceException e = send(row);
        assertEquals(row.code(), e.awsErrorDetails().errorCode(), row + ": " + e.awsErrorDetails().errorMessage());
        assertEquals(row.message(), e.awsErrorDetails().errorMessage(), row.toString());
        assertEquals(400, e.statusCode(), row.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("controls")
    void wellFormedIsDenied(Row row) {
        AwsServiceException e = send(row);
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), row + ": " + e.awsErrorDetails().errorMessage());
    }

    @Test
    void everyActionHasARow() throws IOException {
        Set<String> covered = new TreeSet<>();
        table().get("cases").forEach(c -> covered.add(c.get("action").asText()));
        table().get("noParameters").forEach(n -> covered.add(n.asText()));
        Set<String> missing = new TreeSet<>(gateway.table().all().keySet());
        missing.removeAll(covered);
        assertEquals(Set.of(), missing, "actions without a validation-before-authorization row");
    }
}
