package io.rolegate.credentials;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a replica needs to authenticate and authorise a request made with temporary credentials, as carried
 * (signed) in the session token. Immutable; tag order is kept, absent optional values are null or empty.
 *
 * @param issuer               token issuer (the gateway's configured issuer URL)
 * @param audience             token audience (the gateway's configured audience)
 * @param tokenId              jti: random, unique per session; input of the secret derivation
 * @param kind                 which STS call minted the session
 * @param subject              assumed-role ARN ({@code arn:aws:sts::ACCT:assumed-role/R/S}), federated-user ARN, or
 *                             the IAM user/root ARN for GetSessionToken
 * @param accountId            12-digit account of the session's principal
 * @param accessKeyId          the {@code ASIA} id handed out with the token
 * @param issuedAt             aws:TokenIssueTime (whole seconds)
 * @param expiresAt            end of validity, exclusive (whole seconds)
 * @param roleId               role unique id ({@code AROA...}), ASSUMED_ROLE only
 * @param roleArn              role ARN, ASSUMED_ROLE only
 * @param sessionName          RoleSessionName, or the federated user's name
 * @param parentPrincipalArn   the caller that asked for the session (required for SESSION_TOKEN / FEDERATED_USER)
 * @param parentPrincipalId    that caller's unique id ({@code AIDA...}) or account id for root
 * @param sourceIdentity       sts:SourceIdentity, immutable down the chain
 * @param sessionTags          principal tags of the session, in request order
 * @param transitiveTagKeys    keys that carry into chained sessions
 * @param chainDepth           0 for a session from long-term credentials, +1 per role-chaining hop
 * @param mfaAuthenticatedAt   when MFA was last validated for the principal (aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge); null without MFA
 * @param sessionPolicy        inline session policy JSON, verbatim (null if none)
 * @param sessionPolicyArns    managed session policy ARNs (PolicyArns)
 * @param carriedContext       condition keys that carry into later requests ({@code {provider}:sub}, {@code saml:sub}...)
 * @param secretKeyVersion     version of the server-held session secret key the secret is derived under
 */
public record SessionClaims(
        String issuer,
        String audience,
        String tokenId,
        SessionKind kind,
        String subject,
        String accountId,
        String accessKeyId,
        Instant issuedAt,
        Instant expiresAt,
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
        Map<String, List<String>> carriedContext,
        int secretKeyVersion) {

    public SessionClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
        if (chainDepth < 0) {
            throw new IllegalArgumentException("chainDepth must be >= 0");
        }
        if (kind == SessionKind.ASSUMED_ROLE && (roleId == null || roleArn == null)) {
            throw new IllegalArgumentException("an assumed-role session needs roleId and roleArn");
        }
        if (kind != SessionKind.ASSUMED_ROLE && parentPrincipalArn == null) {
            throw new IllegalArgumentException(kind + " needs the parent principal");
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

    /** aws:MultiFactorAuthPresent. */
    public boolean mfaAuthenticated() {
        return mfaAuthenticatedAt != null;
    }

    /** True while {@code now} is before the expiry. */
    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
