package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AWS CLI's own MFA flow: a profile with role_arn, source_profile and mfa_serial makes the CLI prompt for a code
 * and pass SerialNumber/TokenCode to AssumeRole; the role's trust policy requires aws:MultiFactorAuthPresent. STS is
 * routed to the gateway as in {@link AwsCliAssumeRoleTest}.
 */
@QuarkusTest
class AwsCliMfaTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void cliPromptsForTheCodeOfMfaSerialAndAssumesTheRole() throws Exception {
        Assumptions.assumeTrue(AwsCli.available(), "Debian's AWS CLI is not installed at /usr/bin/aws");
        String u = StsFixtures.name("cli-mfa");
        AwsBasicCredentials keys = StsFixtures.user(base, Aws.ALPHA_ADMIN, u, StsFixtures.allow("sts:AssumeRole", "*"));
        var iam = Aws.iam(base, Aws.ALPHA_ADMIN);
        VirtualMfa device = VirtualMfa.create(iam, StsFixtures.name("cli-dev")).enableFor(iam, u);
        String roleName = StsFixtures.name("cli-mfa-role");
        String roleArn = StsFixtures.role(base, Aws.BETA_ADMIN, roleName, StsFixtures.trust("\"111111111111\"", null,
                "{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"true\"}}"), null);
        String credentials = "[vendor]\naws_access_key_id = " + keys.accessKeyId() + "\naws_secret_access_key = "
                + keys.secretAccessKey() + "\n";
        String config = "[profile vendor]\nregion = us-east-1\n\n"
                + profile("partner", roleArn, device.serialNumber, "cli-mfa")
                + profile("partner-wrong", roleArn, device.serialNumber, "cli-wrong")
                + "[profile no-mfa]\nregion = us-east-1\nrole_arn = " + roleArn + "\nsource_profile = vendor\n"
                + "role_session_name = cli-none\n";
        AwsCli cli = AwsCliAssumeRoleTest.cliWithStsAtGateway(base, credentials, config);

        AwsCli.Run none = cli.run("no-mfa", "sts", "get-caller-identity");
        assertEquals(254, none.exitCode(), none.stdout());
        assertTrue(none.stderr().contains("AccessDenied"), none.stderr());

        VirtualMfa.awayFromStepBoundary();
        AwsCli.Run id = cli.runWithInput(device.code(-1) + "\n", "partner", "sts", "get-caller-identity");
        assertEquals(0, id.exitCode(), id.stderr());
        assertTrue(id.stdout().contains("\"Arn\": \"arn:aws:sts::222222222222:assumed-role/" + roleName + "/cli-mfa\""),
                id.stdout());
        assertTrue(id.stderr().contains("Enter MFA code for " + device.serialNumber), id.stderr());

        String wrong = device.code(0).equals("000000") ? "000001" : "000000";
        AwsCli.Run denied = cli.runWithInput(wrong + "\n", "partner-wrong", "sts", "get-caller-identity");
        assertEquals(254, denied.exitCode(), denied.stdout());
        assertTrue(denied.stderr().contains("MultiFactorAuthentication failed with invalid MFA one time pass code."),
                denied.stderr());
    }

    private static String profile(String name, String roleArn, String mfaSerial, String session) {
        return "[profile " + name + "]\nregion = us-east-1\nrole_arn = " + roleArn + "\nsource_profile = vendor\n"
                + "mfa_serial = " + mfaSerial + "\nrole_session_name = " + session + "\n\n";
    }
}
