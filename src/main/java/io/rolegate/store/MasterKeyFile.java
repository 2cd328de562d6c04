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
 * The master key that seals secrets at rest: from {@code rolegate.master-key} (base64 of 32 bytes) when set, else
 * generated once into {@code <data-dir>/master.key}, readable by the owner only.
 */
@ApplicationScoped
public class MasterKeyFile {
    private static final Logger LOG = Logger.getLogger(MasterKeyFile.class);

    private final byte[] key;

    @Inject
    public MasterKeyFile(@ConfigProperty(name = "rolegate.master-key") Optional<String> configured,
                         DataDirectory dataDir, SecureRandom random) {
        this.key = configured.filter(s -> !s.isBlank()).map(MasterKeyFile::decode).orElseGet(() -> fromFile(dataDir, random));
    }

    private static byte[] decode(String b64) {
        byte[] k = Base64.getDecoder().decode(b64.trim());
        if (k.length != 32) {
            throw new IllegalStateException("rolegate.master-key must be the base64 of exactly 32 bytes");
        }
        return k;
    }

    private static byte[] fromFile(DataDirectory dataDir, SecureRandom random) {
        Path file = dataDir.path().resolve("master.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII));
            }
            byte[] k = new byte[32];
            random.nextBytes(k);
            dataDir.writeOwnerOnly(file, Base64.getEncoder().encodeToString(k) + "\n");
            LOG.infof("Generated a new master key in %s (keep it: it unseals every stored secret)", file);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] key() {
        return key.clone();
    }
}
