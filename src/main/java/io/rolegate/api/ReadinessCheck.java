package io.rolegate.api;

import io.rolegate.credentials.RotationPolicy;
import io.rolegate.credentials.SigningKey;
import io.rolegate.iam.SessionKeys;
import io.rolegate.iam.SessionTokenSettings;
import io.rolegate.store.StoreProbe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Instant;

/**
 * /q/health/ready: DOWN while the database does not answer or no current signing key signs session tokens (none
 * loaded, or the active one overdue for rotation by more than the propagation delay: rotation has stalled).
 * Liveness does not look at either (a replica waiting for its database should not be restarted).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {
    @Inject
    StoreProbe store;
    @Inject
    SessionKeys keys;
    @Inject
    SessionTokenSettings settings;
    @Inject
    Clock clock;

    @Override
    public HealthCheckResponse call() {
        String key;
        try {
            key = keyProblem(keys.ring().activeKey(), settings.rotationPolicy(), clock.instant());
        } catch (RuntimeException e) {
            key = "no signing key loaded: " + e.getMessage();
        }
        return report(store.problem(), key);
    }

    /** UP when both are null; otherwise DOWN with what is wrong. */
    static HealthCheckResponse report(String databaseProblem, String keyProblem) {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("rolegate")
                .status(databaseProblem == null && keyProblem == null)
                .withData("database", databaseProblem == null ? "UP" : databaseProblem)
                .withData("signingKey", keyProblem == null ? "UP" : keyProblem);
        return r.build();
    }

    /** Null when {@code active} is a key that signs and rotation is keeping up with it. */
    static String keyProblem(SigningKey active, RotationPolicy policy, Instant now) {
        if (active == null) {
            return "no active signing key";
        }
        Instant since = active.activatedAt() == null ? active.createdAt() : active.activatedAt();
        if (since.plus(policy.rotationPeriod()).plus(policy.propagationDelay()).isBefore(now)) {
            return "the active key " + active.kid() + " is overdue for rotation (active since " + since + ")";
        }
        return null;
    }
}
