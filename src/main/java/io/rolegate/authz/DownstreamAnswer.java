package io.rolegate.authz;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to a {@link DownstreamCall}: who signed the forwarded request (or why it did not authenticate), a
 * decision per question, how long the service may cache them, and the derived signing key when asked and allowed.
 *
 * @param error           why the forwarded request did not authenticate (STS's code and message); null when it did
 * @param principal       null when not authenticated
 * @param decisions       one per question, in order; empty when not authenticated
 * @param cacheTtlSeconds how long the decisions may be reused; never beyond the revocation bound, 0 when not
 *                        authenticated
 * @param signingKey      the derived key, when asked for, allowed and authenticated; else null
 * @param signingKeyError why a derived key that was asked for is not given; else null
 */
public record DownstreamAnswer(boolean authenticated, Failure error, PrincipalInfo principal,
                               List<ItemDecision> decisions, long cacheTtlSeconds, DerivedSigningKey signingKey,
                               Failure signingKeyError) {

    public record Failure(String code, String message) {
    }

    /**
     * The signer of the forwarded request, as GetCallerIdentity and the session token describe it.
     *
     * @param type        User, AssumedRole or FederatedUser
     * @param sessionName the role session or federated user name; null for long-term keys and GetSessionToken
     * @param tags        principal tags (aws:PrincipalTag/*)
     * @param issuedAt    session issue time; null for long-term keys
     * @param expiresAt   session expiry; null for long-term keys
     * @param mfa         aws:MultiFactorAuthPresent
     * @param roleArn     the role of a role session; else null
     */
    public record PrincipalInfo(String arn, String accountId, String userId, String type, String sessionName,
                                String sourceIdentity, Map<String, String> tags, Instant issuedAt, Instant expiresAt,
                                boolean mfa, String accessKeyId, String roleArn) {
    }

    /**
     * @param decision Allow, ExplicitDeny or ImplicitDeny
     * @param message  AWS's AccessDenied text for a denial; null when allowed
     */
    public record ItemDecision(String action, String resource, String decision, String message,
                               List<MatchedStatement> matchedStatements) {
    }

    /**
     * A statement that decided: for an Allow the Allow statements that applied, for an explicit deny the Deny
     * statements of the deciding policy type; none for an implicit deny.
     *
     * @param policyType identity, resource, permissionsBoundary, session
     * @param policyName an inline policy's name (or "session policy", "resource policy"); null for managed policies
     * @param policyArn  a managed policy's ARN; null otherwise
     * @param sid        the statement's Sid; null when it has none
     */
    public record MatchedStatement(String policyType, String policyName, String policyArn, String sid) {
    }

    /**
     * The forwarded request's SigV4 signing key (AWS's key specialization): it verifies that principal's requests for
     * this scope's date, region and service only, and reveals nothing else of the secret.
     *
     * @param key       hex of kSigning
     * @param scope     {@code date/region/service/aws4_request}
     * @param expiresAt the end of the scope's UTC day or the credentials' expiry, whichever is first
     */
    public record DerivedSigningKey(String key, String accessKeyId, String scope, Instant expiresAt) {
        @Override
        public String toString() {
            return "DerivedSigningKey[" + accessKeyId + ", " + scope + ", " + expiresAt + "]";
        }
    }
}
