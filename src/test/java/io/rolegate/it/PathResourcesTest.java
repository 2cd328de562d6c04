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
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * src/test/resources/api/path-resources.yaml: a Deny on user/secure/* and role/secure/* covers every action on a
 * user or role created under /secure/, because each is authorized against the ARN with its path.
 */
@QuarkusTest
class PathResourcesTest {
    private static final String DENY_SECURE = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":[\"arn:aws:iam::111111111111:user/secure/*\","
            + "\"arn:aws:iam::111111111111:role/secure/*\"]}]}";
    private static AwsBasicCredentials operator;
    private static Map<String, String> values;

    @TestHTTPResource("/")
    URL base;
    @Inject
    Gateway gateway;

    record Row(String action, String resource, Map<String, String> params) {
        @Override
        public String toString() {
            return action;
        }
    }

    @BeforeEach
    void fixtures() {
        if (operator != null) {
            return;
        }
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.createUser(b -> b.userName("rp-user").path("/secure/"));
        String key = admin.createAccessKey(b -> b.userName("rp-user")).accessKey().accessKeyId();
        admin.createRole(b -> b.roleName("rp-role").path("/secure/").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"111111111111\"},\"Action\":\"sts:AssumeRole\"}}"));
        String policy = admin.createPolicy(b -> b.policyName("rp-policy").policyDocument("{\"Version\":\"2012-10-17\","
                + "\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}")).policy().arn();
        operator = StsFixtures.user(base, Aws.ALPHA_ADMIN, "rp-operator", DENY_SECURE);
        values = Map.of("{user}", "rp-user", "{role}", "rp-role", "{key}", key, "{policy}", policy);
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = PathResourcesTest.class.getResourceAsStream("/api/path-resources.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            for (JsonNode c : root.get("cases")) {
                Map<String, String> params = new LinkedHashMap<>();
                c.get("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
                out.add(Arguments.of(new Row(c.get("action").asText(), root.get(c.get("resource").asText()).asText(), params)));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theDenyOnThePathCoversTheAction(Row row) {
        Map<String, String> params = new LinkedHashMap<>();
        row.params().forEach((k, v) -> {
            String value = v;
            for (Map.Entry<String, String> e : values.entrySet()) {
                value = value.replace(e.getKey(), e.getValue());
            }
            params.put(k, value);
        });
        String service = gateway.table().peek(row.action()).service().prefix;
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> new QueryReplay(base, operator, Region.US_EAST_1).send(service, row.action(), params), row.action());
        assertEquals("AccessDenied", e.awsErrorDetails().errorCode(), e.awsErrorDetails().errorMessage());
        assertEquals("User: arn:aws:iam::111111111111:user/rp-operator is not authorized to perform: " + service + ":"
                        + row.action() + " on resource: " + row.resource() + " with an explicit deny in an identity-based policy",
                e.awsErrorDetails().errorMessage());
    }

    @Test
    void theSameActionsOnAUserOutsideThePathAreAllowed() {
        Aws.iam(base, Aws.ALPHA_ADMIN).createUser(b -> b.userName("rp-open"));
        IamClient op = Aws.iam(base, operator);
        String key = op.createAccessKey(b -> b.userName("rp-open")).accessKey().accessKeyId();
        assertEquals("rp-open", op.getAccessKeyLastUsed(b -> b.accessKeyId(key)).userName());
        op.tagUser(b -> b.userName("rp-open").tags(t -> t.key("k").value("v")));
    }
}
