package io.rolegate.credentials;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * IAM unique ids: a 4-letter prefix + 17 base32 characters (21 in all, {@code [A-Z2-7]}). Like current AWS ids they embed
 * the owning account in characters [4:13] with the same encoding as access key ids; the remaining 8 are random.
 */
public final class UniqueIds {
    public static final int LENGTH = 21;

    private final SecureRandom random;

    public UniqueIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    public String newId(UniqueIdPrefix prefix, String accountId) {
        return AccountEmbedding.newId(prefix.name(), accountId, LENGTH, random);
    }

    /** Syntax only: a known prefix + 17 characters of {@code [A-Z2-7]}. */
    public static boolean isWellFormed(String id) {
        return prefixOf(id).isPresent();
    }

    public static Optional<UniqueIdPrefix> prefixOf(String id) {
        if (id == null || id.length() != LENGTH) {
            return Optional.empty();
        }
        for (int i = 4; i < LENGTH; i++) {
            if (!Base32.isBase32Char(id.charAt(i))) {
                return Optional.empty();
            }
        }
        for (UniqueIdPrefix p : UniqueIdPrefix.values()) {
            if (id.startsWith(p.name())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The embedded account of a well-formed id; empty otherwise. */
    public static Optional<String> accountOf(String id) {
        return isWellFormed(id) ? Optional.of(AccountEmbedding.accountOf(id)) : Optional.empty();
    }
}
