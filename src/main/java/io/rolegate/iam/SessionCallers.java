package io.rolegate.iam;

import io.rolegate.credentials.SessionClaims;
import io.rolegate.credentials.VerifiedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Authentication of temporary credentials: verify the session token (signature, issuer, audience, key id, expiry;
 * no database), derive the secret, and describe the caller. The role (or parent user) must still exist with the
 * same unique id, so a role deleted and re-created under the same name does not inherit old sessions, and no
 * revocation may name the session ({@link RevokedSessions}). A deleted principal's or a revoked session answers
 * InvalidClientTokenId, AWS's answer for credentials it no longer knows (ExpiredToken would claim an expiry that
 * the token's own {@code exp} contradicts, and SDKs treat it as a cue to refresh).
 */
@ApplicationScoped
public class SessionCallers {
    public record Authenticated(Caller caller, String secret) {
    }

    @Inject
    SessionKeys keys;
    @Inject
    RoleDirectory roles;
    @Inject
    PrincipalDirectory directory;
    @Inject
    RevokedSessions revoked;

    public Authenticated authenticate(String sessionToken, String accessKeyId) {
        if (sessionToken == null || accessKeyId == null) {
            throw invalid();
        }
        VerifiedSession v = keys.verify(sessionToken, accessKeyId);
        return new Authenticated(callerOf(v.claims()), v.secretAccessKey());
    }

    public Caller callerOf(SessionClaims c) {
        if (revoked.refuses(c)) {
            throw invalid();
        }
        Caller.SessionInfo info = new Caller.SessionInfo(kind(c), c.roleId(), c.roleArn(), c.sessionName(),
                c.issuedAt(), c.expiresAt(), c.sourceIdentity(), c.sessionTags(), c.transitiveTagKeys(),
                c.chainDepth(), c.mfaAuthenticatedAt(), c.sessionPolicy(), c.sessionPolicyArns(), c.carriedContext());
        return switch (c.kind()) {
            case ASSUMED_ROLE -> {
                RoleDirectory.RoleEntry role = roles.byArn(c.roleArn())
                        .filter(r -> r.role().roleId().equals(c.roleId())).orElseThrow(SessionCallers::invalid);
                yield new Caller(c.accountId(), PrincipalType.AssumedRole, c.subject(), c.roleArn(),
                        c.roleId() + ":" + c.sessionName(), c.accessKeyId(), null,
                        merge(role.tags(), c.sessionTags()), info);
            }
            case SESSION_TOKEN -> {
                PrincipalDirectory.UserEntry u = parent(c);
                yield new Caller(c.accountId(), PrincipalType.User, u.user().arn(), u.user().arn(), u.user().userId(),
                        c.accessKeyId(), u.user(), u.tags(), info);
            }
            case FEDERATED_USER -> {
                PrincipalDirectory.UserEntry u = parent(c);
                yield new Caller(c.accountId(), PrincipalType.FederatedUser, c.subject(), c.subject(),
                        c.accountId() + ":" + c.sessionName(), c.accessKeyId(), u.user(), c.sessionTags(), info);
            }
        };
    }

    private PrincipalDirectory.UserEntry parent(SessionClaims c) {
        return directory.user(c.parentPrincipalId())
                .filter(u -> u.user().arn().equals(c.parentPrincipalArn())).orElseThrow(SessionCallers::invalid);
    }

    private static Caller.SessionKind kind(SessionClaims c) {
        return switch (c.kind()) {
            case ASSUMED_ROLE -> Caller.SessionKind.ASSUMED_ROLE;
            case SESSION_TOKEN -> Caller.SessionKind.SESSION_TOKEN;
            case FEDERATED_USER -> Caller.SessionKind.FEDERATED_USER;
        };
    }

    /** Principal tags: the role's tags overridden (case-insensitive key) by the session's tags. */
    public static Map<String, String> merge(Map<String, String> roleTags, Map<String, String> sessionTags) {
        if (sessionTags.isEmpty()) {
            return roleTags;
        }
        Map<String, String> byLower = new LinkedHashMap<>();
        Map<String, String> out = new LinkedHashMap<>();
        roleTags.forEach((k, v) -> {
            byLower.put(k.toLowerCase(Locale.ROOT), k);
            out.put(k, v);
        });
        sessionTags.forEach((k, v) -> {
            String existing = byLower.get(k.toLowerCase(Locale.ROOT));
            if (existing != null) {
                out.remove(existing);
            }
            out.put(k, v);
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    static AwsException invalid() {
        return new AwsException(ErrorCode.InvalidClientTokenId);
    }
}
