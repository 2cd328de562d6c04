package io.rolegate.credentials;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.SecureRandom;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IssuerWarmUpTest {
    /** The warm-up drives the real issuer and verifier: every token it mints with its throwaway ring verifies. */
    @ParameterizedTest
    @EnumSource(SigningAlgorithm.class)
    void everyWarmUpTokenVerifies(SigningAlgorithm algorithm) {
        assertEquals(3, IssuerWarmUp.run(algorithm, 3, Clock.systemUTC(), new SecureRandom()));
    }
}
