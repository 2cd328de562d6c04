package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The validator's table of malformed documents (src/test/resources/policy/validation/malformed.yaml), replayed through
 * the IAM API with the AWS SDK: each bad document is refused with AWS's exact code and message, and leaves nothing
 * behind; each good one is accepted.
 */
@QuarkusTest
class MalformedDocumentsApiTest {
    private static final String TRUST_OK = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"111122223333\"},\"Action\":\"sts:AssumeRole\"}}";
    private static final String POLICY_OK = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}";

    @TestHTTPResource("/")
    URL base;

    record Case(int index, String name, String kind, String document, String code, String message) {
        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = MalformedDocumentsApiTest.class.getResourceAsStream("/policy/validation/malformed.yaml")) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            int i = 0;
            for (JsonNode c : root.get("cases")) {
                i++;
                out.add(Arguments.of(new Case(i, c.get("name").asText(), c.get("kind").asText(),
                        c.get("document").asText(), text(c, "code"), text(c, "message"))));
            }
        }
        return out.stream();
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void throughTheIamApi(Case c) {
        IamClient iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        String name = "mal-" + c.index();
        switch (c.kind()) {
            case "TRUST" -> {
                expect(c, () -> iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(c.document())));
                if (c.code() != null) {
                    assertTrue(iam.listRoles().roles().stream().noneMatch(r -> r.roleName().equals(name)), "nothing created");
                    iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(TRUST_OK));
                    expect(c, () -> iam.updateAssumeRolePolicy(b -> b.roleName(name).policyDocument(c.document())));
                    assertEquals(TRUST_OK, java.net.URLDecoder.decode(iam.getRole(b -> b.roleName(name)).role()
                            .assumeRolePolicyDocument(), java.nio.charset.StandardCharsets.UTF_8), "unchanged");
                }
            }
            case "MANAGED" -> {
                expect(c, () -> iam.createPolicy(b -> b.policyName(name).policyDocument(c.document())));
                if (c.code() != null) {
                    String arn = iam.createPolicy(b -> b.policyName(name + "-ok").policyDocument(POLICY_OK)).policy().arn();
                    expect(c, () -> iam.createPolicyVersion(b -> b.policyArn(arn).policyDocument(c.document())));
                    assertEquals(1, iam.listPolicyVersions(b -> b.policyArn(arn)).versions().size(), "no version added");
                }
            }
            case "INLINE_IDENTITY" -> {
                // the three inline write paths apply the same grammar
                iam.createUser(b -> b.userName(name));
                expect(c, () -> iam.putUserPolicy(b -> b.userName(name).policyName("p").policyDocument(c.document())));
                iam.createGroup(b -> b.groupName(name));
                expect(c, () -> iam.putGroupPolicy(b -> b.groupName(name).policyName("p").policyDocument(c.document())));
                iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument(TRUST_OK));
                expect(c, () -> iam.putRolePolicy(b -> b.roleName(name).policyName("p").policyDocument(c.document())));
                if (c.code() != null) {
                    assertTrue(iam.listUserPolicies(b -> b.userName(name)).policyNames().isEmpty(), "nothing stored");
                    assertTrue(iam.listGroupPolicies(b -> b.groupName(name)).policyNames().isEmpty(), "nothing stored");
                    assertTrue(iam.listRolePolicies(b -> b.roleName(name)).policyNames().isEmpty(), "nothing stored");
                }
            }
            case "SESSION" -> {
                // the session policy of an AssumeRole: alpha's admin assumes a role of its own account
                iam.createRole(b -> b.roleName(name).assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},"
                        + "\"Action\":\"sts:AssumeRole\"}}"));
                expect(c, () -> Aws.sts(base, Aws.ALPHA_ADMIN).assumeRole(b -> b.roleArn("arn:aws:iam::111111111111:role/" + name)
                        .roleSessionName("malformed").policy(c.document())));
                // and the federated user's session policy
                expect(c, () -> Aws.sts(base, Aws.ALPHA_ADMIN).getFederationToken(b -> b.name("malformed")
                        .policy(c.document())));
            }
            default -> Assumptions.abort(c.kind() + " documents (resource-based policies) have no IAM API");
        }
    }

    private static void expect(Case c, Executable call) {
        if (c.code() == null) {
            try {
                call.execute();
            } catch (Throwable t) {
                throw new AssertionError(c.name() + ": expected the document to be accepted", t);
            }
            return;
        }
        AwsServiceException e = assertThrows(AwsServiceException.class, call, c.name());
        assertEquals(c.code(), e.awsErrorDetails().errorCode(), c.name());
        assertEquals(c.message(), e.awsErrorDetails().errorMessage(), c.name());
        assertEquals(c.code().equals("LimitExceeded") ? 409 : 400, e.statusCode(), c.name());
    }
}
