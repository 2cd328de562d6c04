package io.rolegate.credentials;

import java.security.SecureRandom;

/** The AWS account-in-identifier encoding shared by access key ids and unique ids (docs/aws-behaviour.md §3.1). */
final class AccountEmbedding {
    private static final long OFFSET = 1L << 39; // base32 "QAAAAAAA": why post-2019 ids have a fifth char >= 'Q'
    private static final long MAX_ACCOUNT = 999_999_999_999L;

    private AccountEmbedding() {
    }

    static String newId(String prefix, String accountId, int totalLength, SecureRandom random) {
        long account = parseAccount(accountId);
        long value = account / 2 + OFFSET;
        byte[] five = new byte[5];
        for (int i = 4; i >= 0; i--) {
            five[i] = (byte) value;
            value >>>= 8;
        }
        StringBuilder id = new StringBuilder(totalLength).append(prefix).append(Base32.encode(five));
        // The first bit of the next character is the account's low bit: upper half of the alphabet for odd accounts.
        id.append(Base32.ALPHABET.charAt((int) (account & 1) * 16 + random.nextInt(16)));
        while (id.length() < totalLength) {
            id.append(Base32.randomChar(random));
        }
        return id.toString();
    }

    /** Decodes the 40 bits after the 4-character prefix plus one bit; the caller checks the syntax first. */
    static String accountOf(String id) {
        long bits = 0;
        for (int i = 4; i < 13; i++) { // 9 characters = 45 bits: 40 bits of value + the low-bit carrier
            bits = (bits << 5) | Base32.valueOf(id.charAt(i));
        }
        long value = bits >>> 5;           // account/2 + 2^39 (top bit is the offset)
        long lowBit = (bits >>> 4) & 1;    // first bit of character 12
        long account = ((value & (OFFSET - 1)) << 1) | lowBit;
        return String.format("%012d", account);
    }

    static long parseAccount(String accountId) {
        if (accountId == null || accountId.length() != 12 || !accountId.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("account id must be 12 digits");
        }
        long account = Long.parseLong(accountId);
        if (account > MAX_ACCOUNT) {
            throw new IllegalArgumentException("account id out of range");
        }
        return account;
    }
}
