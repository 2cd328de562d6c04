package io.rolegate.sso;

import io.quarkus.scheduler.Scheduled;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.iam.SessionRevocationService;
import io.rolegate.model.PortalSession;
import io.rolegate.store.PortalSessionStore;
import io.rolegate.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * "My sessions": the role sessions a person minted in the portal, kept in the store so every replica lists them.
 * Revoking one revokes its access key through the gateway's revocation list ({@link SessionRevocationService}, as
 * RevokeSession does), so every replica refuses it from then on.
 */
@ApplicationScoped
public class PortalSessions {
    @Inject
    PortalSessionStore store;
    @Inject
    SessionRevocationService revocations;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;

    public void minted(String signInKey, String subject, String roleArn, IssuedSession session) {
        var c = session.claims();
        tx.run(() -> store.insert(new PortalSession(c.accessKeyId(), signInKey, subject, roleArn,
                c.grant().sessionName(), c.issuedAt(), c.expiresAt(), null)));
    }

    /** The person's sessions still valid and not revoked, newest first. */
    public List<PortalSession> active(String signInKey, String subject) {
        return store.active(signInKey, subject, clock.instant());
    }

    /** Revokes one of the person's own sessions; false when it is not theirs, already revoked, or unknown. */
    public boolean revoke(String signInKey, String subject, String accessKeyId) {
        return tx.inTransaction(() -> {
            if (!store.markRevoked(signInKey, subject, accessKeyId, clock.instant())) {
                return false;
            }
            revocations.revokeAccessKey(accessKeyId);
            return true;
        });
    }

    /**
     * The person's identity provider logged them out (back-channel logout): every portal login of theirs issued until
     * now ends, on every replica.
     */
    public void providerLoggedOut(String issuer, String subject) {
        tx.run(() -> store.recordLogout(issuer, subject, clock.instant()));
    }

    /** True when the provider logged the person out at or after {@code loginIssuedAt} (their login's ID token iat). */
    public boolean endedByProvider(String issuer, String subject, Instant loginIssuedAt) {
        return store.loggedOutAt(issuer, subject).filter(at -> !at.isBefore(loginIssuedAt)).isPresent();
    }

    /** Forgets expired sessions and old logouts (every replica may run it; deleting twice is harmless). */
    @Scheduled(every = "1h", delayed = "2m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        tx.run(() -> {
            store.deleteExpired(clock.instant());
            // a login outlives its ID token by at most the SSO session duration; a day covers it
            store.deleteLogoutsBefore(clock.instant().minus(java.time.Duration.ofDays(1)));
        });
    }
}
