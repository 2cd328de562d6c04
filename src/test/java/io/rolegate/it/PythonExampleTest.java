package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.sts.model.Credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs the README's Python example (docs/examples/rolegate_protect.py, botocore's SigV4 signer + urllib) against the
 * running gateway: the presigned GetCallerIdentity identity proof, and POST /v1/authorize. Needs python3 (or
 * $ROLEGATE_TEST_PYTHON) with botocore (.ci/run installs Debian's python3-boto3, which brings python3-botocore);
 * fails, never skips, without it.
 */
@QuarkusTest
class PythonExampleTest {
    static final String SCRIPT = "docs/examples/rolegate_protect.py";

    @TestHTTPResource("/")
    URL base;

    record Run(int exitCode, String out) {
    }

    static Run python(String... args) {
        return script(SCRIPT, args);
    }

    /** Runs a Python script with these arguments and no AWS_ variables of this process; its exit code and output. */
    static Run script(String script, String... args) {
        String python = System.getenv().getOrDefault("ROLEGATE_TEST_PYTHON", "python3");
        List<String> cmd = new ArrayList<>(List.of(python, script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        try {
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("python3 " + String.join(" ", args) + " timed out");
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String gateway() {
        return Aws.endpoint(base).toString();
    }

    @Test
    void identityProofNamesTheUserAndTheSessionAndFailsForAnotherAudience() {
        IamClient alpha = Aws.iam(base, Aws.ALPHA_ADMIN);
        String user = StsFixtures.name("py");
        alpha.createUser(b -> b.userName(user));
        alpha.putUserPolicy(b -> b.userName(user).policyName("p").policyDocument(StsFixtures.allow("sts:AssumeRole", "*")));
        AccessKey k = alpha.createAccessKey(b -> b.userName(user)).accessKey();

        Run r = python("identity", gateway(), k.accessKeyId(), k.secretAccessKey(), "-");
        assertEquals(0, r.exitCode(), r.out());
        assertEquals("arn=arn:aws:iam::111111111111:user/" + user + " account=111111111111 userId="
                + alpha.getUser(b -> b.userName(user)).user().userId() + "\nother audience: 403 SignatureDoesNotMatch\n",
                r.out());

        String role = StsFixtures.name("pyrole");
        String roleArn = Aws.iam(base, Aws.BETA_ADMIN).createRole(b -> b.roleName(role)
                .assumeRolePolicyDocument(StsFixtures.trust("\"111111111111\"", null, null))).role().arn();
        Credentials c = Aws.sts(base, AwsBasicCredentials.create(k.accessKeyId(), k.secretAccessKey()))
                .assumeRole(b -> b.roleArn(roleArn).roleSessionName("py-job")).credentials();
        Run s = python("identity", gateway(), c.accessKeyId(), c.secretAccessKey(), c.sessionToken());
        assertEquals(0, s.exitCode(), s.out());
        assertEquals("arn=arn:aws:sts::222222222222:assumed-role/" + role + "/py-job", s.out().split(" ")[0]);
    }

    @Test
    void authorizeAllowsThePermittedUserAndDeniesTheOtherWithAwsMessage() {
        IamClient beta = Aws.iam(base, Aws.BETA_ADMIN);
        String service = StsFixtures.name("pysvc");
        beta.createUser(b -> b.userName(service));
        beta.putUserPolicy(b -> b.userName(service).policyName("authorize")
                .policyDocument(StsFixtures.allow("rolegate:AuthorizeRequest", "*")));
        AccessKey svc = beta.createAccessKey(b -> b.userName(service)).accessKey();
        String reader = StsFixtures.name("pyreader");
        beta.createUser(b -> b.userName(reader));
        beta.putUserPolicy(b -> b.userName(reader).policyName("read")
                .policyDocument(StsFixtures.allow("monitron:GetProject", "arn:aws:monitron:*:222222222222:project/*")));
        AccessKey r = beta.createAccessKey(b -> b.userName(reader)).accessKey();
        String other = StsFixtures.name("pyother");
        beta.createUser(b -> b.userName(other));
        AccessKey o = beta.createAccessKey(b -> b.userName(other)).accessKey();
        String project = "arn:aws:monitron:us-east-1:222222222222:project/dallas";

        Run allowed = python("authorize", gateway(), svc.accessKeyId(), svc.secretAccessKey(), r.accessKeyId(),
                r.secretAccessKey(), "-", "monitron:GetProject", project);
        assertEquals(0, allowed.exitCode(), allowed.out());
        assertEquals("{\"authenticated\": true, \"decision\": \"Allow\", \"message\": null, \"cacheTtlSeconds\": 3}\n"
                + "principal=arn:aws:iam::222222222222:user/" + reader + "\n", allowed.out());

        Run denied = python("authorize", gateway(), svc.accessKeyId(), svc.secretAccessKey(), o.accessKeyId(),
                o.secretAccessKey(), "-", "monitron:GetProject", project);
        assertEquals(0, denied.exitCode(), denied.out());
        assertEquals("{\"authenticated\": true, \"decision\": \"ImplicitDeny\", \"message\": \"User: "
                + "arn:aws:iam::222222222222:user/" + other + " is not authorized to perform: monitron:GetProject on resource: "
                + project + " because no identity-based policy allows the monitron:GetProject action\", "
                + "\"cacheTtlSeconds\": 3}\n"
                + "principal=arn:aws:iam::222222222222:user/" + other + "\n", denied.out());
    }
}
