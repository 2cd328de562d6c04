package io.rolegate.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rolegate.federation.TestIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the recipes of docs/recipes.md as written: every shell block that starts with "# recipe:", in document order,
 * in one home directory (so later blocks use the profiles earlier ones configured), with bash -euo pipefail, checking
 * each "# expect:" line appears in the output in order. Blocks marked "(cli>=2.13)" run with a current AWS CLI
 * (botocore >= 1.31) when the machine has one, after the others.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecipesTest {
    record Recipe(String name, boolean currentCli, boolean operator, String script, List<String> expected) {
    }

    private static final Pattern BLOCK = Pattern.compile("```sh\\n(# recipe: ([^\\n]+)\\n.*?)```", Pattern.DOTALL);

    @TestHTTPResource("/")
    URL base;

    static Path home;
    static TestIssuer issuer;

    static List<Recipe> recipes() throws IOException {
        String doc = Files.readString(Path.of("docs/recipes.md"));
        List<Recipe> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(doc);
        while (m.find()) {
            List<String> expected = m.group(1).lines().filter(l -> l.startsWith("# expect: "))
                    .map(l -> l.substring("# expect: ".length())).toList();
            out.add(new Recipe(m.group(2).trim(), m.group(2).contains("(cli>=2.13)"), m.group(2).contains("(operator)"),
                    m.group(1), expected));
        }
        return out;
    }

    @Test
    @Order(1)
    void recipesRunWithDebiansCli() throws Exception {
        Assumptions.assumeTrue(AwsCli.available(), "Debian's AWS CLI is not installed at /usr/bin/aws");
        List<Recipe> all = recipes();
        assertEquals(List.of("other-account", "other-account-current-cli (cli>=2.13)", "partner-external-id",
                "web-identity", "web-identity-current-cli (cli>=2.13)", "second-account (operator)"),
                all.stream().map(Recipe::name).toList());
        home = Files.createTempDirectory("recipes");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[tools-admin]\naws_access_key_id = "
                + Aws.ALPHA_ADMIN.accessKeyId() + "\naws_secret_access_key = " + Aws.ALPHA_ADMIN.secretAccessKey()
                + "\n[prod-admin]\naws_access_key_id = " + Aws.BETA_ADMIN.accessKeyId() + "\naws_secret_access_key = "
                + Aws.BETA_ADMIN.secretAccessKey() + "\n");
        Files.writeString(home.resolve(".aws/config"), "[profile tools-admin]\nregion = us-east-1\n"
                + "[profile prod-admin]\nregion = us-east-1\n");
        issuer = new TestIssuer();
        Instant now = Instant.now();
        String token = issuer.sign(new JWTClaimsSet.Builder().issuer(issuer.url()).audience("sts.amazonaws.com")
                .subject("repo:acme/app:ref:refs/heads/main").issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600))).build(), JWSAlgorithm.RS256);
        Files.writeString(home.resolve("token"), token);
        for (Recipe r : all) {
            if (!r.currentCli() && !r.operator()) { // the operator's recipes need the packaged jar: RecipesIT
                run(r, AwsCli.BINARY);
            }
        }
    }

    @Test
    @Order(2)
    void currentCliRecipesRunWithACurrentCli() throws Exception {
        Assumptions.assumeTrue(home != null, "the recipes with Debian's CLI did not run");
        Path cli = currentCli();
        Assumptions.assumeTrue(cli != null, "no AWS CLI with botocore >= 1.31 on this machine");
        for (Recipe r : recipes()) {
            if (r.currentCli()) {
                run(r, cli);
            }
        }
    }

    @AfterAll
    static void stopIssuer() {
        if (issuer != null) {
            issuer.close();
        }
    }

    /** An `aws` on the PATH, other than Debian's 2.9, whose botocore knows AWS_ENDPOINT_URL (1.31, mid-2023). */
    static Path currentCli() throws Exception {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path aws = Path.of(dir, "aws");
            if (!Files.isExecutable(aws) || aws.toRealPath().equals(AwsCli.BINARY.toRealPath())) {
                continue;
            }
            Process p = new ProcessBuilder(aws.toString(), "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(30, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("botocore/1\\.(\\d+)").matcher(v);
            Matcher cliV2 = Pattern.compile("aws-cli/2\\.(\\d+)").matcher(v);
            if ((m.find() && Integer.parseInt(m.group(1)) >= 31) || (cliV2.find() && Integer.parseInt(cliV2.group(1)) >= 13)) {
                return aws;
            }
        }
        return null;
    }

    private void run(Recipe r, Path cli) throws Exception {
        assertEquals(0, run(r, cli, home, Aws.endpoint(base).toString(), Map.of("ISSUER", issuer.url(),
                "AWS_WEB_IDENTITY_TOKEN_FILE", home.resolve("token").toString())).exitCode());
    }

    record Ran(int exitCode, String output) {
    }

    /** Runs one recipe with bash -euo pipefail in {@code home}, {@code cli} as `aws`; asserts its exit and expectations. */
    static Ran run(Recipe r, Path cli, Path home, String endpoint, Map<String, String> extraEnv) throws Exception {
        Path bin = Files.createDirectories(home.resolve("bin-" + cli.getFileName() + "-" + Math.abs(cli.hashCode())));
        Path link = bin.resolve("aws");
        if (!Files.exists(link)) {
            Files.createSymbolicLink(link, cli);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c", r.script()).redirectErrorStream(true)
                .directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("HOME", home.toString());
        env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("ROLEGATE", endpoint);
        env.putAll(extraEnv);
        env.put("AWS_PAGER", "");
        env.put("AWS_MAX_ATTEMPTS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), r.name() + " timed out");
        assertEquals(0, p.exitValue(), r.name() + " failed:\n" + out);
        int from = 0;
        for (String e : r.expected()) {
            int at = out.indexOf(e, from);
            assertFalse(at < 0, r.name() + ": expected \"" + e + "\" after position " + from + " in:\n" + out);
            from = at + e.length();
        }
        return new Ran(p.exitValue(), out);
    }
}
