-- Projects of the reference downstream service "projects" (README "The reference service: projects"). A service of
-- its own: no foreign key into the gateway's tables, as if its database were elsewhere.
CREATE TABLE projects (
    account_id      VARCHAR(12)   NOT NULL,
    name            VARCHAR(64)   NOT NULL,
    resource_policy VARCHAR(262144),
    created_at      BIGINT        NOT NULL,
    PRIMARY KEY (account_id, name)
);
