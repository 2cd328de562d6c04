-- Role sessions people minted in the SSO portal (issue 10, "my sessions"): kept in the store so every replica lists
-- them and revokes them (revocation itself goes through session_revocations, kind ACCESS_KEY). A person is a
-- sign-in key (16 hex digits, web/PortalTenants) and the ID token's sub. Times are epoch milliseconds; a row is
-- deleted once its session has expired.
CREATE TABLE portal_sessions (
    access_key_id VARCHAR(32)    NOT NULL PRIMARY KEY,
    sign_in_key   VARCHAR(16)    NOT NULL,
    subject       VARCHAR(255)   NOT NULL,
    role_arn      VARCHAR(2048)  NOT NULL,
    session_name  VARCHAR(64)    NOT NULL,
    issued_at     BIGINT         NOT NULL,
    expires_at    BIGINT         NOT NULL,
    revoked_at    BIGINT
);
CREATE INDEX portal_sessions_person_ix ON portal_sessions(sign_in_key, subject);
CREATE INDEX portal_sessions_expiry_ix ON portal_sessions(expires_at);
