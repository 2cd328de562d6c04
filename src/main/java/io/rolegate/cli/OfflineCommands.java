package io.rolegate.cli;

import io.rolegate.credentials.MasterKeys;
import io.rolegate.store.H2CommandServer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The commands that run without starting the application: help, a new master key, and restore (gateway stopped). */
final class OfflineCommands {
    static final String USAGE = """
            Usage: java -jar quarkus-run.jar                      start the gateway
                   java -jar quarkus-run.jar COMMAND [OPTIONS]    run an operator command against the store
            The store and the master key come from the gateway's configuration (ROLEGATE_DATA_DIR, ROLEGATE_MASTER_KEY,
            QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL, ...). Commands are safe while the gateway runs, except restore.

              account create --id ACCOUNT [--alias ALIAS] [--admin USER] [--credentials-file FILE]
              account list
              admin recover --account ACCOUNT [--user USER] [--deactivate-old | --delete-old] [--credentials-file FILE]
              sessions list
              sessions revoke --access-key-id ASIA... | --session-arn ARN | --account ACCOUNT (--role NAME | --user NAME)
              master-key generate
              master-key rotate [--batch-size N] [--limit N]
              backup --to FILE.zip              (embedded H2; PostgreSQL: pg_dump)
              restore --from FILE.zip [--data-dir DIR] [--force]   (embedded H2, gateway stopped)
            New secrets are printed once on stdout, or written to --credentials-file (mode 0600, never overwritten).
            """;

    private OfflineCommands() {
    }

    /** The exit status of an offline command, or null when the command needs the application. */
    static Integer run(Args a) {
        try {
            return switch (a.command()) {
                case "help", "--help", "" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                case "master-key generate" -> {
                    a.noOthers();
                    System.out.println(MasterKeys.generateBase64(new SecureRandom()));
                    yield 0;
                }
                case "restore" -> restore(a);
                default -> null;
            };
        } catch (Args.UsageException e) {
            System.err.println("rolegate: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
    }

    /**
     * Puts the database file of an H2 backup zip into the data directory. Refuses while the gateway holds the
     * database (its lock file exists) and, without --force, when a database is there (with --force it is kept
     * beside, renamed).
     */
    private static int restore(Args a) {
        Path zip = Path.of(a.required("from"));
        Path dataDir = a.option("data-dir").map(Path::of).orElseGet(OfflineCommands::configuredDataDir).toAbsolutePath();
        boolean force = a.flag("force");
        a.noOthers();
        Path db = dataDir.resolve("rolegate.mv.db");
        try {
            if (H2CommandServer.clientUrl(dataDir).isPresent() || inUse(db)) {
                System.err.println("rolegate: the database in " + dataDir + " is open: stop the gateway first");
                return 1;
            }
            if (Files.exists(db)) {
                if (!force) {
                    System.err.println("rolegate: " + db + " exists: rerun with --force to replace it (it is kept as a renamed copy)");
                    return 1;
                }
                Path kept = dataDir.resolve("rolegate.mv.db.before-restore-" + Instant.now().getEpochSecond());
                Files.move(db, kept);
                System.out.println("kept the replaced database as " + kept);
            }
            Files.createDirectories(dataDir);
            boolean found = false;
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (Path.of(e.getName()).getFileName().toString().equals("rolegate.mv.db")) {
                        copyOwnerOnly(in, db);
                        found = true;
                    }
                }
            }
            if (!found) {
                System.err.println("rolegate: " + zip + " holds no rolegate.mv.db: not a backup of this gateway");
                return 1;
            }
            System.out.println("restored " + db + " from " + zip + "; start the gateway with the master key of the backed-up deployment");
            return 0;
        } catch (IOException e) {
            System.err.println("rolegate: restore failed: " + e);
            return 1;
        }
    }

    private static void copyOwnerOnly(InputStream in, Path target) throws IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    }

    /** True when another process holds the H2 file (H2 locks it while open). */
    private static boolean inUse(Path db) throws IOException {
        if (!Files.exists(db)) {
            return false;
        }
        try (FileChannel c = FileChannel.open(db, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = c.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** rolegate.data-dir as the gateway reads it: system property, then environment, then ./data. */
    static Path configuredDataDir() {
        String p = System.getProperty("rolegate.data-dir");
        if (p == null) {
            p = System.getenv("ROLEGATE_DATA_DIR");
        }
        return Path.of(p != null ? p : "./data").toAbsolutePath();
    }
}
