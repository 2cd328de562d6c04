package io.rolegate.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After the whole test suite (failsafe runs *IT after surefire): the gateway's log of every test app start
 * (target/test-data/rolegate-test.log, appended across starts) holds none of the secrets the tests were issued or
 * sent (IssuedSecrets), no bootstrap secret, and nothing that looks like a JWT, an AWS secret access key or a private key.
 */
class NoSecretsInLogsIT {
    private static final Path LOGS = Path.of("target/test-data");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}");
    private static final Pattern PRIVATE_KEY = Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----|\"d\"\\s*:\\s*\"[A-Za-z0-9_-]{20,}");
    /**
     * 40 base64 characters alone, mixing upper case, lower case and digits: the shape of a secret access key. A run
     * next to '_' or '-' is part of a longer base64url value (a key id: the public SHA-256 thumbprint), not a secret.
     */
    private static final Pattern AWS_SECRET = Pattern.compile("(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/]{40}(?![A-Za-z0-9+/=_-])");

    @Test
    void theSuitesLogsHoldNoSecret() throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(LOGS)) {
            logs = files.filter(p -> p.getFileName().toString().startsWith("rolegate-test.log")).toList();
        }
        assertTrue(!logs.isEmpty(), "no test log under " + LOGS + ": run the test suite first");
        Set<String> issued = new HashSet<>(Files.exists(IssuedSecrets.FILE)
                ? Files.readAllLines(IssuedSecrets.FILE, StandardCharsets.UTF_8) : List.of());
        issued.add(Aws.ALPHA_ADMIN.secretAccessKey());
        issued.add(Aws.BETA_ADMIN.secretAccessKey());
        issued.add(Aws.MONITRON_ADMIN.secretAccessKey());
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                found.addAll(problems(lines.get(i), issued).stream().map(s -> log.getFileName() + ":" + s).toList());
            }
        }
        assertTrue(found.isEmpty(), "secrets in the logs:\n" + String.join("\n", found.subList(0, Math.min(20, found.size()))));
    }

    /** What in one log line is, or looks like, a secret (described without repeating it whole). */
    static List<String> problems(String line, Set<String> issued) {
        List<String> out = new ArrayList<>();
        for (String s : issued) {
            if (!s.isEmpty() && line.contains(s)) {
                out.add("an issued secret " + s.substring(0, 4) + "...: " + line.substring(0, Math.min(160, line.length())));
            }
        }
        if (JWT.matcher(line).find()) {
            out.add("a JWT: " + line.substring(0, Math.min(160, line.length())));
        }
        if (PRIVATE_KEY.matcher(line).find()) {
            out.add("a private key: " + line.substring(0, Math.min(160, line.length())));
        }
        Matcher m = AWS_SECRET.matcher(line);
        while (m.find()) {
            String s = m.group();
            if (s.matches(".*[A-Z].*") && s.matches(".*[a-z].*") && s.matches(".*[0-9].*")) {
                out.add("a secret-looking string " + s.substring(0, 4) + "...: " + line.substring(0, Math.min(160, line.length())));
            }
        }
        return out;
    }

    @Test
    void theDetectorsFindWhatTheyLookFor() {
        Set<String> issued = Set.of("issued-secret-value-123");
        assertTrue(!problems("x issued-secret-value-123 y", issued).isEmpty());
        assertTrue(!problems("token eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2lnbmF0dXJlc2lnbmF0dXJl", issued).isEmpty());
        assertTrue(!problems("key Hicdp06i2rI3+Z4IVnLmo4h4f0UksVBkm7QyfzG3 end", issued).isEmpty());
        assertTrue(!problems("-----BEGIN PRIVATE KEY-----", issued).isEmpty());
        assertTrue(problems("Request 442214c9-d7a9-4109-9a68-62d4a5490ae5 (AssumeRole) answered AccessDenied", issued).isEmpty());
        assertTrue(problems("Session tokens are signed with key xaU0NMcLTGLOH7bL6EbPS38JY2EFoiu317Z0cRAp_Gs (ES256)", issued).isEmpty(),
                "a key id (base64url thumbprint) is public");
        assertTrue(problems("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", issued).isEmpty());
    }
}
