package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The policy simulator through the clients people use, unchanged: Debian's AWS CLI (its documented
 * simulate-custom-policy example answers as AWS documents it) and boto3 (python with boto3: $ROLEGATE_TEST_PYTHON,
 * else python3; .ci/run installs Debian's python3-boto3 when python3 has no boto3).
 */
@QuarkusTest
class PolicySimulatorClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    /** A user with an inline policy allowing s3:*, and its ARN. */
    private String userWithS3(String name) {
        IamClient admin = Aws.iam(base, Aws.ALPHA_ADMIN);
        admin.createUser(b -> b.userName(name));
        admin.putUserPolicy(b -> b.userName(name).policyName("S3").policyDocument(PolicySimulatorTest.ALLOW_S3));
        return "arn:aws:iam::111111111111:user/" + name;
    }

    @Test
    void awsCli() throws IOException {
        Assumptions.assumeTrue(AwsCli.available(), "Debian's AWS CLI is not installed at /usr/bin/aws (.ci/run installs it)");
        AwsCli cli = new AwsCli(base, "[alpha]\naws_access_key_id = " + Aws.ALPHA_ADMIN.accessKeyId()
                + "\naws_secret_access_key = " + Aws.ALPHA_ADMIN.secretAccessKey() + "\n", "[profile alpha]\nregion = us-east-1\n");
        // the example of awscli/examples/iam/simulate-custom-policy.rst, and the output it documents (plus the
        // SourcePolicyType AWS has returned since)
        AwsCli.Run run = cli.run("alpha", "iam", "simulate-custom-policy", "--policy-input-list",
                PolicySimulatorTest.CLI_EXAMPLE, "--action-names", "dynamodb:CreateBackup", "--context-entries",
                "ContextKeyName='aws:CurrentTime',ContextKeyValues='2019-04-25T11:00:00Z',ContextKeyType=date");
        assertEquals(0, run.exitCode(), run.stderr());
        assertEquals(JSON.readTree("""
                {"EvaluationResults": [{"EvalActionName": "dynamodb:CreateBackup", "EvalResourceName": "*",
                  "EvalDecision": "allowed", "MatchedStatements": [{"SourcePolicyId": "PolicyInputList.1",
                  "SourcePolicyType": "IAM Policy", "StartPosition": {"Line": 1, "Column": 38},
                  "EndPosition": {"Line": 1, "Column": 167}}], "MissingContextValues": []}]}"""),
                JSON.readTree(run.stdout()));

        String user = userWithS3(StsFixtures.name("cli-sim"));
        AwsCli.Run paged = cli.run("alpha", "iam", "simulate-principal-policy", "--policy-source-arn", user,
                "--action-names", "s3:GetObject", "sqs:SendMessage", "s3:PutObject", "--page-size", "1",
                "--query", "EvaluationResults[].[EvalActionName,EvalDecision]", "--output", "text");
        assertEquals(0, paged.exitCode(), paged.stderr());
        assertEquals("s3:GetObject\tallowed\nsqs:SendMessage\timplicitDeny\ns3:PutObject\tallowed\n", paged.stdout());

        AwsCli.Run missing = cli.run("alpha", "iam", "simulate-principal-policy", "--policy-source-arn",
                "arn:aws:iam::111111111111:role/DeveloperRole", "--action-names", "s3:GetObject");
        assertEquals(254, missing.exitCode());
        assertTrue(missing.stderr().contains("An error occurred (NoSuchEntity) when calling the SimulatePrincipalPolicy "
                + "operation"), missing.stderr());
        assertTrue(missing.stderr().contains(": The role with name DeveloperRole cannot be found."), missing.stderr());
    }

    @Test
    void boto3() throws Exception {
        String python = System.getenv().getOrDefault("ROLEGATE_TEST_PYTHON", "python3");
        if (run(python, "-c", "import boto3").exitValue() != 0) {
            fail(python + " has no boto3: run .ci/run (installs Debian's python3-boto3) or set ROLEGATE_TEST_PYTHON");
        }
        String user = userWithS3(StsFixtures.name("boto-sim"));
        AwsBasicCredentials admin = Aws.ALPHA_ADMIN;
        Path script = Files.createTempFile("simulate_boto3", ".py");
        try (InputStream in = getClass().getResourceAsStream("/iam/simulate_boto3.py")) {
            Files.write(script, in.readAllBytes());
        }
        ProcessBuilder pb = new ProcessBuilder(python, script.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().put("ROLEGATE_ENDPOINT", Aws.endpoint(base).toString());
        pb.environment().put("ROLEGATE_KEY_ID", admin.accessKeyId());
        pb.environment().put("ROLEGATE_SECRET", admin.secretAccessKey());
        pb.environment().put("ROLEGATE_USER_ARN", user);
        pb.environment().put("AWS_MAX_ATTEMPTS", "1");
        Process p = start(pb);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        JsonNode r = JSON.readTree(out);
        JsonNode created = r.get("custom").get(0);
        assertEquals("allowed", created.get("EvalDecision").asText());
        assertEquals("arn:aws:dynamodb:us-east-1:111111111111:table/t", created.get("EvalResourceName").asText());
        assertEquals(JSON.readTree("[{\"SourcePolicyId\":\"PolicyInputList.1\",\"SourcePolicyType\":\"IAM Policy\","
                + "\"StartPosition\":{\"Line\":1,\"Column\":38},\"EndPosition\":{\"Line\":1,\"Column\":167}}]"),
                created.get("MatchedStatements"));
        assertEquals(JSON.createObjectNode(), created.get("EvalDecisionDetails"));
        assertEquals("allowed", created.get("ResourceSpecificResults").get(0).get("EvalResourceDecision").asText());
        assertEquals(JSON.readTree("[[\"s3:GetObject\",\"allowed\"],[\"s3:PutObject\",\"allowed\"],"
                + "[\"sqs:SendMessage\",\"implicitDeny\"]]"), r.get("paged"));
        assertEquals(JSON.readTree("[\"NoSuchEntity\",\"The user with name boto-nobody cannot be found.\"]"), r.get("error"));
        assertEquals(JSON.readTree("[\"InvalidInput\",\"Invalid value 'ten' for context key s3:max-keys of type numeric.\"]"),
                r.get("invalid"));
    }

    private static Process run(String... cmd) throws IOException, InterruptedException {
        return start(new ProcessBuilder(cmd));
    }

    private static Process start(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", pb.command()) + " timed out");
        }
        return p;
    }
}
