package io.rolegate.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the STS layer decided to grant: the claims of a session minus what the issuer fills in (issuer, audience,
 * token id, access key id, issue and expiry time, secret key version). Build with {@link #builder}.
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
