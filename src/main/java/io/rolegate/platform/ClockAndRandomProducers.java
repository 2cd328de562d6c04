package io.rolegate.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The one source of time and randomness, injected everywhere (business code never calls Instant.now() or
 * new SecureRandom()) so tests can control them.
 */
@ApplicationScoped
public class ClockAndRandomProducers {
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new PerThreadSecureRandom();
    }
}
