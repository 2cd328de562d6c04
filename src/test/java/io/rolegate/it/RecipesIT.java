package io.rolegate.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The operator's recipes of docs/recipes.md ("(operator)" blocks) against the packaged gateway, with `rolegate` the
 * jar's command line on the gateway's own configuration, as an operator runs it beside the running gateway.
 */
class RecipesIT {
    @Test
    void operatorRecipesRunAgainstARunningGateway() throws Exception {
        Assumptions.assumeTrue(AwsCli.available(), "Debian's AWS CLI is not installed at /usr/bin/aws");
        List<RecipesTest.Recipe> recipes = RecipesTest.recipes().stream().filter(RecipesTest.Recipe::operator).toList();
        assertFalse(recipes.isEmpty());
        try (GatewayProcess gateway = GatewayProcess.on("recipes", GatewayProcess.Store.h2()).start()) {
            Path home = Files.createTempDirectory("recipes-it");
            Files.createDirectories(home.resolve(".aws"));
            Files.writeString(home.resolve(".aws/credentials"), "");
            Path bin = Files.createDirectories(home.resolve("bin"));
            String env = gateway.environment().entrySet().stream()
                    .map(e -> "export " + e.getKey() + "='" + e.getValue() + "'\n").collect(Collectors.joining());
            String line = gateway.commandLine().stream().map(a -> "'" + a + "'").collect(Collectors.joining(" "));
            Path rolegate = bin.resolve("rolegate");
            Files.writeString(rolegate, "#!/bin/sh\n" + env + "exec " + line + " \"$@\"\n");
            Files.setPosixFilePermissions(rolegate, PosixFilePermissions.fromString("rwx------"));
            Path aws = bin.resolve("aws");
            Files.createSymbolicLink(aws, AwsCli.BINARY);
            for (RecipesTest.Recipe r : recipes) {
                assertEquals(0, RecipesTest.run(r, AwsCli.BINARY, home, gateway.baseUri().toString(), Map.of(
                        "PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))).exitCode());
            }
        }
    }
}
