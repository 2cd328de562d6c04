package io.rolegate.iam;

import io.rolegate.credentials.SessionClaims;
import io.rolegate.model.SessionRevocation;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every live revocation, as one immutable in-memory view: revoked ASIA key ids, and watermarks (sessions issued
 * before the instant are refused) per session ARN, role unique id and user unique id.
 */
public final class RevocationList {
    private final Set<String> accessKeys = new HashSet<>();
    private final Map<String, Instant> sessionArns = new HashMap<>();
    private final Map<String, Instant> roles = new HashMap<>();
    private final Map<String, Instant> users = new HashMap<>();

    public RevocationList(List<SessionRevocation> rows) {
        for (SessionRevocation r : rows) {
            switch (r.kind()) {
                case ACCESS_KEY -> accessKeys.add(r.subject());
                case SESSION_ARN -> sessionArns.put(r.subject(), r.issuedBefore());
                case ROLE -> roles.put(r.subject(), r.issuedBefore());
                case USER -> users.put(r.subject(), r.issuedBefore());
            }
        }
    }

    /** True when a revocation names this session: its key id, its ARN, its role or its user, issued before the mark. */
    public boolean refuses(SessionClaims c) {
        if (accessKeys.contains(c.accessKeyId())
                || issuedBefore(sessionArns.get(c.subject().toLowerCase(Locale.ROOT)), c)) {
            return true;
        }
        return switch (c.kind()) {
            case ASSUMED_ROLE -> issuedBefore(roles.get(c.roleId()), c);
            case SESSION_TOKEN, FEDERATED_USER -> issuedBefore(users.get(c.parentPrincipalId()), c);
        };
    }

    private static boolean issuedBefore(Instant mark, SessionClaims c) {
        return mark != null && c.issuedAt().isBefore(mark);
    }

    public boolean isEmpty() {
        return accessKeys.isEmpty() && sessionArns.isEmpty() && roles.isEmpty() && users.isEmpty();
    }
}
