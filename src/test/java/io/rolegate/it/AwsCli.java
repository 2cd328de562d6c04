package io.rolegate.it;

import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs Debian's AWS CLI v2 (/usr/bin/aws) against the gateway with its own credentials and config files. */
public final class AwsCli {
    public static final Path BINARY = Path.of("/usr/bin/aws");

    public record Run(int exitCode, String stdout, String stderr) {
    }

    private final Path home;
    private final String endpoint;

    public AwsCli(URL base, String credentialsFile, String configFile) {
        try {
            home = Files.createTempDirectory("awscli");
            Files.writeString(home.resolve("credentials"), credentialsFile);
            Files.writeString(home.resolve("config"), configFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        endpoint = Aws.endpoint(base).toString();
    }

    /**
     * A CLI whose credentials and config files hold one profile per entry, each in us-east-1; the calling test is
     * skipped where the CLI is not installed.
     */
    public static AwsCli withProfiles(URL base, Map<String, AwsBasicCredentials> profiles) {
        Assumptions.assumeTrue(available(), "Debian's AWS CLI is not installed at /usr/bin/aws (.ci/run installs it)");
        StringBuilder credentials = new StringBuilder();
        StringBuilder config = new StringBuilder();
        profiles.forEach((name, c) -> {
            credentials.append('[').append(name).append("]\naws_access_key_id = ").append(c.accessKeyId())
                    .append("\naws_secret_access_key = ").append(c.secretAccessKey()).append('\n');
            config.append("[profile ").append(name).append("]\nregion = us-east-1\n");
        });
        return new AwsCli(base, credentials.toString(), config.toString());
    }

    /** The CLI's HOME (so ~/.aws/models overrides can be placed there). */
    public Path home() {
        return home;
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** A CLI process with this HOME, config and credentials, no --endpoint-url (e.g. `aws sso login`), left running. */
    public Process start(Map<String, String> extraEnv, String... args) {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = processBuilder(cmd);
        pb.environment().putAll(extraEnv);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ProcessBuilder processBuilder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_MAX_ATTEMPTS", "1");
        env.put("AWS_PAGER", "");
        env.put("HOME", home.toString());
        return pb;
    }

    public Run run(String profile, String... args) {
        return runWithInput(null, profile, args);
    }

    /** Runs a command and writes {@code stdin} (e.g. an MFA code the CLI prompts for) to its standard input. */
    public Run runWithInput(String stdin, String profile, String... args) {
        List<String> cmd = new ArrayList<>();
        if (stdin != null) {
            // a new session has no controlling terminal, so the CLI's prompt (getpass) falls back to reading stdin
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(List.of(BINARY.toString(), "--profile", profile, "--endpoint-url", endpoint, "--output", "json"));
        cmd.addAll(List.of(args));
        return execute(cmd, stdin);
    }

    /**
     * Debian's boto3 (python3-boto3) running {@code script} with this HOME, config and credentials: the SDK that
     * reads the same profiles and caches as the CLI (e.g. the SSO token `aws sso login` left).
     */
    public Run boto3(String script) {
        return execute(List.of("/usr/bin/python3", "-c", script), null);
    }

    /** The gateway's endpoint, as --endpoint-url receives it. */
    public String endpoint() {
        return endpoint;
    }

    private Run execute(List<String> cmd, String stdin) {
        ProcessBuilder pb = processBuilder(cmd);
        try {
            Process p = pb.start();
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " timed out");
            }
            return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
