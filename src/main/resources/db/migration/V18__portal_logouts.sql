-- Back-channel logouts from people's identity providers (issue 10): a person's portal logins issued at or before
-- logged_out_at are ended on every replica (quarkus-oidc alone remembers a logout in the memory of the replica the
-- provider posted to, and only until the first request that presents the session). Epoch milliseconds; a row is
-- deleted once no login it could end is still alive.
CREATE TABLE portal_logouts (
    issuer        VARCHAR(2048)  NOT NULL,
    subject       VARCHAR(255)   NOT NULL,
    logged_out_at BIGINT         NOT NULL,
    PRIMARY KEY (issuer, subject)
);
CREATE INDEX portal_logouts_at_ix ON portal_logouts(logged_out_at);
