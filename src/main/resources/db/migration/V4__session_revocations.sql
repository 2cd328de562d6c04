-- Revoked temporary credentials (RevokeSession, RevokeRoleSessions, RevokeUserSessions). Every replica holds the
-- whole table in memory, dropped on every committed change, so the check costs no database round trip.
--   kind ACCESS_KEY:  subject is the ASIA key id of one session
--   kind SESSION_ARN: subject is a session ARN in lower case (assumed-role/R/S or federated-user/N): every session
--                     of that name issued before issued_before
--   kind ROLE:        subject is a role's unique id (AROA...): its sessions issued before issued_before
--   kind USER:        subject is a user's unique id (AIDA...): its GetSessionToken and GetFederationToken sessions
--                     issued before issued_before
-- Times are epoch milliseconds. prune_after: no session the row refuses can still be valid after it (issued_before
-- plus the longest session lifetime), so the row can then be deleted.
CREATE TABLE session_revocations (
    kind          VARCHAR(16)  NOT NULL,
    subject       VARCHAR(512) NOT NULL,
    account_id    VARCHAR(12)  NOT NULL,
    issued_before BIGINT       NOT NULL,
    revoked_at    BIGINT       NOT NULL,
    prune_after   BIGINT       NOT NULL,
    PRIMARY KEY (kind, subject)
);
CREATE INDEX session_revocations_prune_ix ON session_revocations(prune_after);
