package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AccessKeyIdsTest {
    private static final Pattern AKIA = Pattern.compile("AKIA[A-Z2-7]{16}");
    private static final Pattern ASIA = Pattern.compile("ASIA[A-Z2-7]{16}");

    private final AccessKeyIds ids = new AccessKeyIds(new SecureRandom());

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/credentials/access-key-accounts.csv", commentCharacter = '#')
    void decodesPublishedPairs(String keyId, String account) {
        assertEquals(Optional.of(account), AccessKeyIds.accountOf(keyId));
    }

    @Test
    void roundTripsRandomAccountsForBothKinds() {
        Random seeds = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            String account = String.format("%012d", Math.floorMod(seeds.nextLong(), 1_000_000_000_000L));
            String longTerm = ids.newLongTermId(account);
            String temporary = ids.newTemporaryId(account);
            assertTrue(AKIA.matcher(longTerm).matches(), longTerm);
            assertTrue(ASIA.matcher(temporary).matches(), temporary);
            assertEquals(Optional.of(account), AccessKeyIds.accountOf(longTerm), longTerm);
            assertEquals(Optional.of(account), AccessKeyIds.accountOf(temporary), temporary);
            assertFalse(AccessKeyIds.isTemporary(longTerm));
            assertTrue(AccessKeyIds.isTemporary(temporary));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"000000000000", "000000000001", "999999999999", "123456789012", "549755813887"})
    void roundTripsEdgeAccounts(String account) {
        String id = ids.newLongTermId(account);
        assertEquals(Optional.of(account), AccessKeyIds.accountOf(id));
        assertTrue(Base32.valueOf(id.charAt(4)) >= 16, "post-2019 ids start their account part at Q..7: " + id);
    }

    @Test
    void randomPartDiffersBetweenIdsOfTheSameAccount() {
        assertFalse(ids.newTemporaryId("123456789012").equals(ids.newTemporaryId("123456789012")));
        // 8 fixed characters + 1 half-fixed; the rest is random
        assertEquals(ids.newTemporaryId("123456789012").substring(0, 12), ids.newTemporaryId("123456789012").substring(0, 12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AKIA", "AKIAV7S32T2OSBFJQOI", "AKIAV7S32T2OSBFJQOIYX", "AKIAV7S32T2OSBFJQOI1",
            "AKIAV7S32T2OSBFJQOI0", "akiav7s32t2osbfjqoiy", "AGPAV7S32T2OSBFJQOIY", "AKIAV7S32T2OSBFJQOI=",
            "ASIAV7S32T2OSBFJQO8Y"})
    void rejectsMalformedIds(String keyId) {
        assertFalse(AccessKeyIds.isWellFormed(keyId));
        assertEquals(Optional.empty(), AccessKeyIds.accountOf(keyId));
        assertFalse(AccessKeyIds.isTemporary(keyId));
    }

    @Test
    void nullIsNotWellFormed() {
        assertFalse(AccessKeyIds.isWellFormed(null));
        assertEquals(Optional.empty(), AccessKeyIds.accountOf(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901", "1234567890123", "12345678901a", "-12345678901"})
    void refusesBadAccounts(String account) {
        assertThrows(IllegalArgumentException.class, () -> ids.newLongTermId(account));
    }
}
