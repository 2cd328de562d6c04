package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's walkthrough, performed by Debian's AWS CLI v2 (installed by .ci/run). */
@QuarkusTest
class AwsCliTest {
    @TestHTTPResource("/")
    URL base;

    AwsCli cli;

    @BeforeEach
    void cli() {
        cli = AwsCli.withProfiles(base, java.util.Map.of("alpha", Aws.ALPHA_ADMIN));
    }

    @Test
    void createUserTwoKeysThirdRefused() {
        AwsCli.Run user = cli.run("alpha", "iam", "create-user", "--user-name", "cli-carol");
        assertEquals(0, user.exitCode(), user.stderr());
        assertTrue(user.stdout().contains("arn:aws:iam::111111111111:user/cli-carol"), user.stdout());
        for (int i = 0; i < 2; i++) {
            AwsCli.Run key = cli.run("alpha", "iam", "create-access-key", "--user-name", "cli-carol");
            assertEquals(0, key.exitCode(), key.stderr());
            assertTrue(key.stdout().contains("\"SecretAccessKey\""), key.stdout());
        }
        AwsCli.Run third = cli.run("alpha", "iam", "create-access-key", "--user-name", "cli-carol");
        assertEquals(254, third.exitCode());
        assertTrue(third.stderr().contains("(LimitExceeded)"), third.stderr());
        assertTrue(third.stderr().contains("Cannot exceed quota for AccessKeysPerUser: 2"), third.stderr());
    }

    @Test
    void whoAmI() {
        AwsCli.Run id = cli.run("alpha", "sts", "get-caller-identity");
        assertEquals(0, id.exitCode(), id.stderr());
        assertTrue(id.stdout().contains("\"Arn\": \"arn:aws:iam::111111111111:user/admin\""), id.stdout());
    }
}
