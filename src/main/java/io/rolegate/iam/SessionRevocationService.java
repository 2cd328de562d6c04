package io.rolegate.iam;

import io.quarkus.scheduler.Scheduled;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.model.Role;
import io.rolegate.model.SessionRevocation;
import io.rolegate.model.User;
import io.rolegate.store.RevocationStore;
import io.rolegate.store.RoleStore;
import io.rolegate.store.Transactions;
import io.rolegate.store.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Revocation of temporary credentials (Rolegate's RevokeSession, RevokeRoleSessions, RevokeUserSessions): one
 * session by its ASIA key id, every session of a name by its session ARN, every session of a role or of a user
 * (GetSessionToken, GetFederationToken) issued before a time. {@link RevokedSessions} enforces them. A row is kept
 * until no session it refuses can still be valid: its mark plus the longest session lifetime
 * ({@code rolegate.keys.max-token-lifetime}, 36 h: a key id or an ARN does not tell when its session ends).
 */
@ApplicationScoped
public class SessionRevocationService {
    private static final Logger LOG = Logger.getLogger(SessionRevocationService.class);

    @Inject
    RevocationStore store;
    @Inject
    RoleStore roles;
    @Inject
    UserStore users;
    @Inject
    Transactions tx;
    @Inject
    Clock clock;
    @Inject
    SessionTokenSettings settings;

    /** The one session of a temporary access key id (the key id is well-formed ASIA..., checked by the caller). */
    public SessionRevocation revokeAccessKey(String accessKeyId) {
        String account = AccessKeyIds.accountOf(accessKeyId).orElseThrow();
        return save(SessionRevocation.Kind.ACCESS_KEY, accessKeyId, account, null);
    }

    /**
     * Every session with this ARN issued until now (the ARN names sessions by role and session name, so all live
     * sessions of that name go). NoSuchEntity when an assumed-role ARN names no role.
     */
    public SessionRevocation revokeSessionArn(SessionArn arn) {
        if (arn.roleName() != null) {
            roles.findByName(arn.accountId(), arn.roleName())
                    .orElseThrow(() -> PolicyOwners.noSuchRole(arn.roleName()));
        }
        return save(SessionRevocation.Kind.SESSION_ARN, arn.arn().toLowerCase(Locale.ROOT), arn.accountId(), null);
    }

    /** Every session of the role issued before {@code issuedBefore} (null: now). */
    public SessionRevocation revokeRoleSessions(String accountId, String roleName, Instant issuedBefore) {
        Role role = roles.findByName(accountId, roleName).orElseThrow(() -> PolicyOwners.noSuchRole(roleName));
        return save(SessionRevocation.Kind.ROLE, role.roleId(), accountId, issuedBefore);
    }

    /** Every GetSessionToken and GetFederationToken session of the user issued before {@code issuedBefore} (null: now). */
    public SessionRevocation revokeUserSessions(String accountId, String userName, Instant issuedBefore) {
        User user = users.findByName(accountId, userName).orElseThrow(() -> UserService.noSuchUser(userName));
        return save(SessionRevocation.Kind.USER, user.userId(), accountId, issuedBefore);
    }

    /**
     * Session issue times are whole seconds, so "now" is rounded up: every session issued until now is refused,
     * and so are those issued in the rest of this second.
     */
    private SessionRevocation save(SessionRevocation.Kind kind, String subject, String accountId, Instant issuedBefore) {
        Instant now = clock.instant();
        Instant mark = issuedBefore != null ? issuedBefore : roundUp(now);
        SessionRevocation r = new SessionRevocation(kind, subject, accountId, mark, now,
                mark.plus(settings.rotationPolicy().maxSessionDuration()));
        return tx.inTransaction(() -> store.revoke(r));
    }

    static Instant roundUp(Instant t) {
        Instant s = t.truncatedTo(ChronoUnit.SECONDS);
        return s.equals(t) ? s : s.plusSeconds(1);
    }

    /** Deletes the revocations whose sessions have all expired (every replica may run it; deleting twice is harmless). */
    @Scheduled(every = "${rolegate.revocation.prune-every:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void prune() {
        Instant now = clock.instant();
        if (store.anyPrunable(now)) {
            int n = tx.inTransaction(() -> store.prune(now));
            LOG.debugf("Pruned %d session revocations whose sessions have all expired", n);
        }
    }
}
