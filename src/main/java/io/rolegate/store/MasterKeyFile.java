package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Where the master key that seals secrets at rest comes from: {@code rolegate.master-key} (base64 of 32 bytes) when
 * set, else {@code <data-dir>/master.key}, generated once and readable by the owner only. The text is parsed and
 * checked by credentials' MasterKeys.parse (in iam's Secrets).
 */
@ApplicationScoped
public class MasterKeyFile {
    private static final Logger LOG = Logger.getLogger(MasterKeyFile.class);

    private final String encoded;

    @Inject
    public MasterKeyFile(@ConfigProperty(name = "rolegate.master-key") Optional<String> configured,
                         DataDirectory dataDir, SecureRandom random) {
        this.encoded = configured.filter(s -> !s.isBlank()).orElseGet(() -> fromFile(dataDir, random));
    }

    private static String fromFile(DataDirectory dataDir, SecureRandom random) {
        Path file = dataDir.path().resolve("master.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            byte[] k = new byte[32];
            random.nextBytes(k);
            String encoded = Base64.getEncoder().encodeToString(k);
            dataDir.writeOwnerOnly(file, encoded + "\n");
            LOG.infof("Generated a new master key in %s (keep it: it unseals every stored secret)", file);
            return encoded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The key as configured or stored: base64 text, not yet checked. */
    public String encoded() {
        return encoded;
    }
}
