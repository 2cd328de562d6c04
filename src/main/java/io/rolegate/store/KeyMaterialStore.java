package io.rolegate.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Token signing keys and server-wide secrets, sealed by the caller (this store never sees plaintext key material).
 * Each write is its own short transaction with its change log row (SIGNING_KEY, SERVER_SECRET): other replicas
 * reload their keys when they see it, and no IAM cache is dropped. Insert-if-absent survives two replicas starting
 * at once.
 */
public interface KeyMaterialStore {

    /** One row of signing_keys: the sealed key JSON and its state columns (for compare-and-set updates). */
    record StoredSigningKey(String kid, String sealedJwk, String state, Instant createdAt, Instant activatedAt,
                            Instant retiredAt) {
    }

    List<StoredSigningKey> signingKeys();

    /** Inserts the key unless a key with that kid exists; true when this call inserted it. */
    boolean insertSigningKeyIfAbsent(StoredSigningKey key);

    /** Replaces the key's sealed JSON and state only if its state is still {@code expectedState}; true on success. */
    boolean updateSigningKey(StoredSigningKey key, String expectedState);

    /** Deletes the key only if its state is still {@code expectedState}. */
    boolean deleteSigningKey(String kid, String expectedState);

    /** One row of server_secrets. */
    record StoredSecret(String name, String sealedValue, Instant createdAt) {
    }

    Optional<String> serverSecret(String name);

    /** The secrets whose name starts with {@code namePrefix} (no LIKE wildcards in it), in name order. */
    List<StoredSecret> serverSecrets(String namePrefix);

    /** Deletes the secret; true when this call deleted it. */
    boolean deleteServerSecret(String name);

    /** Inserts the secret unless one with that name exists; true when this call inserted it. */
    boolean insertServerSecretIfAbsent(String name, String sealedValue, Instant createdAt);
}
