package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ResourceSpecificResult;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyRequest;
import software.amazon.awssdk.services.iam.model.SimulateCustomPolicyResponse;
import software.amazon.awssdk.services.iam.model.SimulatePrincipalPolicyResponse;
import software.amazon.awssdk.services.iam.model.Statement;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SimulatePrincipalPolicy and SimulateCustomPolicy through the AWS SDK v2 IamClient: decisions of the one evaluation
 * path, matched statements with AWS's ids and exact positions, missing context values, every context key type,
 * permissions boundaries, resource policies within and across accounts, pagination and AWS's errors.
 */
@QuarkusTest
class PolicySimulatorTest {
    /** The policy of the AWS CLI's simulate-custom-policy example (AWS answers 1:38-1:167 for its statement). */
    static final String CLI_EXAMPLE = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":"
            + "\"dynamodb:*\",\"Resource\":\"*\",\"Condition\":{\"DateGreaterThan\":{\"aws:CurrentTime\":"
            + "\"2018-08-16T12:00:00Z\"}}}}";
    static final String ALLOW_S3 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";

    @TestHTTPResource("/")
    URL base;
    IamClient admin;

    @BeforeEach
    void admin() {
        admin = Aws.iam(base, Aws.ALPHA_ADMIN);
    }

    private static ContextEntry entry(String name, ContextKeyTypeEnum type, String... values) {
        return ContextEntry.builder().contextKeyName(name).contextKeyType(type).contextKeyValues(values).build();
    }

    private static String position(Statement s) {
        return s.startPosition().line() + ":" + s.startPosition().column() + "-" + s.endPosition().line() + ":"
                + s.endPosition().column();
    }

    private static String matched(EvaluationResult r) {
        return r.matchedStatements().stream().map(s -> s.sourcePolicyId() + "/" + s.sourcePolicyTypeAsString() + "@"
                + position(s)).toList().toString();
    }

    @Test
    void theAwsCliExampleAnswersAsAwsDocumentsIt() {
        SimulateCustomPolicyResponse allowed = admin.simulateCustomPolicy(b -> b.policyInputList(CLI_EXAMPLE)
                .actionNames("dynamodb:CreateBackup")
                .contextEntries(entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2019-04-25T11:00:00Z")));
        EvaluationResult r = allowed.evaluationResults().get(0);
        assertEquals("dynamodb:CreateBackup", r.evalActionName());
        assertEquals("*", r.evalResourceName());
        assertEquals("allowed", r.evalDecisionAsString());
        assertEquals("[PolicyInputList.1/IAM Policy@1:38-1:167]", matched(r));
        assertEquals(List.of(), r.missingContextValues());
        assertFalse(r.hasResourceSpecificResults(), "no ResourceSpecificResults for the resource *");
        assertFalse(r.hasEvalDecisionDetails(), "no EvalDecisionDetails for the resource *");
        assertNull(r.permissionsBoundaryDecisionDetail());
        assertFalse(allowed.isTruncated());

        EvaluationResult before = admin.simulateCustomPolicy(b -> b.policyInputList(CLI_EXAMPLE)
                .actionNames("dynamodb:CreateBackup")
                .contextEntries(entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2014-04-25T11:00:00Z")))
                .evaluationResults().get(0);
        assertEquals("implicitDeny", before.evalDecisionAsString());
        assertEquals(List.of(), before.matchedStatements());

        EvaluationResult noContext = admin.simulateCustomPolicy(b -> b.policyInputList(CLI_EXAMPLE)
                .actionNames("dynamodb:CreateBackup")).evaluationResults().get(0);
        assertEquals("implicitDeny", noContext.evalDecisionAsString());
        assertEquals(List.of("aws:CurrentTime"), noContext.missingContextValues());
    }

    static Stream<Arguments> contextTypes() throws IOException {
        try (InputStream in = PolicySimulatorTest.class.getResourceAsStream("/iam/simulation-context-types.yaml")) {
            List<Arguments> out = new ArrayList<>();
            new ObjectMapper(new YAMLFactory()).readTree(in).get("cases").forEach(c -> out.add(Arguments.of(c)));
            return out.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contextTypes")
    void everyContextKeyType(JsonNode c) throws IOException {
        ContextKeyTypeEnum type = ContextKeyTypeEnum.fromValue(c.get("type").asText());
        JsonNode condition = c.get("condition");
        String key = condition.fields().next().getValue().fieldNames().next();
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"*\",\"Condition\":" + new ObjectMapper().writeValueAsString(condition) + "}}";
        for (String expect : List.of("allowed", "denied")) {
            List<String> values = new ArrayList<>();
            c.get(expect).forEach(v -> values.add(v.asText()));
            EvaluationResult r = admin.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("s3:GetObject")
                    .contextEntries(entry(key, type, values.toArray(String[]::new)))).evaluationResults().get(0);
            assertEquals(expect.equals("allowed") ? "allowed" : "implicitDeny", r.evalDecisionAsString(), c + " " + expect);
            assertEquals(List.of(), r.missingContextValues());
        }
    }

    @Test
    void badContextValuesAreInvalidInput() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> admin.simulateCustomPolicy(b -> b
                .policyInputList(ALLOW_S3).actionNames("s3:GetObject")
                .contextEntries(entry("aws:SourceIp", ContextKeyTypeEnum.IP, "10.0.0.300"))));
        assertEquals("Invalid value '10.0.0.300' for context key aws:SourceIp of type ip.",
                e.awsErrorDetails().errorMessage());
        assertEquals(400, e.statusCode());
        InvalidInputException two = assertThrows(InvalidInputException.class, () -> admin.simulateCustomPolicy(b -> b
                .policyInputList(ALLOW_S3).actionNames("s3:GetObject")
                .contextEntries(entry("aws:username", ContextKeyTypeEnum.STRING, "a", "b"))));
        assertEquals("Context key aws:username of type string takes exactly one value.",
                two.awsErrorDetails().errorMessage());
    }

    @Test
    void aUserWithGroupsBoundaryAndInputPolicies() {
        String user = StsFixtures.name("sim-u");
        String group = StsFixtures.name("sim-g");
        admin.createUser(b -> b.userName(user));
        String userPolicy = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Effect\": \"Allow\",\n"
                + "      \"Action\": \"s3:GetObject\",\n      \"Resource\": \"*\"\n    }\n  ]\n}";
        admin.putUserPolicy(b -> b.userName(user).policyName("Read").policyDocument(userPolicy));
        admin.createGroup(b -> b.groupName(group));
        admin.addUserToGroup(b -> b.groupName(group).userName(user));
        admin.putGroupPolicy(b -> b.groupName(group).policyName("Write").policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}}"));
        String managedName = StsFixtures.name("sim-m");
        String managed = admin.createPolicy(b -> b.policyName(managedName).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}]}"))
                .policy().arn();
        admin.attachGroupPolicy(b -> b.groupName(group).policyArn(managed));
        String userArn = "arn:aws:iam::111111111111:user/" + user;

        SimulatePrincipalPolicyResponse r = admin.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
                .actionNames("s3:GetObject", "s3:PutObject", "sqs:SendMessage", "ec2:RunInstances", "sns:Publish")
                .policyInputList("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}}"));
        List<EvaluationResult> results = r.evaluationResults();
        assertEquals(5, results.size());
        assertEquals("[user_" + user + "_Read/IAM Policy@3:17-8:6]", matched(results.get(0)));
        assertEquals("[group_" + group + "_Write/IAM Policy@1:38-1:94]", matched(results.get(1)));
        assertEquals("[" + managedName + "/IAM Policy@1:38-1:98]", matched(results.get(2)));
        assertEquals("implicitDeny", results.get(3).evalDecisionAsString());
        assertEquals("[PolicyInputList.1/IAM Policy@1:38-1:93]", matched(results.get(4)));
        results.forEach(e -> assertNull(e.permissionsBoundaryDecisionDetail(), "no boundary"));

        // the user's boundary narrows; a boundary given as input replaces it
        String boundary = admin.createPolicy(b -> b.policyName(StsFixtures.name("sim-b")).policyDocument(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}"))
                .policy().arn();
        admin.putUserPermissionsBoundary(b -> b.userName(user).permissionsBoundary(boundary));
        List<EvaluationResult> bounded = admin.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
                .actionNames("s3:GetObject", "sqs:SendMessage")).evaluationResults();
        assertEquals("allowed", bounded.get(0).evalDecisionAsString());
        assertTrue(bounded.get(0).permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
        assertEquals("implicitDeny", bounded.get(1).evalDecisionAsString());
        assertFalse(bounded.get(1).permissionsBoundaryDecisionDetail().allowedByPermissionsBoundary());
        List<EvaluationResult> replaced = admin.simulatePrincipalPolicy(b -> b.policySourceArn(userArn)
                .actionNames("s3:GetObject", "sqs:SendMessage").permissionsBoundaryPolicyInputList(
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}}"))
                .evaluationResults();
        assertEquals("implicitDeny", replaced.get(0).evalDecisionAsString());
        assertEquals("allowed", replaced.get(1).evalDecisionAsString());

        // a group can be simulated on its own
        List<EvaluationResult> ofGroup = admin.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:iam::111111111111:group/" + group).actionNames("s3:PutObject", "s3:GetObject"))
                .evaluationResults();
        assertEquals("allowed", ofGroup.get(0).evalDecisionAsString());
        assertEquals("implicitDeny", ofGroup.get(1).evalDecisionAsString());
    }

    @Test
    void aRoleWithAnExplicitDenyNamesTheDenyingStatement() {
        String role = StsFixtures.name("sim-r");
        String roleArn = StsFixtures.role(base, Aws.ALPHA_ADMIN, role,
                StsFixtures.trust(StsFixtures.q("111111111111"), null, null), null);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[\n"
                + "  {\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"*\"},\n"
                + "  {\"Sid\":\"NoDelete\",\"Effect\":\"Deny\",\"Action\":\"iam:DeleteUser\",\"Resource\":\"*\"}\n]}";
        admin.putRolePolicy(b -> b.roleName(role).policyName("Admin").policyDocument(policy));
        List<EvaluationResult> r = admin.simulatePrincipalPolicy(b -> b.policySourceArn(roleArn)
                .actionNames("iam:DeleteUser", "iam:GetUser")).evaluationResults();
        assertEquals("explicitDeny", r.get(0).evalDecisionAsString());
        assertEquals("[role_" + role + "_Admin/IAM Policy@2:53-3:78]", matched(r.get(0)));
        assertEquals("allowed", r.get(1).evalDecisionAsString());
        assertEquals("[role_" + role + "_Admin/IAM Policy@1:38-2:53]", matched(r.get(1)));
        // nothing was deleted or changed: the simulator only decides
        assertEquals("Admin", admin.getRolePolicy(b -> b.roleName(role).policyName("Admin")).policyName());

        // a resource policy needs a user as the caller
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> admin.simulatePrincipalPolicy(b -> b
                .policySourceArn(roleArn).actionNames("s3:GetObject").resourcePolicy(resourcePolicy("*"))));
        assertEquals("Invalid caller - Caller must be an IAM user in this context.", e.awsErrorDetails().errorMessage());
    }

    private static String resourcePolicy(String principal) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\""
                + principal + "\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::bucket/*\"}]}";
    }

    @Test
    void resourcePoliciesWithinAndAcrossAccounts() {
        String partner = "arn:aws:iam::222222222222:user/partner";
        String resource = "arn:aws:s3:::bucket/key";
        // across accounts both sides must allow: identity alone is not enough
        SimulateCustomPolicyRequest.Builder cross = SimulateCustomPolicyRequest.builder().policyInputList(ALLOW_S3)
                .actionNames("s3:GetObject").resourceArns(resource).callerArn(partner)
                .resourceOwner("arn:aws:iam::111111111111:root");
        EvaluationResult denied = admin.simulateCustomPolicy(cross.resourcePolicy(resourcePolicy(
                "arn:aws:iam::222222222222:user/someone-else")).build()).evaluationResults().get(0);
        assertEquals("implicitDeny", denied.evalDecisionAsString());
        assertEquals(Map.of("IAM Policy", "allowed", "Resource Policy", "implicitDeny"),
                denied.evalDecisionDetailsAsStrings());
        ResourceSpecificResult rs = denied.resourceSpecificResults().get(0);
        assertEquals(resource, rs.evalResourceName());
        assertEquals("implicitDeny", rs.evalResourceDecisionAsString());
        assertEquals(denied.evalDecisionDetailsAsStrings(), rs.evalDecisionDetailsAsStrings());

        EvaluationResult allowed = admin.simulateCustomPolicy(cross.resourcePolicy(resourcePolicy(partner)).build())
                .evaluationResults().get(0);
        assertEquals("allowed", allowed.evalDecisionAsString());
        assertEquals("[PolicyInputList.1/IAM Policy@1:38-1:87, ResourcePolicy/Resource Policy@1:38-1:176]",
                matched(allowed));
        assertEquals(Map.of("IAM Policy", "allowed", "Resource Policy", "allowed"), allowed.evalDecisionDetailsAsStrings());

        // within an account the resource policy alone may allow; the details are present and empty
        EvaluationResult same = admin.simulateCustomPolicy(b -> b.policyInputList(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"sqs:*\",\"Resource\":\"*\"}}")
                .actionNames("s3:GetObject").resourceArns(resource).callerArn("arn:aws:iam::111111111111:user/inside")
                .resourcePolicy(resourcePolicy("arn:aws:iam::111111111111:user/inside"))).evaluationResults().get(0);
        assertEquals("allowed", same.evalDecisionAsString());
        assertEquals("[ResourcePolicy/Resource Policy@1:38-1:175]", matched(same)); // "inside" is one shorter than "partner"
        assertTrue(same.hasEvalDecisionDetails());
        assertEquals(Map.of(), same.evalDecisionDetailsAsStrings());
        assertEquals("allowed", same.resourceSpecificResults().get(0).evalResourceDecisionAsString());

        // the owner defaults to the caller's account: the same request without ResourceOwner is within one account
        EvaluationResult owned = admin.simulateCustomPolicy(cross.resourceOwner(null)
                .resourcePolicy(resourcePolicy("arn:aws:iam::222222222222:user/someone-else")).build())
                .evaluationResults().get(0);
        assertEquals("allowed", owned.evalDecisionAsString());

        InvalidInputException noCaller = assertThrows(InvalidInputException.class, () -> admin.simulateCustomPolicy(b -> b
                .policyInputList(ALLOW_S3).actionNames("s3:GetObject").resourcePolicy(resourcePolicy(partner))));
        assertEquals("Invalid caller - Caller must be an IAM user in this context.",
                noCaller.awsErrorDetails().errorMessage());
    }

    /** The wire form, member by member, as botocore's SimulatePolicyResponse shape (and AWS) orders it. */
    @Test
    void theResponseDocumentHasAwsShape() throws IOException {
        String[] body = new String[1];
        IamClient capturing = IamClient.builder().endpointOverride(Aws.endpoint(base))
                .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(Aws.ALPHA_ADMIN))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public java.util.Optional<InputStream> modifyHttpResponseContent(
                            software.amazon.awssdk.core.interceptor.Context.ModifyHttpResponse context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        try {
                            body[0] = new String(context.responseBody().orElseThrow().readAllBytes(),
                                    java.nio.charset.StandardCharsets.UTF_8);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return java.util.Optional.of(new java.io.ByteArrayInputStream(
                                body[0].getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    }
                })).build();
        String identity = CLI_EXAMPLE.replace("dynamodb:*", "s3:*");
        String boundary = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringEqualsIfExists\":{\"aws:RequestedRegion\":\"us-east-1\"}}}}";
        capturing.simulateCustomPolicy(b -> b.policyInputList(identity).permissionsBoundaryPolicyInputList(boundary)
                .actionNames("s3:GetObject").resourceArns("arn:aws:s3:::bucket/key")
                .resourceOwner("arn:aws:iam::222222222222:root").callerArn("arn:aws:iam::111111111111:user/u")
                .resourcePolicy(resourcePolicy("arn:aws:iam::111111111111:user/u"))
                .contextEntries(entry("aws:CurrentTime", ContextKeyTypeEnum.DATE, "2019-04-25T11:00:00Z")).maxItems(1));
        String expected;
        try (InputStream in = PolicySimulatorTest.class.getResourceAsStream("/iam/simulate-custom-policy-response.xml")) {
            expected = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertEquals(expected, body[0].replaceAll("<RequestId>[^<]+</RequestId>", "<RequestId>REQUEST-ID</RequestId>"));
    }

    @Test
    void missingContextValuesArePerResourceWhenResourcesAreNamed() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\","
                + "\"Resource\":\"arn:aws:s3:::example-bucket\",\"Condition\":{\"StringLike\":{\"aws:PrincipalTag/allowed_service\":\"s3\"}}},"
                + "{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::example-bucket/${aws:username}\"}]}";
        EvaluationResult r = admin.simulateCustomPolicy(b -> b.policyInputList(policy).actionNames("s3:ListBucket")
                .resourceArns("arn:aws:s3:::example-bucket")).evaluationResults().get(0);
        assertEquals(List.of(), r.missingContextValues());
        assertEquals(List.of("aws:PrincipalTag/allowed_service", "aws:username"),
                r.resourceSpecificResults().get(0).missingContextValues());
    }

    @Test
    void resultsArePagedAndThePaginatorReadsThemAll() {
        List<String> actions = List.of("s3:GetObject", "s3:PutObject", "sqs:SendMessage");
        List<String> resources = List.of("arn:aws:s3:::a/1", "arn:aws:s3:::b/2");
        SimulateCustomPolicyResponse first = admin.simulateCustomPolicy(b -> b.policyInputList(ALLOW_S3).actionNames(actions)
                .resourceArns(resources).maxItems(4));
        assertEquals(4, first.evaluationResults().size());
        assertTrue(first.isTruncated());
        SimulateCustomPolicyResponse second = admin.simulateCustomPolicy(b -> b.policyInputList(ALLOW_S3).actionNames(actions)
                .resourceArns(resources).maxItems(4).marker(first.marker()));
        assertEquals(2, second.evaluationResults().size());
        assertFalse(second.isTruncated());
        assertNull(second.marker());

        List<String> all = admin.simulateCustomPolicyPaginator(b -> b.policyInputList(ALLOW_S3).actionNames(actions)
                .resourceArns(resources).maxItems(1)).evaluationResults().stream()
                .map(e -> e.evalActionName() + " " + e.evalResourceName() + " " + e.evalDecisionAsString()).toList();
        assertEquals(List.of("s3:GetObject arn:aws:s3:::a/1 allowed", "s3:GetObject arn:aws:s3:::b/2 allowed",
                "s3:PutObject arn:aws:s3:::a/1 allowed", "s3:PutObject arn:aws:s3:::b/2 allowed",
                "sqs:SendMessage arn:aws:s3:::a/1 implicitDeny", "sqs:SendMessage arn:aws:s3:::b/2 implicitDeny"), all);
        assertEquals(2, admin.simulatePrincipalPolicyPaginator(b -> b.policySourceArn("arn:aws:iam::111111111111:user/admin")
                .actionNames("s3:GetObject", "iam:CreateUser").maxItems(1)).evaluationResults().stream().count());
    }

    @Test
    void awsErrors() {
        NoSuchEntityException user = assertThrows(NoSuchEntityException.class, () -> admin.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:iam::111111111111:user/sim-nobody").actionNames("s3:GetObject")));
        assertEquals("The user with name sim-nobody cannot be found.", user.awsErrorDetails().errorMessage());
        assertEquals(404, user.statusCode());
        NoSuchEntityException role = assertThrows(NoSuchEntityException.class, () -> admin.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:iam::111111111111:role/DeveloperRole").actionNames("s3:GetObject")));
        assertEquals("The role with name DeveloperRole cannot be found.", role.awsErrorDetails().errorMessage());
        NoSuchEntityException group = assertThrows(NoSuchEntityException.class, () -> admin.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:iam::111111111111:group/sim-none").actionNames("s3:GetObject")));
        assertEquals("The group with name sim-none cannot be found.", group.awsErrorDetails().errorMessage());
        InvalidInputException session = assertThrows(InvalidInputException.class, () -> admin.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:sts::111111111111:assumed-role/r/s").actionNames("s3:GetObject")));
        assertEquals("Invalid Entity Arn: arn:aws:sts::111111111111:assumed-role/r/s does not clearly define entity "
                + "type and name.", session.awsErrorDetails().errorMessage());
        InvalidInputException malformed = assertThrows(InvalidInputException.class, () -> admin.simulateCustomPolicy(b -> b
                .policyInputList("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}")
                .actionNames("s3:GetObject")));
        assertEquals("Policy statement must contain actions.", malformed.awsErrorDetails().errorMessage());
    }

    @Test
    void callersNeedTheSimulatorPermissions() {
        String name = StsFixtures.name("sim-self");
        AwsBasicCredentials k = StsFixtures.user(base, Aws.ALPHA_ADMIN, name, "{\"Version\":\"2012-10-17\",\"Statement\":"
                + "{\"Effect\":\"Allow\",\"Action\":\"iam:SimulatePrincipalPolicy\",\"Resource\":"
                + "\"arn:aws:iam::111111111111:user/${aws:username}\"}}");
        IamClient self = Aws.iam(base, k);
        EvaluationResult own = self.simulatePrincipalPolicy(b -> b.policySourceArn("arn:aws:iam::111111111111:user/" + name)
                .actionNames("iam:SimulatePrincipalPolicy")).evaluationResults().get(0);
        assertEquals("implicitDeny", own.evalDecisionAsString(), "the resource * is not the user's own ARN");
        IamException other = assertThrows(IamException.class, () -> self.simulatePrincipalPolicy(b -> b
                .policySourceArn("arn:aws:iam::111111111111:user/admin").actionNames("s3:GetObject")));
        assertEquals("User: arn:aws:iam::111111111111:user/" + name + " is not authorized to perform: "
                + "iam:SimulatePrincipalPolicy on resource: arn:aws:iam::111111111111:user/admin because no "
                + "identity-based policy allows the iam:SimulatePrincipalPolicy action", other.awsErrorDetails().errorMessage());
        IamException custom = assertThrows(IamException.class, () -> self.simulateCustomPolicy(b -> b
                .policyInputList(ALLOW_S3).actionNames("s3:GetObject")));
        assertEquals("User: arn:aws:iam::111111111111:user/" + name + " is not authorized to perform: "
                + "iam:SimulateCustomPolicy on resource: * because no identity-based policy allows the "
                + "iam:SimulateCustomPolicy action", custom.awsErrorDetails().errorMessage());
    }
}
