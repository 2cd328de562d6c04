package io.rolegate.credentials;

/**
 * A 256-bit AES master key for {@link SecretBox}, with the version number (1..255) written into every ciphertext so
 * that a key can be rotated: new data is sealed under the newest key, older ciphertexts still open with older keys.
 */
public final class MasterKey {
    private final int version;
    private final byte[] key;

    public MasterKey(int version, byte[] key) {
        if (version < 1 || version > 255) {
            throw new IllegalArgumentException("master key version must be 1..255");
        }
        if (key == null || key.length != 32) {
            throw new IllegalArgumentException("master key must be 32 bytes");
        }
        this.version = version;
        this.key = key.clone();
    }

    public int version() {
        return version;
    }

    /**
     * A short public name of this key (hex of the first 8 bytes of its SHA-256): tells keys apart in the rotation
     * progress and in messages without revealing them.
     */
    public String fingerprint() {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(key);
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] keyBytes() {
        return key;
    }

    /** Never prints key material. */
    @Override
    public String toString() {
        return "MasterKey[version=" + version + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKey other && other.version == version
                && java.security.MessageDigest.isEqual(other.key, key);
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(version); // key bytes stay out of hash codes
    }
}
