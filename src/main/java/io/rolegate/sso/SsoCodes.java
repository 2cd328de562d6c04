package io.rolegate.sso;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The secrets of the SSO protocols: random values (client secrets, device and authorization codes, tokens), the
 * short user code people type, their SHA-256 (what is stored) and the PKCE S256 check. Pure.
 */
public final class SsoCodes {
    /** 16 consonants: no vowels (no words), no look-alikes (0/O, 1/I/L, 2/Z, 5/S, 8/B). */
    private static final String ALPHABET = "CDFGHJKMNPQRTVWX";
    private static final int USER_CODE_LENGTH = 8;

    private SsoCodes() {
    }

    /** 32 random bytes, base64url, behind a readable prefix. */
    public static String secret(SecureRandom random, String prefix) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** XXXX-XXXX from 16 unambiguous consonants: 32 bits, short-lived and good for 10 minutes. */
    public static String userCode(SecureRandom random) {
        StringBuilder sb = new StringBuilder(USER_CODE_LENGTH + 1);
        for (int i = 0; i < USER_CODE_LENGTH; i++) {
            if (i == USER_CODE_LENGTH / 2) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** What a person typed, as stored: upper case, only the alphabet's letters, dash in the middle; null if not a code. */
    public static String normalizeUserCode(String typed) {
        if (typed == null || typed.length() > 64) {
            return null;
        }
        String letters = typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
        if (letters.length() != USER_CODE_LENGTH || !letters.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            return null;
        }
        return letters.substring(0, 4) + "-" + letters.substring(4);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /** Constant-time: does {@code presented} hash to {@code storedHash}? */
    public static boolean matches(String presented, String storedHash) {
        return presented != null && storedHash != null && MessageDigest.isEqual(
                hash(presented).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge, compared in constant time. */
    public static boolean pkceMatches(String verifier, String challenge) {
        if (verifier == null || challenge == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")) {
            return false;
        }
        String computed = Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                challenge.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
