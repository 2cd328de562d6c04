package io.rolegate.audit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A link is SHA-256 over "prevHash \n seq \n record", whatever the record holds (the chain's stored format). */
class ChainHashTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "{\"eventName\":\"AssumeRole\"}", "{\"userName\":\"zoë-日本\"}", "a\nb"})
    void aLinkHashesTheSameBytesAsTheDocumentedConcatenation(String record) {
        assertEquals(ChainHash.sha256Hex(ChainHash.GENESIS + "\n" + 42 + "\n" + record),
                ChainHash.link(ChainHash.GENESIS, 42, record));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc"})
    void knownDigests(String text) {
        // FIPS 180-2 test vectors
        assertEquals(text.isEmpty() ? "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
                : "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ChainHash.sha256Hex(text));
    }
}
