package io.rolegate.model;

import java.time.Instant;

/**
 * A role session a person minted in the SSO portal ("my sessions"): who (sign-in key and the ID token's subject),
 * which role and session, its lifetime and, once revoked there, when.
 */
public record PortalSession(String accessKeyId, String signInKey, String subject, String roleArn, String sessionName,
                            Instant issuedAt, Instant expiresAt, Instant revokedAt) {
}
