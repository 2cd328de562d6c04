package io.rolegate.web;

import io.rolegate.credentials.TemporaryCredentials;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The three ways the credentials page hands out a role session: shell environment variables, a ready
 * {@code ~/.aws/config} profile (its {@code services} section points sts and iam at this gateway) and that profile's
 * {@code credential_process} line on its own, which prints the session as the AWS tools' credential_process JSON.
 */
public record CredentialsView(String profileName, String env, String profile, String credentialProcess) {
    static final String REGION = "us-east-1";

    /**
     * @param endpoint   the gateway's URL as the person reached it (e.g. {@code https://rolegate.example.com/})
     * @param accountLabel the account's alias, else its id
     */
    public static CredentialsView of(TemporaryCredentials c, String endpoint, String accountLabel, String roleName) {
        String name = (accountLabel + "-" + roleName).replaceAll("[^A-Za-z0-9_.+=,@-]", "-").toLowerCase(Locale.ROOT);
        String env = "export AWS_ACCESS_KEY_ID=" + c.accessKeyId() + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + c.secretAccessKey() + "\n"
                + "export AWS_SESSION_TOKEN=" + c.sessionToken() + "\n"
                + "export AWS_ENDPOINT_URL_STS=" + endpoint + "\n"
                + "export AWS_ENDPOINT_URL_IAM=" + endpoint;
        // the JSON holds no single quote (key ids, base64 secrets and tokens, a timestamp), so one pair quotes it
        String json = "{\"Version\": 1, \"AccessKeyId\": \"" + c.accessKeyId() + "\", \"SecretAccessKey\": \""
                + c.secretAccessKey() + "\", \"SessionToken\": \"" + c.sessionToken() + "\", \"Expiration\": \""
                + DateTimeFormatter.ISO_INSTANT.format(c.expiration()) + "\"}";
        String process = "credential_process = echo '" + json + "'";
        String profile = "[profile " + name + "]\n"
                + "region = " + REGION + "\n"
                + "services = " + name + "\n"
                + process + "\n"
                + "\n"
                + "[services " + name + "]\n"
                + "sts =\n  endpoint_url = " + endpoint + "\n"
                + "iam =\n  endpoint_url = " + endpoint + "\n";
        return new CredentialsView(name, env, profile, process);
    }
}
