-- Progress of a master-key rotation (README "Rotating the master key"): per sealed column, the key every row is being
-- re-sealed under (its fingerprint, never the key), the primary key of the last row done, and whether the column is done.
-- A re-run under the same key continues after last_row; a rotation to another key starts the column again.
CREATE TABLE master_key_rotation (
    sealed_column   VARCHAR(64)   NOT NULL PRIMARY KEY,
    key_fingerprint VARCHAR(64)   NOT NULL,
    last_row        VARCHAR(2048),
    done            BOOLEAN       NOT NULL,
    rows_resealed   BIGINT        NOT NULL,
    updated_at      BIGINT        NOT NULL
);
