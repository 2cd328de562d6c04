package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI (Debian's v2.9.19) assumes a cross-account role itself from a profile with role_arn, source_profile and
 * external_id. That CLI knows neither endpoint_url in the config nor AWS_ENDPOINT_URL (both came in 2.13), and
 * --endpoint-url applies to the command's client only, not to the assume-role provider's STS client. What works: an
 * STS endpoint rule set in ~/.aws/models/sts/2011-06-15/endpoint-rule-set-1.json that sends STS to the gateway (the
 * CLI's data loader searches ~/.aws/models before its bundled models). See README "AWS CLI: assuming roles".
 */
@QuarkusTest
class AwsCliAssumeRoleTest {
    @TestHTTPResource("/")
    URL base;

    static String ruleSet(String endpoint) {
        return """
                {"version":"1.0","parameters":{
                 "Region":{"builtIn":"AWS::Region","required":false,"type":"String"},
                 "UseDualStack":{"builtIn":"AWS::UseDualStack","required":true,"default":false,"type":"Boolean"},
                 "UseFIPS":{"builtIn":"AWS::UseFIPS","required":true,"default":false,"type":"Boolean"},
                 "Endpoint":{"builtIn":"SDK::Endpoint","required":false,"type":"String"},
                 "UseGlobalEndpoint":{"builtIn":"AWS::STS::UseGlobalEndpoint","required":true,"default":false,"type":"Boolean"}},
                 "rules":[
                  {"conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"},"properties":{},"headers":{}},"type":"endpoint"},
                  {"conditions":[],"endpoint":{"url":"%s","properties":{},"headers":{}},"type":"endpoint"}]}
                """.formatted(endpoint);
    }

    /** A CLI with these files whose STS client (the one its assume-role provider uses) goes to the gateway. */
    static AwsCli cliWithStsAtGateway(URL base, String credentials, String config) throws java.io.IOException {
        AwsCli cli = new AwsCli(base, credentials, config);
        Path rules = cli.home().resolve(".aws/models/sts/2011-06-15/endpoint-rule-set-1.json");
        Files.createDirectories(rules.getParent());
        Files.writeString(rules, ruleSet(Aws.endpoint(base).toString()));
        return cli;
    }

    @Test
    void cliAssumesACrossAccountRoleWithExternalId() throws Exception {
        Assumptions.assumeTrue(AwsCli.available(), "Debian's AWS CLI is not installed at /usr/bin/aws");
        String u = StsFixtures.name("cli");
        AwsBasicCredentials vendor = StsFixtures.user(base, Aws.ALPHA_ADMIN, u, StsFixtures.allow("sts:AssumeRole", "*"));
        String roleName = StsFixtures.name("cli-partner");
        String roleArn = StsFixtures.role(base, Aws.BETA_ADMIN, roleName, StsFixtures.trust("\"111111111111\"", null,
                "{\"StringEquals\":{\"sts:ExternalId\":\"ext-cli-1\"}}"), null);
        String credentials = "[vendor]\naws_access_key_id = " + vendor.accessKeyId() + "\naws_secret_access_key = "
                + vendor.secretAccessKey() + "\n";
        String config = "[profile vendor]\nregion = us-east-1\n\n[profile partner]\nregion = us-east-1\nrole_arn = "
                + roleArn + "\nsource_profile = vendor\nexternal_id = ext-cli-1\nrole_session_name = cli-session\n\n"
                + "[profile wrong-id]\nregion = us-east-1\nrole_arn = " + roleArn
                + "\nsource_profile = vendor\nexternal_id = ext-cli-2\nrole_session_name = cli-session\n";
        AwsCli cli = cliWithStsAtGateway(base, credentials, config);

        AwsCli.Run id = cli.run("partner", "sts", "get-caller-identity");
        assertEquals(0, id.exitCode(), id.stderr());
        assertTrue(id.stdout().contains("\"Arn\": \"arn:aws:sts::222222222222:assumed-role/" + roleName + "/cli-session\""),
                id.stdout());

        AwsCli.Run denied = cli.run("wrong-id", "sts", "get-caller-identity");
        assertEquals(254, denied.exitCode(), denied.stdout());
        assertTrue(denied.stderr().contains("AccessDenied"), denied.stderr());
        assertTrue(denied.stderr().contains("User: arn:aws:iam::111111111111:user/" + u
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn), denied.stderr());
    }
}
