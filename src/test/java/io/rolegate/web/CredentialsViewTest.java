package io.rolegate.web;

import io.rolegate.credentials.TemporaryCredentials;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The credentials page's texts, byte for byte (the browser test uses them with the SDK). */
class CredentialsViewTest {
    @Test
    void environmentProfileAndCredentialProcess() {
        TemporaryCredentials c = new TemporaryCredentials("ASIAEXAMPLE", "secret/+x", "token.abc",
                Instant.parse("2026-12-01T12:00:00Z"));
        CredentialsView v = CredentialsView.of(c, "https://rolegate.example.com/", "alpha", "Deploy er");
        assertEquals("alpha-deploy-er", v.profileName());
        String json = "{\"Version\": 1, \"AccessKeyId\": \"ASIAEXAMPLE\", \"SecretAccessKey\": \"secret/+x\", "
                + "\"SessionToken\": \"token.abc\", \"Expiration\": \"2026-12-01T12:00:00Z\"}";
        assertEquals("credential_process = echo '" + json + "'", v.credentialProcess());
        assertEquals("""
                [profile alpha-deploy-er]
                region = us-east-1
                services = alpha-deploy-er
                credential_process = echo '%s'

                [services alpha-deploy-er]
                sts =
                  endpoint_url = https://rolegate.example.com/
                iam =
                  endpoint_url = https://rolegate.example.com/
                """.formatted(json), v.profile());
        assertEquals("""
                export AWS_ACCESS_KEY_ID=ASIAEXAMPLE
                export AWS_SECRET_ACCESS_KEY=secret/+x
                export AWS_SESSION_TOKEN=token.abc
                export AWS_ENDPOINT_URL_STS=https://rolegate.example.com/
                export AWS_ENDPOINT_URL_IAM=https://rolegate.example.com/""", v.env());
    }
}
