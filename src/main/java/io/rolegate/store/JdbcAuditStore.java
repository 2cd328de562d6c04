package io.rolegate.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

@ApplicationScoped
public class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "account_id, seq, event_time, event_id, event_name, event_source, read_only, "
            + "username, access_key_id, resource_type, resource_name, record, prev_hash, hash";
    /** PostgreSQL's types of {@link #COLUMNS}, in order (the arrays of {@link #appendIfHeadsAre}). */
    private static final String[] COLUMN_TYPES = {"varchar", "bigint", "bigint", "varchar", "varchar", "varchar",
        "boolean", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar", "varchar"};

    @Inject
    Sql sql;

    private static StoredEvent map(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getString("account_id"), rs.getLong("seq"),
                Instant.ofEpochMilli(rs.getLong("event_time")), rs.getString("event_id"), rs.getString("event_name"),
                rs.getString("event_source"), rs.getBoolean("read_only"), rs.getString("username"),
                rs.getString("access_key_id"), rs.getString("resource_type"), rs.getString("resource_name"),
                rs.getString("record"), rs.getString("prev_hash"), rs.getString("hash"));
    }

    private static StoredDigest mapDigest(ResultSet rs) throws SQLException {
        return new StoredDigest(rs.getString("account_id"), Instant.ofEpochMilli(rs.getLong("hour_start")),
                rs.getLong("last_seq"), rs.getString("jws"));
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return sql.inAppendOnlyTransaction(work);
    }

    @Override
    public <T> T atomicallyUnforced(Supplier<T> work) {
        return sql.inAppendOnlyTransaction(work, false);
    }

    @Override
    public Head lockHead(String accountId, String genesisHash) {
        // the row exists after an account's first event: lock it first, and insert (then lock) only when it is
        // missing, so that no transaction pays for a failed INSERT (an exception, a savepoint and its rollback)
        Optional<Head> head = lockExistingHead(accountId);
        if (head.isPresent()) {
            return head.get();
        }
        sql.insertIfAbsent("INSERT INTO audit_chain_heads (account_id, seq, hash) VALUES (?, ?, ?)", accountId, 0L,
                genesisHash);
        return lockExistingHead(accountId).orElseThrow();
    }

    private Optional<Head> lockExistingHead(String accountId) {
        return sql.one("SELECT seq, hash FROM audit_chain_heads WHERE account_id = ? FOR UPDATE",
                rs -> new Head(rs.getLong(1), rs.getString(2)), accountId);
    }

    /**
     * A cross-account call's events go to two chains: their heads are locked with one statement (rows locked in
     * account order, as the caller sorted them), not a statement each. A chain's first event (its head row missing)
     * goes the one-by-one way, which creates it.
     */
    @Override
    public Map<String, Head> lockHeads(List<String> accountIds, String genesisHash) {
        if (accountIds.size() < 2) {
            return AuditStore.super.lockHeads(accountIds, genesisHash);
        }
        String marks = String.join(", ", Collections.nCopies(accountIds.size(), "?"));
        List<Map.Entry<String, Head>> rows = sql.list("SELECT account_id, seq, hash FROM audit_chain_heads"
                        + " WHERE account_id IN (" + marks + ") ORDER BY account_id FOR UPDATE",
                rs -> Map.entry(rs.getString(1), new Head(rs.getLong(2), rs.getString(3))), accountIds.toArray());
        if (rows.size() < accountIds.size()) {
            return AuditStore.super.lockHeads(accountIds, genesisHash); // locks those already locked again: no-op
        }
        Map<String, Head> heads = new LinkedHashMap<>();
        rows.forEach(e -> heads.put(e.getKey(), e.getValue()));
        return heads;
    }

    private static final String INSERT = "INSERT INTO audit_events (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    @Override
    public void insertAll(List<StoredEvent> events) {
        sql.updateBatch(INSERT, events.stream().map(JdbcAuditStore::row).toList());
    }

    @Override
    public boolean appendsWithoutLocking() {
        return sql.isPostgres();
    }

    /**
     * One statement: the UPDATE of the heads (in account order, as the locking way, so concurrent replicas rarely wait
     * on each other in opposite orders; a deadlock is answered false like any conflict) only where a head is still
     * where this writer left it, and the INSERT of the events only if every head moved: otherwise it divides by zero,
     * on purpose, and the whole statement (an auto-commit transaction of its own) is undone. An event whose
     * (account, seq) exists already (a head moved in between) is a unique violation: undone too.
     */
    private static final String APPEND_IF_HEADS_ARE = "WITH moved AS ("
            + " UPDATE audit_chain_heads h SET seq = m.seq, hash = m.hash"
            + " FROM (SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[])"
            + " AS u(account_id, prev_seq, prev_hash, seq, hash) ORDER BY account_id) m"
            + " WHERE h.account_id = m.account_id AND h.seq = m.prev_seq AND h.hash = m.prev_hash"
            + " RETURNING h.account_id)"
            + " INSERT INTO audit_events (" + COLUMNS + ")"
            + " SELECT * FROM unnest(" + String.join(", ", Arrays.stream(COLUMN_TYPES).map(t -> "?::" + t + "[]")
                    .toList()) + ")"
            + " WHERE 1 / (CASE WHEN (SELECT count(*) FROM moved) = ? THEN 1 ELSE 0 END) = 1";

    @Override
    public boolean appendIfHeadsAre(Map<String, Head> expected, List<StoredEvent> events, Map<String, Head> moved) {
        if (!sql.isPostgres() || !expected.keySet().equals(moved.keySet())) {
            return false;
        }
        List<String> accounts = new ArrayList<>(moved.keySet());
        Object[] args = new Object[5 + COLUMN_TYPES.length + 1];
        args[0] = new Sql.ArrayParam("varchar", accounts.toArray(String[]::new));
        args[1] = new Sql.ArrayParam("bigint", accounts.stream().map(a -> expected.get(a).seq()).toArray(Long[]::new));
        args[2] = new Sql.ArrayParam("varchar", accounts.stream().map(a -> expected.get(a).hash()).toArray(String[]::new));
        args[3] = new Sql.ArrayParam("bigint", accounts.stream().map(a -> moved.get(a).seq()).toArray(Long[]::new));
        args[4] = new Sql.ArrayParam("varchar", accounts.stream().map(a -> moved.get(a).hash()).toArray(String[]::new));
        List<Object[]> rows = events.stream().map(JdbcAuditStore::row).toList();
        for (int column = 0; column < COLUMN_TYPES.length; column++) {
            Object[] values = switch (COLUMN_TYPES[column]) {
                case "bigint" -> new Long[rows.size()];
                case "boolean" -> new Boolean[rows.size()];
                default -> new String[rows.size()];
            };
            for (int r = 0; r < values.length; r++) {
                values[r] = rows.get(r)[column];
            }
            args[5 + column] = new Sql.ArrayParam(COLUMN_TYPES[column], values);
        }
        args[args.length - 1] = (long) accounts.size();
        return sql.updateUnlessConflict(APPEND_IF_HEADS_ARE, args);
    }

    private static Object[] row(StoredEvent e) {
        return new Object[] {e.accountId(), e.seq(), e.eventTime().toEpochMilli(), e.eventId(), e.eventName(),
                e.eventSource(), e.readOnly(), e.username(), e.accessKeyId(), e.resourceType(), e.resourceName(),
                e.record(), e.prevHash(), e.hash()};
    }

    @Override
    public void moveHead(String accountId, Head head) {
        sql.update(MOVE_HEAD, head.seq(), head.hash(), accountId);
    }

    private static final String MOVE_HEAD = "UPDATE audit_chain_heads SET seq = ?, hash = ? WHERE account_id = ?";

    @Override
    public void moveHeads(Map<String, Head> heads) {
        sql.updateBatch(MOVE_HEAD, heads.entrySet().stream()
                .map(e -> new Object[] {e.getValue().seq(), e.getValue().hash(), e.getKey()}).toList());
    }

    @Override
    public List<StoredEvent> lookup(String accountId, Instant start, Instant end, Attribute attribute, String value,
                                    Cursor after, int limit) {
        StringBuilder q = new StringBuilder("SELECT " + COLUMNS
                + " FROM audit_events WHERE account_id = ? AND event_time >= ? AND event_time <= ?");
        List<Object> args = new ArrayList<>(List.of(accountId, start.toEpochMilli(), end.toEpochMilli()));
        if (attribute != null) {
            q.append(" AND ").append(attribute.column).append(" = ?");
            args.add(attribute == Attribute.READ_ONLY ? (Object) Boolean.valueOf(value) : value);
        }
        if (after != null) {
            q.append(" AND (event_time < ? OR (event_time = ? AND seq < ?))");
            args.add(after.eventTime().toEpochMilli());
            args.add(after.eventTime().toEpochMilli());
            args.add(after.seq());
        }
        // account_id first (fixed above): H2 then reads the time index in order and stops near the limit instead of
        // sorting every event of the range (a default LookupEvents covers the account's whole trail)
        q.append(" ORDER BY account_id DESC, event_time DESC, seq DESC LIMIT ").append(limit);
        return sql.list(q.toString(), JdbcAuditStore::map, args.toArray());
    }

    @Override
    public List<StoredEvent> chain(String accountId, long fromSeq, int limit) {
        // ORDER BY both key columns: H2 then reads the primary key in order and stops at the limit; with ORDER BY seq
        // alone it read every event of the account and sorted them (the digests' every-5-minute GC storm,
        // docs/benchmarks.md "Session 9")
        return sql.list("SELECT " + COLUMNS + " FROM audit_events WHERE account_id = ? AND seq >= ? "
                + "ORDER BY account_id, seq LIMIT " + limit, JdbcAuditStore::map, accountId, fromSeq);
    }

    @Override
    public List<String> accounts() {
        return sql.list("SELECT account_id FROM audit_chain_heads ORDER BY account_id", rs -> rs.getString(1));
    }

    @Override
    public long lastSeqBetween(String accountId, Instant start, Instant end) {
        return sql.count("SELECT COALESCE(MAX(seq), 0) FROM audit_events WHERE account_id = ? AND event_time >= ? "
                + "AND event_time < ?", accountId, start.toEpochMilli(), end.toEpochMilli());
    }

    @Override
    public Optional<StoredDigest> lastDigest(String accountId) {
        return sql.one("SELECT account_id, hour_start, last_seq, jws FROM audit_digests WHERE account_id = ? "
                + "ORDER BY hour_start DESC LIMIT 1", JdbcAuditStore::mapDigest, accountId);
    }

    @Override
    public boolean insertDigest(StoredDigest d) {
        return sql.insertIfAbsent("INSERT INTO audit_digests (account_id, hour_start, last_seq, jws) VALUES (?, ?, ?, ?)",
                d.accountId(), d.hourStart().toEpochMilli(), d.lastSeq(), d.jws());
    }

    @Override
    public List<StoredDigest> digests(String accountId, Instant fromHour) {
        return sql.list("SELECT account_id, hour_start, last_seq, jws FROM audit_digests WHERE account_id = ? "
                + "AND hour_start >= ? ORDER BY hour_start", JdbcAuditStore::mapDigest, accountId, fromHour.toEpochMilli());
    }

    @Override
    public int prune(Instant before) {
        sql.update("DELETE FROM audit_digests WHERE hour_start < ?", before.toEpochMilli());
        return sql.update("DELETE FROM audit_events WHERE event_time < ?", before.toEpochMilli());
    }
}
