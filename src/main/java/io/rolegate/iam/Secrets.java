package io.rolegate.iam;

import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.credentials.MasterKey;
import io.rolegate.credentials.MasterKeys;
import io.rolegate.credentials.UniqueIdPrefix;
import io.rolegate.credentials.SecretAccessKeys;
import io.rolegate.credentials.SecretBox;
import io.rolegate.credentials.UniqueIds;
import io.rolegate.store.MasterKeyFile;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;

/** New identifiers and secrets, and sealing of secrets at rest under the master key. */
@ApplicationScoped
public class Secrets {
    private final SecureRandom random;
    private final SecretBox box;
    private final MasterKey current;
    private final AccessKeyIds accessKeyIds;
    private final SecretAccessKeys secretKeys;
    private final UniqueIds uniqueIds;

    @Inject
    public Secrets(SecureRandom random, MasterKeyFile masterKey) {
        this.random = random;
        this.current = parse(masterKey.encoded(), masterKey.source());
        this.box = new SecretBox(current,
                masterKey.previous().stream().map(k -> parse(k, "rolegate.master-key.previous")).toList(), random);
        this.accessKeyIds = new AccessKeyIds(random);
        this.secretKeys = new SecretAccessKeys(random);
        this.uniqueIds = new UniqueIds(random);
    }

    /** A bad key stops the start with one line (ConfigurationException: Quarkus prints its message, no stack trace). */
    private static MasterKey parse(String encoded, String source) {
        try {
            return MasterKeys.parse(encoded);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("Invalid master key in " + source + ": " + e.getMessage()
                    + " (expected base64 of 32 bytes, e.g. `head -c32 /dev/urandom | base64`)");
        }
    }

    /** The fingerprint of the key that seals (never the key). */
    public String sealingKeyFingerprint() {
        return current.fingerprint();
    }

    public String newAccessKeyId(String accountId) {
        return accessKeyIds.newLongTermId(accountId);
    }

    public String newSecretAccessKey() {
        return secretKeys.newSecret();
    }

    public String newUniqueId(UniqueIdPrefix prefix, String accountId) {
        return uniqueIds.newId(prefix, accountId);
    }

    /** Seals a secret bound to the row it belongs to (aad), so a sealed value copied to another row fails to open. */
    public String seal(String plaintext, String aad) {
        return box.sealString(plaintext, aad);
    }

    public String open(String sealed, String aad) {
        return box.openString(sealed, aad);
    }

    /** The box itself, for other stored secrets (signing keys, session secret key). */
    public SecretBox box() {
        return box;
    }

    public SecureRandom random() {
        return random;
    }
}
