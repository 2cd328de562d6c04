package io.rolegate.credentials;

import java.time.Duration;
import java.util.Objects;

/**
 * @param algorithm          algorithm of newly generated keys
 * @param rotationPeriod     how long a key stays ACTIVE before the NEXT key replaces it
 * @param propagationDelay   how long a NEXT key must have been published before it may sign (JWKS caches)
 * @param maxSessionDuration longest session a key can have signed: a RETIRED key is kept this long after retirement
 */
public record RotationPolicy(SigningAlgorithm algorithm, Duration rotationPeriod, Duration propagationDelay,
                             Duration maxSessionDuration) {
    public static final Duration DEFAULT_ROTATION_PERIOD = Duration.ofHours(24);
    public static final Duration DEFAULT_PROPAGATION_DELAY = Duration.ofHours(1);
    public static final Duration DEFAULT_MAX_SESSION_DURATION = Duration.ofSeconds(43_200);

    public RotationPolicy {
        Objects.requireNonNull(algorithm);
        requirePositive(rotationPeriod, "rotationPeriod");
        requirePositive(propagationDelay, "propagationDelay");
        requirePositive(maxSessionDuration, "maxSessionDuration");
    }

    /** ES256, rotate daily, publish 1 h ahead, keep retired keys 12 h. */
    public static RotationPolicy defaults() {
        return new RotationPolicy(SigningAlgorithm.ES256, DEFAULT_ROTATION_PERIOD, DEFAULT_PROPAGATION_DELAY,
                DEFAULT_MAX_SESSION_DURATION);
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
