-- Virtual MFA devices (IAM CreateVirtualMFADevice ... DeleteVirtualMFADevice). The TOTP seed is sealed under the
-- master key, bound to the serial number. last_step is the latest accepted time step: a code is accepted once only,
-- by a conditional UPDATE, so two replicas cannot both accept it.
CREATE TABLE mfa_devices (
    serial_number VARCHAR(1024) NOT NULL PRIMARY KEY,
    serial_lc     VARCHAR(1024) NOT NULL,
    account_id    VARCHAR(12)   NOT NULL REFERENCES accounts(account_id),
    device_name   VARCHAR(512)  NOT NULL,
    path          VARCHAR(512)  NOT NULL,
    seed_sealed   VARCHAR(512)  NOT NULL,
    user_id       VARCHAR(32)   REFERENCES users(user_id),
    enabled_at    BIGINT,
    drift_steps   INTEGER       NOT NULL,
    last_step     BIGINT,
    created_at    BIGINT        NOT NULL,
    CONSTRAINT mfa_devices_serial_uq UNIQUE (serial_lc)
);
CREATE INDEX mfa_devices_user_ix ON mfa_devices(user_id);
CREATE INDEX mfa_devices_account_ix ON mfa_devices(account_id, serial_lc);
