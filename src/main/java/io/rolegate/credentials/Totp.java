package io.rolegate.credentials;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Time-based one-time passwords as virtual MFA devices compute them (RFC 6238 over RFC 4226): HMAC-SHA1 of the
 * 30-second time step since the epoch, dynamically truncated to 6 digits. Codes are compared in constant time, and a
 * search over a window always computes every candidate, so timing does not tell which step matched.
 */
public final class Totp {
    public static final int DIGITS = 6;
    public static final long STEP_SECONDS = 30;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private final byte[] key;

    private Totp(byte[] key) {
        this.key = key.clone();
    }

    public static Totp ofKey(byte[] key) {
        return new Totp(key);
    }

    /** The device's secret as CreateVirtualMFADevice hands it out (Base32StringSeed). */
    public static Totp ofBase32Seed(String seed) {
        return new Totp(Base32.decode(seed));
    }

    /** A new random seed of {@code bytes} bytes, base32-encoded. */
    public static String newBase32Seed(java.security.SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base32.encode(b);
    }

    public static long stepOf(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), STEP_SECONDS);
    }

    /** The 6-digit code of a time step. */
    public String code(long step) {
        return code(step, DIGITS);
    }

    /** The code of a time step with 1..8 digits (RFC 6238's test vectors use 8). */
    public String code(long step, int digits) {
        byte[] h = hmac(step);
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                | (h[offset + 3] & 0xff);
        StringBuilder s = new StringBuilder(Integer.toString(binary % POWERS[digits]));
        while (s.length() < digits) {
            s.insert(0, '0');
        }
        return s.toString();
    }

    /**
     * The step in {@code [from, to]} whose code equals {@code code}, or empty. Every step is computed and compared
     * with {@link MessageDigest#isEqual}; when several match (a collision), the latest wins.
     */
    public OptionalLong match(String code, long from, long to) {
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long found = Long.MIN_VALUE;
        for (long step = from; step <= to; step++) {
            boolean eq = MessageDigest.isEqual(code(step).getBytes(StandardCharsets.US_ASCII), given);
            found = eq ? step : found;
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** The step s in {@code [from, to]} with {@code first} at s and {@code second} at s + 1 (two consecutive codes). */
    public OptionalLong matchConsecutive(String first, String second, long from, long to) {
        byte[] a = first.getBytes(StandardCharsets.US_ASCII);
        byte[] b = second.getBytes(StandardCharsets.US_ASCII);
        long found = Long.MIN_VALUE;
        byte[] current = code(from).getBytes(StandardCharsets.US_ASCII);
        for (long step = from; step <= to; step++) {
            byte[] next = code(step + 1).getBytes(StandardCharsets.US_ASCII);
            boolean eq = MessageDigest.isEqual(current, a) & MessageDigest.isEqual(next, b);
            found = eq ? step : found;
            current = next;
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    private byte[] hmac(long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] msg = new byte[8];
            for (int i = 7; i >= 0; i--) {
                msg[i] = (byte) (step & 0xff);
                step >>>= 8;
            }
            return mac.doFinal(msg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
