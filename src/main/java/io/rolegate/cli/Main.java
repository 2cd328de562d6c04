package io.rolegate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.util.Arrays;

/**
 * The jar's entry point: no arguments starts the gateway as always; a command runs it against the store and exits
 * with its status. Commands that need no store ({@code help}, {@code master-key generate}, {@code restore}, which
 * must run with the gateway stopped) run without starting the application.
 */
@QuarkusMain
public final class Main {
    private Main() {
    }

    public static void main(String... args) {
        // H2's AUTO_SERVER (which lets a command reach the file the running gateway holds open) listens on loopback only
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        Args a = new Args(Arrays.asList(args));
        Integer offline = OfflineCommands.run(a);
        if (offline != null) {
            System.exit(offline);
        }
        // a command beside a running gateway: no fixed port to collide with, logs on stderr and stdout for results
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.log.console.stderr", "true");
        System.setProperty("quarkus.log.level", System.getProperty("rolegate.cli.log-level", "WARN"));
        Quarkus.run(Commands.class, args);
    }
}
