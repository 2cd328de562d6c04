package io.rolegate.credentials;

import java.security.SecureRandom;
import java.util.Base64;

/** Parsing and generating {@link MasterKey}s in their configuration form: standard base64 of 32 bytes. */
public final class MasterKeys {
    private MasterKeys() {
    }

    /** Parses a base64 (standard or URL-safe, padding optional) 32-byte key. Throws IllegalArgumentException otherwise. */
    public static MasterKey parse(int version, String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("master key is missing");
        }
        String trimmed = base64.trim();
        byte[] bytes;
        try {
            bytes = trimmed.indexOf('-') >= 0 || trimmed.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("master key is not valid base64");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("master key must decode to 32 bytes, got " + bytes.length);
        }
        return new MasterKey(version, bytes);
    }

    /**
     * Parses a configured key and numbers it by its own fingerprint (1..255), so that the current and the previous
     * keys of a rotation carry different version bytes without the operator numbering them.
     */
    public static MasterKey parse(String base64) {
        MasterKey unnumbered = parse(1, base64);
        int version = 1 + Integer.parseInt(unnumbered.fingerprint().substring(0, 2), 16) % 255;
        return parse(version, base64);
    }

    public static MasterKey generate(int version, SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return new MasterKey(version, key);
    }

    /** A fresh key in configuration form (standard base64, 44 characters). */
    public static String generateBase64(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
