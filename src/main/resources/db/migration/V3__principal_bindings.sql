-- Principal ARNs named by stored resource policies (role trust policies), bound to the principal's unique id when the
-- policy was saved, as AWS binds them: a user or role deleted and re-created under the same ARN is not trusted, and
-- the policy then shows the old unique id in place of the ARN. owner_id is the unique id of the policy's resource.
CREATE TABLE principal_bindings (
    owner_id      VARCHAR(128)  NOT NULL,
    principal_arn VARCHAR(2048) NOT NULL,
    unique_id     VARCHAR(32)   NOT NULL,
    PRIMARY KEY (owner_id, principal_arn)
);
