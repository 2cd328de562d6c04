package io.rolegate.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What {@link Sql} does after a commit so that the commit also survives a crash of the machine, not only of the
 * gateway's process. PostgreSQL needs nothing: it flushes its write-ahead log before COMMIT returns
 * ({@link PostgresCommitSettings} keeps it that way). The embedded H2 writes every commit to its file before COMMIT
 * returns (WRITE_DELAY=0 in its URL) but never forces the file to disk: {@link H2FileSync} does.
 */
interface CommitDurability {
    /** Nothing beyond the database's own commit (durable on PostgreSQL; on H2 only across a process crash). */
    CommitDurability AS_COMMITTED = c -> {
    };

    /** Called on the connection that has just committed, before the write is acknowledged to anyone. */
    void committed(Connection c) throws SQLException;
}
