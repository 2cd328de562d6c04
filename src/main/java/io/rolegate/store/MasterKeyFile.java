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
import java.util.List;
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
    private final List<String> previous;
    private final String source;
    private boolean generated;

    @Inject
    public MasterKeyFile(@ConfigProperty(name = "rolegate.master-key") Optional<String> configured,
                         @ConfigProperty(name = "rolegate.master-key.previous") Optional<List<String>> previous,
                         DataDirectory dataDir, SecureRandom random) {
        Optional<String> set = configured.filter(s -> !s.isBlank());
        this.source = set.isPresent() ? "rolegate.master-key (ROLEGATE_MASTER_KEY)"
                : dataDir.path().resolve("master.key").toString();
        this.encoded = set.orElseGet(() -> fromFile(dataDir, random));
        this.previous = previous.orElse(List.of()).stream().filter(s -> !s.isBlank()).toList();
    }

    private String fromFile(DataDirectory dataDir, SecureRandom random) {
        Path file = dataDir.path().resolve("master.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII);
            }
            byte[] k = new byte[32];
            random.nextBytes(k);
            String encoded = Base64.getEncoder().encodeToString(k);
            dataDir.writeOwnerOnly(file, encoded + "\n");
            generated = true;
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

    /** Older keys still accepted for opening during a rotation ({@code rolegate.master-key.previous}, comma-separated). */
    public List<String> previous() {
        return previous;
    }

    /** Where the key came from, for messages: the property, or the file's path. */
    public String source() {
        return source;
    }

    /** True when this start generated the key (no key was configured or stored before). */
    public boolean generated() {
        return generated;
    }
}
