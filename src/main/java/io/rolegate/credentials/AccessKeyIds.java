package io.rolegate.credentials;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;

/**
 * Access key ids: {@code AKIA} (long-term) or {@code ASIA} (temporary) + 16 base32 characters, with the owning account
 * embedded the way AWS does it since 2019 (docs/aws-behaviour.md §3.1), so that GetAccessKeyInfo and third-party
 * tooling can read the account back: characters [4:12] are the base32 encoding of the 5 bytes {@code account/2 + 2^39},
 * the first bit of
 * character 12 is the account's low bit, and the rest is random.
 */
public final class AccessKeyIds {
    public static final String LONG_TERM_PREFIX = "AKIA";
    public static final String TEMPORARY_PREFIX = "ASIA";
    public static final int LENGTH = 20;

    private final SecureRandom random;

    public AccessKeyIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    /** A new long-term ({@code AKIA}) access key id for the 12-digit account. */
    public String newLongTermId(String accountId) {
        return AccountEmbedding.newId(LONG_TERM_PREFIX, accountId, LENGTH, random);
    }

    /** A new temporary ({@code ASIA}) access key id for the 12-digit account. */
    public String newTemporaryId(String accountId) {
        return AccountEmbedding.newId(TEMPORARY_PREFIX, accountId, LENGTH, random);
    }

    /**
     * The 12-digit account embedded in a syntactically valid AKIA/ASIA id; empty for anything else. Keys minted by AWS
     * before 2019 (fifth character below {@code Q}) carry no account: the formula then yields a meaningless number,
     * exactly as third-party decoders do.
     */
    public static Optional<String> accountOf(String keyId) {
        if (!isWellFormed(keyId)) {
            return Optional.empty();
        }
        return Optional.of(AccountEmbedding.accountOf(keyId));
    }

    /** True for a well-formed {@code ASIA} id. */
    public static boolean isTemporary(String keyId) {
        return isWellFormed(keyId) && keyId.startsWith(TEMPORARY_PREFIX);
    }

    /** Syntax only: {@code AKIA|ASIA} + 16 characters of {@code [A-Z2-7]}. Says nothing about existence. */
    public static boolean isWellFormed(String keyId) {
        if (keyId == null || keyId.length() != LENGTH
                || !(keyId.startsWith(LONG_TERM_PREFIX) || keyId.startsWith(TEMPORARY_PREFIX))) {
            return false;
        }
        for (int i = 4; i < LENGTH; i++) {
            if (!Base32.isBase32Char(keyId.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
