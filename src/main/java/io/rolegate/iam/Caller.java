package io.rolegate.iam;

import io.rolegate.model.User;
import java.time.Instant;
import java.util.Map;

/**
 * Who sent an authenticated request (docs/aws-behaviour.md §2.2 GetCallerIdentity table).
 *
 * @param arn          the identity ARN (user ARN, assumed-role ARN, federated-user ARN)
 * @param principalArn aws:PrincipalArn: the user ARN, or the role ARN for a role session
 * @param userId       aws:userid: AIDA..., AROA...:session, ACCT:name
 * @param user         the IAM user behind long-term keys, GetSessionToken and GetFederationToken credentials; else null
 * @param session      the temporary credentials' claims, or null for long-term keys
 */
public record Caller(String accountId, PrincipalType type, String arn, String principalArn, String userId,
                     String accessKeyId, User user, Map<String, String> principalTags, SessionInfo session) {

    public boolean admin() {
        return user != null && user.admin() && session == null;
    }

    public String userName() {
        return type == PrincipalType.User ? user.userName() : null;
    }

    public boolean temporary() {
        return session != null;
    }

    /**
     * What a session caller carries from its token (issue 4).
     *
     * @param carriedContext condition keys that hold in every request of the session ({@code <provider>:sub} etc.
     *                       of a web identity session, docs/aws-behaviour.md §5.3); empty for other sessions
     */
    public record SessionInfo(SessionKind kind, String roleId, String roleArn, String sessionName, Instant issuedAt,
                              Instant expiresAt, String sourceIdentity, Map<String, String> tags,
                              java.util.Set<String> transitiveTagKeys, int chainDepth, Instant mfaAuthenticatedAt,
                              String sessionPolicy, java.util.List<String> sessionPolicyArns,
                              Map<String, java.util.List<String>> carriedContext) {
        public SessionInfo {
            carriedContext = carriedContext == null ? Map.of() : carriedContext;
        }

        /** A session without carried condition keys. */
        public SessionInfo(SessionKind kind, String roleId, String roleArn, String sessionName, Instant issuedAt,
                           Instant expiresAt, String sourceIdentity, Map<String, String> tags,
                           java.util.Set<String> transitiveTagKeys, int chainDepth, Instant mfaAuthenticatedAt,
                           String sessionPolicy, java.util.List<String> sessionPolicyArns) {
            this(kind, roleId, roleArn, sessionName, issuedAt, expiresAt, sourceIdentity, tags, transitiveTagKeys,
                    chainDepth, mfaAuthenticatedAt, sessionPolicy, sessionPolicyArns, Map.of());
        }

        /** aws:MultiFactorAuthPresent: MFA was validated when this session (or one it was chained from) was minted. */
        public boolean mfa() {
            return mfaAuthenticatedAt != null;
        }
    }

    public enum SessionKind { ASSUMED_ROLE, WEB_IDENTITY, FEDERATED_USER, SESSION_TOKEN }
}
