package io.rolegate.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The life cycle of the session secret key versions ({@link SessionSecrets}) as a pure function, like
 * {@link KeyRotation} for signing keys. Version N+1 is created when version N has derived new secrets for
 * {@code rotationPeriod}; it derives new secrets from {@code propagationDelay} after its creation (every replica has
 * loaded it by then), except the first version, which is used at once. A version that no longer derives new secrets
 * is kept until every session made under it has expired ({@code maxSessionDuration} after its successor took over),
 * then retired. Versions are numbered 1, 2, 3...; all replicas compute the same plan from the stored versions.
 */
public final class SessionSecretRotation {
    private SessionSecretRotation() {
    }

    /** A stored version and when it was created. */
    public record Version(int version, Instant createdAt) {
    }

    /**
     * @param current the version that derives new secrets now
     * @param create  the version to create now, or 0 for none
     * @param retire  versions to delete: every session they derived has expired
     */
    public record Plan(int current, int create, List<Integer> retire) {
    }

    /** @param stored at least one version */
    public static Plan plan(List<Version> stored, Instant now, Duration rotationPeriod, Duration propagationDelay,
                            Duration maxSessionDuration) {
        List<Version> versions = new ArrayList<>(stored);
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("no session secret key version");
        }
        versions.sort(Comparator.comparingInt(Version::version));
        int currentIndex = 0;
        for (int i = 1; i < versions.size(); i++) {
            if (!now.isBefore(activation(versions, i, propagationDelay))) {
                currentIndex = i;
            }
        }
        Version current = versions.get(currentIndex);
        boolean pending = currentIndex < versions.size() - 1;
        int create = !pending && !now.isBefore(activation(versions, currentIndex, propagationDelay).plus(rotationPeriod))
                ? versions.get(versions.size() - 1).version() + 1 : 0;
        List<Integer> retire = new ArrayList<>();
        for (int i = 0; i < currentIndex; i++) {
            Instant replaced = activation(versions, i + 1, propagationDelay);
            if (!now.isBefore(replaced.plus(maxSessionDuration))) {
                retire.add(versions.get(i).version());
            }
        }
        return new Plan(current.version(), create, List.copyOf(retire));
    }

    /** When version {@code i} (sorted) starts deriving new secrets: the oldest stored at once, later ones after the delay. */
    private static Instant activation(List<Version> sorted, int i, Duration propagationDelay) {
        Instant created = Objects.requireNonNull(sorted.get(i).createdAt());
        return i == 0 ? created : created.plus(propagationDelay);
    }
}
