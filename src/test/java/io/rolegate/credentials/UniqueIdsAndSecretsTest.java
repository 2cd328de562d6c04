package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UniqueIdsAndSecretsTest {
    private final SecureRandom random = new SecureRandom();

    @ParameterizedTest
    @EnumSource(UniqueIdPrefix.class)
    void uniqueIdsHaveThePrefixAnd17Base32Chars(UniqueIdPrefix prefix) {
        String id = new UniqueIds(random).newId(prefix, "210987654321");
        assertTrue(Pattern.matches(prefix.name() + "[A-Z2-7]{17}", id), id);
        assertEquals(Optional.of(prefix), UniqueIds.prefixOf(id));
        assertEquals(Optional.of("210987654321"), UniqueIds.accountOf(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AROAJ2UCCR6DPCEXAMPLE", "AIDAJQABLZS4A3QDU576Q"})
    void acceptsAwsDocumentationIds(String id) {
        assertTrue(UniqueIds.isWellFormed(id));
    }

    @ParameterizedTest
    @ValueSource(strings = {"AROAJ2UCCR6DPCEXAMPL", "AROAJ2UCCR6DPCEXAMPLE1", "XXXXJ2UCCR6DPCEXAMPLE", "AROAJ2UCCR6DPCEXAMPL0"})
    void rejectsMalformedUniqueIds(String id) {
        assertFalse(UniqueIds.isWellFormed(id));
    }

    @Test
    void secretsAre40CharsOfTheAwsAlphabetAndUseAllOfIt() {
        SecretAccessKeys secrets = new SecretAccessKeys(random);
        Set<Character> seen = new HashSet<>();
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String s = secrets.newSecret();
            assertTrue(Pattern.matches("[A-Za-z0-9+/]{40}", s), s);
            assertTrue(SecretAccessKeys.isWellFormed(s));
            s.chars().forEach(c -> seen.add((char) c));
            distinct.add(s);
        }
        assertEquals(64, seen.size());
        assertEquals(2_000, distinct.size());
    }

    @Test
    void secretSyntax() {
        assertTrue(SecretAccessKeys.isWellFormed("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));
        assertFalse(SecretAccessKeys.isWellFormed("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKE"));
        assertFalse(SecretAccessKeys.isWellFormed("wJalrXUtnFEMI-K7MDENG/bPxRfiCYEXAMPLEKEY"));
    }
}
