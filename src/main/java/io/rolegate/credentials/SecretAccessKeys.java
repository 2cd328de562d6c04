package io.rolegate.credentials;

import java.security.SecureRandom;
import java.util.Objects;

/** Long-term secret access keys: 40 characters of {@code [A-Za-z0-9+/]}, uniformly random. */
public final class SecretAccessKeys {
    public static final int LENGTH = 40;
    static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private final SecureRandom random;

    public SecretAccessKeys(SecureRandom random) {
        this.random = Objects.requireNonNull(random);
    }

    public String newSecret() {
        char[] out = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(64));
        }
        return new String(out);
    }

    public static boolean isWellFormed(String secret) {
        if (secret == null || secret.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (ALPHABET.indexOf(secret.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
