package io.rolegate.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.rolegate.store.H2CommandServer;

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
        if (args.length == 0) {
            Quarkus.run(args);
            return;
        }
        Args a = new Args(Arrays.asList(args));
        Integer offline = OfflineCommands.run(a);
        if (offline != null) {
            System.exit(offline);
        }
        // a command beside a running gateway: no fixed port to collide with, logs on stderr and stdout for results;
        // on H2, the database through the running gateway when one serves it (store.H2CommandServer)
        System.setProperty("rolegate.cli.command", "true");
        H2CommandServer.clientUrl(OfflineCommands.configuredDataDir())
                .ifPresent(url -> System.setProperty("quarkus.datasource.jdbc.url", url));
        System.setProperty("quarkus.http.port", "0");
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.log.console.stderr", "true");
        System.setProperty("quarkus.log.level", System.getProperty("rolegate.cli.log-level", "WARN"));
        Quarkus.run(Commands.class, args);
    }
}
