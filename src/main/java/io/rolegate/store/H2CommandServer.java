package io.rolegate.store;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.h2.tools.Server;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Lets operator commands (README "Operator commands") reach the embedded H2 file while the gateway holds it open: the
 * gateway serves its database over H2's TCP protocol on 127.0.0.1 only (H2 refuses other hosts unless told
 * otherwise), under a random name known only from the owner-only file {@code h2-command-server} in the 0700 data
 * directory, deleted at shutdown. A command finds that file and connects through it; with no gateway running it opens
 * the file itself. (H2's AUTO_SERVER does the same but cannot be combined with DB_CLOSE_ON_EXIT=FALSE, which the
 * graceful shutdown needs.)
 */
@ApplicationScoped
public class H2CommandServer {
    private static final Logger LOG = Logger.getLogger(H2CommandServer.class);
    static final String FILE = "h2-command-server";

    @Inject
    DataDirectory dataDir;
    @Inject
    SecureRandom random;
    @Inject
    Sql sql;

    @ConfigProperty(name = "quarkus.datasource.postgresql.jdbc.url")
    Optional<String> postgresqlUrl;
    /** Set by cli.Main for a command: a command serves nothing. */
    @ConfigProperty(name = "rolegate.cli.command", defaultValue = "false")
    boolean command;

    private Server server;

    void onStart(@Observes @Priority(2) StartupEvent ev) throws SQLException, IOException {
        if (postgresqlUrl.isPresent() || command) {
            return;
        }
        sql.count("SELECT 1"); // the database is open in this process before it is served
        byte[] name = new byte[16];
        random.nextBytes(name);
        String key = HexFormat.of().formatHex(name);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path db = dataDir.path().toRealPath().resolve("rolegate");
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-tcpDaemon", "-key", key, db.toString())
                .start();
        Path file = dataDir.path().resolve(FILE);
        Files.deleteIfExists(file); // left by a gateway that was killed
        dataDir.writeOwnerOnly(file, port + " " + key + "\n");
        LOG.debugf("Serving the H2 database to operator commands on 127.0.0.1:%d", port);
    }

    void onStop(@Observes ShutdownEvent ev) {
        if (server != null) {
            try {
                Files.deleteIfExists(dataDir.path().resolve(FILE));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.stop();
        }
    }

    /**
     * The JDBC URL a command uses to reach the database a running gateway serves from {@code dataDir}; empty when no
     * gateway serves it (no file, or nothing listens any more: the gateway was killed).
     */
    public static Optional<String> clientUrl(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.isReadable(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file, StandardCharsets.US_ASCII).trim().split(" ");
            int port = Integer.parseInt(parts[0]);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            }
            return Optional.of("jdbc:h2:tcp://127.0.0.1:" + port + "/" + parts[1] + ";LOCK_TIMEOUT=10000");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
