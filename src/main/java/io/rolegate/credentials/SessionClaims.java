package io.rolegate.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a replica needs to authenticate and authorise a request made with temporary credentials, as carried
 * (signed) in the session token: what STS granted plus what the issuer filled in. Immutable.
 *
 * @param issuer           token issuer (the gateway's configured issuer URL)
 * @param audience         token audience (the gateway's configured audience)
 * @param tokenId          jti: random, unique per session; input of the secret derivation
 * @param accessKeyId      the {@code ASIA} id handed out with the token
 * @param issuedAt         aws:TokenIssueTime (whole seconds); the session ends {@code grant.duration()} later
 * @param grant            what the STS call decided: kind, principal, tags, policies... (whole-second duration)
 * @param secretKeyVersion version of the server-held session secret key the secret is derived under
 */
public record SessionClaims(
        String issuer,
        String audience,
        String tokenId,
        String accessKeyId,
        Instant issuedAt,
        SessionGrant grant,
        int secretKeyVersion) {

    public SessionClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(grant, "grant");
        if (issuedAt.getNano() != 0 || grant.duration().getNano() != 0) {
            throw new IllegalArgumentException("session times are whole seconds");
        }
    }

    /** End of validity, exclusive (whole seconds). */
    public Instant expiresAt() {
        return issuedAt.plus(grant.duration());
    }

    /** True while {@code now} is before the expiry. */
    public boolean isValidAt(Instant now) {
        return now.isBefore(expiresAt());
    }

    // The grant's members, read as the claims of the session (see SessionGrant for their meaning).

    public SessionKind kind() {
        return grant.kind();
    }

    public String subject() {
        return grant.subject();
    }

    public String accountId() {
        return grant.accountId();
    }

    public String roleId() {
        return grant.roleId();
    }

    public String roleArn() {
        return grant.roleArn();
    }

    public String sessionName() {
        return grant.sessionName();
    }

    public String parentPrincipalArn() {
        return grant.parentPrincipalArn();
    }

    public String parentPrincipalId() {
        return grant.parentPrincipalId();
    }

    public String sourceIdentity() {
        return grant.sourceIdentity();
    }

    public Map<String, String> sessionTags() {
        return grant.sessionTags();
    }

    public Set<String> transitiveTagKeys() {
        return grant.transitiveTagKeys();
    }

    public int chainDepth() {
        return grant.chainDepth();
    }

    public boolean mfaAuthenticated() {
        return grant.mfaAuthenticated();
    }

    public Instant mfaAuthenticatedAt() {
        return grant.mfaAuthenticatedAt();
    }

    public String sessionPolicy() {
        return grant.sessionPolicy();
    }

    public List<String> sessionPolicyArns() {
        return grant.sessionPolicyArns();
    }

    public Map<String, List<String>> carriedContext() {
        return grant.carriedContext();
    }
}
