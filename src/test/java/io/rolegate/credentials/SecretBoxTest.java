package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretBoxTest {
    private final SecureRandom random = new SecureRandom();
    private final MasterKey key1 = MasterKeys.generate(1, random);
    private final SecretBox box = new SecretBox(key1, random);

    @ParameterizedTest
    @ValueSource(strings = {"", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ünïcødé ✓", "{\"kty\":\"EC\"}"})
    void roundTripsStrings(String plaintext) {
        String sealed = box.sealString(plaintext, "AKIAV7S32T2OSBFJQOIY");
        assertEquals(plaintext, box.openString(sealed, "AKIAV7S32T2OSBFJQOIY"));
        assertFalse(sealed.contains(plaintext.isEmpty() ? "\u0000" : plaintext));
    }

    @Test
    void formatIsVersionedAndNoncesAreFresh() {
        byte[] a = box.seal(new byte[] {1, 2, 3}, "row");
        byte[] b = box.seal(new byte[] {1, 2, 3}, "row");
        assertEquals(1, a[0]);
        assertEquals(1, SecretBox.keyVersionOf(a));
        assertEquals(2 + 12 + 3 + 16, a.length);
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void everySingleBitFlipIsDetected() {
        byte[] sealed = box.seal("secret".getBytes(StandardCharsets.UTF_8), "row-1");
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = sealed.clone();
                copy[i] ^= (byte) (1 << bit);
                assertThrows(SecretBoxException.class, () -> box.open(copy, "row-1"), "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void ciphertextIsBoundToItsRow() {
        String sealed = box.sealString("secret", "AKIAAAAAAAAAAAAAAAAA");
        SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.openString(sealed, "AKIABBBBBBBBBBBBBBBB"));
        assertTrue(e.getMessage().contains("authentication"));
    }

    @Test
    void truncatedAndGarbageInputsFailClearly() {
        byte[] sealed = box.seal(new byte[10], "r");
        for (int len = 0; len < sealed.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(sealed, len);
            assertThrows(SecretBoxException.class, () -> box.open(cut, "r"));
        }
        assertThrows(SecretBoxException.class, () -> box.openString("not base64!", "r"));
    }

    @Test
    void rotationOpensOldCiphertextsAndSealsUnderTheNewKey() {
        byte[] old = box.seal("v1 data".getBytes(StandardCharsets.UTF_8), "r");
        MasterKey key2 = MasterKeys.generate(2, random);
        SecretBox rotated = new SecretBox(key2, List.of(key1), random);
        assertArrayEquals("v1 data".getBytes(StandardCharsets.UTF_8), rotated.open(old, "r"));
        assertTrue(rotated.needsResealing(old));
        byte[] fresh = rotated.seal(new byte[] {7}, "r");
        assertEquals(2, SecretBox.keyVersionOf(fresh));
        assertFalse(rotated.needsResealing(fresh));
        // a process that only knows key 1 cannot open key-2 data, and says why
        SecretBoxException e = assertThrows(SecretBoxException.class, () -> box.open(fresh, "r"));
        assertTrue(e.getMessage().contains("version 2"));
    }

    @Test
    void relabellingTheKeyVersionIsDetected() {
        MasterKey sameBytesOtherVersion = new MasterKey(3, Base64.getDecoder().decode(toBase64(key1)));
        SecretBox both = new SecretBox(sameBytesOtherVersion, List.of(key1), random);
        byte[] sealed = both.seal(new byte[] {1}, "r");
        sealed[1] = 1; // claims key 1 (same bytes), but the header is authenticated
        assertThrows(SecretBoxException.class, () -> both.open(sealed, "r"));
    }

    @Test
    void masterKeysParseAndGenerate() {
        String text = MasterKeys.generateBase64(random);
        assertEquals(44, text.length());
        MasterKey parsed = MasterKeys.parse(1, text);
        assertEquals(parsed, MasterKeys.parse(1, "  " + text + "\n"));
        assertEquals(parsed, MasterKeys.parse(1, text.replace('+', '-').replace('/', '_')));
        assertThrows(IllegalArgumentException.class, () -> MasterKeys.parse(1, "c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> MasterKeys.parse(1, "%%%"));
        assertThrows(IllegalArgumentException.class, () -> MasterKeys.parse(0, text));
        assertFalse(parsed.toString().contains(text));
    }

    private static String toBase64(MasterKey key) {
        return Base64.getEncoder().encodeToString(key.keyBytes());
    }
}
