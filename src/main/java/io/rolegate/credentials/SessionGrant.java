package io.rolegate.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the STS layer decided to grant: the claims of a session minus what the issuer fills in (issuer, audience,
 * token id, access key id, issue time, secret key version; see {@link SessionClaims}). Immutable; tag order is
 * kept, absent optional values are null or empty. Build with {@link #builder}.
 *
 * @param kind               which STS call minted the session
 * @param subject            assumed-role ARN ({@code arn:aws:sts::ACCT:assumed-role/R/S}), federated-user ARN, or
 *                           the IAM user/root ARN for GetSessionToken
 * @param accountId          12-digit account of the session's principal
 * @param duration           how long the session is valid
 * @param roleId             role unique id ({@code AROA...}), ASSUMED_ROLE only
 * @param roleArn            role ARN, ASSUMED_ROLE only
 * @param sessionName        RoleSessionName, or the federated user's name
 * @param parentPrincipalArn the caller that asked for the session (required for SESSION_TOKEN / FEDERATED_USER)
 * @param parentPrincipalId  that caller's unique id ({@code AIDA...}) or account id for root
 * @param sourceIdentity     sts:SourceIdentity, immutable down the chain
 * @param sessionTags        principal tags of the session, in request order
 * @param transitiveTagKeys  keys that carry into chained sessions
 * @param chainDepth         0 for a session from long-term credentials, +1 per role-chaining hop
 * @param mfaAuthenticatedAt when MFA was last validated (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge); null without MFA
 * @param sessionPolicy      inline session policy JSON, verbatim (null if none)
 * @param sessionPolicyArns  managed session policy ARNs (PolicyArns)
 * @param carriedContext     condition keys that carry into later requests ({@code {provider}:sub}, {@code saml:sub}...)
 */
public record SessionGrant(
        SessionKind kind,
        String subject,
        String accountId,
        Duration duration,
        String roleId,
        String roleArn,
        String sessionName,
        String parentPrincipalArn,
        String parentPrincipalId,
        String sourceIdentity,
        Map<String, String> sessionTags,
        Set<String> transitiveTagKeys,
        int chainDepth,
        Instant mfaAuthenticatedAt,
        String sessionPolicy,
        List<String> sessionPolicyArns,
        Map<String, List<String>> carriedContext) {

    public SessionGrant {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        // fail where the grant is built, not later when it is minted
        if (kind == SessionKind.ASSUMED_ROLE && (roleId == null || roleArn == null)) {
            throw new IllegalArgumentException("an assumed-role session needs roleId and roleArn");
        }
        if (kind != SessionKind.ASSUMED_ROLE && parentPrincipalArn == null) {
            throw new IllegalArgumentException(kind + " needs the parent principal");
        }
        if (chainDepth < 0) {
            throw new IllegalArgumentException("chainDepth must be >= 0");
        }
        sessionTags = sessionTags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(sessionTags));
        transitiveTagKeys = transitiveTagKeys == null ? Set.of()
                : Collections.unmodifiableSet(new LinkedHashSet<>(transitiveTagKeys));
        sessionPolicyArns = sessionPolicyArns == null ? List.of() : List.copyOf(sessionPolicyArns);
        if (carriedContext == null) {
            carriedContext = Map.of();
        } else {
            Map<String, List<String>> copy = new LinkedHashMap<>();
            carriedContext.forEach((k, v) -> copy.put(k, List.copyOf(v)));
            carriedContext = Collections.unmodifiableMap(copy);
        }
    }

    /** aws:MultiFactorAuthPresent of the session. */
    public boolean mfaAuthenticated() {
        return mfaAuthenticatedAt != null;
    }

    public static Builder builder(SessionKind kind, String accountId, String subject, Duration duration) {
        return new Builder(kind, accountId, subject, duration);
    }

    /** Fluent construction; unset optional values stay null or empty. */
    public static final class Builder {
        private final SessionKind kind;
        private final String accountId;
        private final String subject;
        private final Duration duration;
        private String roleId;
        private String roleArn;
        private String sessionName;
        private String parentPrincipalArn;
        private String parentPrincipalId;
        private String sourceIdentity;
        private final Map<String, String> sessionTags = new LinkedHashMap<>();
        private final Set<String> transitiveTagKeys = new LinkedHashSet<>();
        private int chainDepth;
        private Instant mfaAuthenticatedAt;
        private String sessionPolicy;
        private List<String> sessionPolicyArns = List.of();
        private final Map<String, List<String>> carriedContext = new LinkedHashMap<>();

        private Builder(SessionKind kind, String accountId, String subject, Duration duration) {
            this.kind = kind;
            this.accountId = accountId;
            this.subject = subject;
            this.duration = duration;
        }

        public Builder role(String roleId, String roleArn) {
            this.roleId = roleId;
            this.roleArn = roleArn;
            return this;
        }

        public Builder sessionName(String sessionName) {
            this.sessionName = sessionName;
            return this;
        }

        public Builder parentPrincipal(String arn, String uniqueId) {
            this.parentPrincipalArn = arn;
            this.parentPrincipalId = uniqueId;
            return this;
        }

        public Builder sourceIdentity(String sourceIdentity) {
            this.sourceIdentity = sourceIdentity;
            return this;
        }

        public Builder sessionTags(Map<String, String> tags) {
            this.sessionTags.putAll(tags);
            return this;
        }

        public Builder transitiveTagKeys(Set<String> keys) {
            this.transitiveTagKeys.addAll(keys);
            return this;
        }

        public Builder chainDepth(int chainDepth) {
            this.chainDepth = chainDepth;
            return this;
        }

        /** When MFA authenticated the session's principal (null: no MFA); aws:MultiFactorAuthAge counts from it. */
        public Builder mfaAuthenticatedAt(Instant at) {
            this.mfaAuthenticatedAt = at;
            return this;
        }

        public Builder sessionPolicy(String policyJson) {
            this.sessionPolicy = policyJson;
            return this;
        }

        public Builder sessionPolicyArns(List<String> arns) {
            this.sessionPolicyArns = List.copyOf(arns);
            return this;
        }

        public Builder carriedContext(String key, List<String> values) {
            this.carriedContext.put(key, List.copyOf(values));
            return this;
        }

        public SessionGrant build() {
            return new SessionGrant(kind, subject, accountId, duration, roleId, roleArn, sessionName, parentPrincipalArn,
                    parentPrincipalId, sourceIdentity, sessionTags, transitiveTagKeys, chainDepth, mfaAuthenticatedAt,
                    sessionPolicy, sessionPolicyArns, carriedContext);
        }
    }
}
