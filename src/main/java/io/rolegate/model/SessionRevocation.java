package io.rolegate.model;

import java.time.Instant;

/**
 * A stored revocation of temporary credentials: the sessions it names that were issued before {@code issuedBefore}
 * are refused.
 *
 * @param subject      the ASIA key id, the session ARN (lower case), or the role's or user's unique id
 * @param issuedBefore sessions issued (aws:TokenIssueTime) before this instant are refused; for an access key, the
 *                     revocation time rounded up to the second (the key names one session, whatever its issue time)
 * @param pruneAfter   no session this row refuses is still valid after this instant: the row may then be deleted
 */
public record SessionRevocation(Kind kind, String subject, String accountId, Instant issuedBefore, Instant revokedAt,
                                Instant pruneAfter) {
    public enum Kind { ACCESS_KEY, SESSION_ARN, ROLE, USER }
}
