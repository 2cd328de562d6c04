package io.rolegate.credentials;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TOTP against RFC 6238's test vectors (src/test/resources/mfa/rfc6238-sha1.csv), and the window searches. */
class TotpTest {
    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    record Vector(long unixTime, Instant utc, long step, String code8) {
    }

    static List<Vector> vectors() throws IOException {
        try (InputStream in = TotpTest.class.getResourceAsStream("/mfa/rfc6238-sha1.csv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split(","))
                    .map(f -> new Vector(Long.parseLong(f[0]), Instant.parse(f[1]), Long.parseUnsignedLong(f[2], 16), f[3]))
                    .toList();
        }
    }

    @Test
    void rfc6238Sha1VectorsWithEightAndSixDigits() throws IOException {
        Totp totp = Totp.ofKey(RFC_SEED);
        List<Vector> vs = vectors();
        assertEquals(6, vs.size());
        for (Vector v : vs) {
            assertEquals(v.utc(), Instant.ofEpochSecond(v.unixTime()));
            assertEquals(v.step(), Totp.stepOf(v.utc()), "T of " + v.utc());
            assertEquals(v.code8(), totp.code(v.step(), 8), "8 digits at " + v.utc());
            // a 6-digit code is the same truncation modulo 10^6: the last six digits
            assertEquals(v.code8().substring(2), totp.code(v.step()), "6 digits at " + v.utc());
        }
    }

    @Test
    void theBase32SeedDecodesToTheRfcKey() {
        assertArrayEquals(RFC_SEED, Base32.decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Base32.encode(RFC_SEED));
        Totp fromSeed = Totp.ofBase32Seed("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertEquals("287082", fromSeed.code(1));
    }

    @Test
    void newSeedsAre64Base32CharactersLikeAwss() {
        String seed = Totp.newBase32Seed(new SecureRandom(), 40);
        assertTrue(seed.matches("[A-Z2-7]{64}"), seed);
        assertEquals(40, Base32.decode(seed).length);
    }

    @Test
    void matchFindsTheStepWithinTheWindowOnly() throws IOException {
        Totp totp = Totp.ofKey(RFC_SEED);
        long t = vectors().get(3).step();
        String code = totp.code(t);
        assertEquals(OptionalLong.of(t), totp.match(code, t - 1, t + 1));
        assertEquals(OptionalLong.of(t), totp.match(code, t, t));
        assertEquals(OptionalLong.empty(), totp.match(code, t + 1, t + 3));
        assertEquals(OptionalLong.empty(), totp.match(code, t - 3, t - 1));
        assertEquals(OptionalLong.empty(), totp.match("000000".equals(code) ? "000001" : "000000", t - 1, t + 1));
    }

    @Test
    void consecutiveCodesMustBeInOrderAndAdjacent() {
        Totp totp = Totp.ofKey(RFC_SEED);
        long t = 1_000_000;
        assertEquals(OptionalLong.of(t), totp.matchConsecutive(totp.code(t), totp.code(t + 1), t - 10, t + 10));
        assertEquals(OptionalLong.empty(), totp.matchConsecutive(totp.code(t + 1), totp.code(t), t - 10, t + 10),
                "swapped");
        assertEquals(OptionalLong.empty(), totp.matchConsecutive(totp.code(t), totp.code(t + 2), t - 10, t + 10),
                "not adjacent");
        assertEquals(OptionalLong.empty(), totp.matchConsecutive(totp.code(t), totp.code(t), t - 10, t + 10),
                "the same code twice");
        assertEquals(OptionalLong.empty(), totp.matchConsecutive(totp.code(t), totp.code(t + 1), t + 1, t + 10),
                "outside the window");
    }
}
