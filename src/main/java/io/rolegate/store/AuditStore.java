package io.rolegate.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The audit journal's rows (V10__audit_trail.sql): hash-chained events per recipient account, the head of each chain,
 * and the signed hourly digests. Appends run in {@link #atomically}, which locks nothing the rest of the store uses
 * and drops no cache.
 */
public interface AuditStore {

    /** One stored event; {@code record} is the CloudTrail JSON exactly as hashed. */
    record StoredEvent(String accountId, long seq, Instant eventTime, String eventId, String eventName,
                       String eventSource, boolean readOnly, String username, String accessKeyId, String resourceType,
                       String resourceName, String record, String prevHash, String hash) {
    }

    /** The newest link of an account's chain (seq 0 and the genesis hash before its first event). */
    record Head(long seq, String hash) {
    }

    record StoredDigest(String accountId, Instant hourStart, long lastSeq, String jws) {
    }

    /** The LookupEvents attributes, each backed by one column. */
    enum Attribute {
        EVENT_ID("event_id"), EVENT_NAME("event_name"), READ_ONLY("read_only"), USERNAME("username"),
        RESOURCE_TYPE("resource_type"), RESOURCE_NAME("resource_name"), EVENT_SOURCE("event_source"),
        ACCESS_KEY_ID("access_key_id");

        final String column;

        Attribute(String column) {
            this.column = column;
        }
    }

    /** Where a page of LookupEvents resumes: strictly older than this event (time, then seq, descending). */
    record Cursor(Instant eventTime, long seq) {
    }

    /** Runs the work in one durable transaction of its own. */
    <T> T atomically(Supplier<T> work);

    /**
     * Runs the work in one transaction of its own that is committed without waiting for the disk (PostgreSQL's
     * synchronous_commit off for it, H2 without the fsync); the next durable commit makes it durable too.
     */
    default <T> T atomicallyUnforced(Supplier<T> work) {
        return atomically(work);
    }

    /** Locks the head of the account's chain until the transaction ends, creating it at {@code genesis}. */
    Head lockHead(String accountId, String genesisHash);

    /**
     * Locks the heads of several accounts' chains until the transaction ends, creating missing ones at {@code genesis}:
     * {@code accountIds} sorted (concurrent writers on other replicas then lock in the same order, never deadlock),
     * and one round trip to the database when every chain exists already.
     */
    default Map<String, Head> lockHeads(List<String> accountIds, String genesisHash) {
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String accountId : accountIds) {
            heads.put(accountId, lockHead(accountId, genesisHash));
        }
        return heads;
    }

    /** Appends events, in order, in one go (one batch, one round trip to the database). */
    void insertAll(List<StoredEvent> events);

    /** Whether {@link #appendIfHeadsAre} can append without locking the heads first (PostgreSQL). */
    default boolean appendsWithoutLocking() {
        return false;
    }

    /**
     * Appends the events and moves the heads of their chains to {@code moved}, as one durable transaction of its own,
     * only if every chain's head is still {@code expected} (the writer's own last append): true when done; false when
     * another writer (another replica) moved a head in between, and then nothing is written. One round trip to
     * PostgreSQL instead of four (lock the heads, insert, move the heads, commit); stores that cannot answer false.
     */
    default boolean appendIfHeadsAre(Map<String, Head> expected, List<StoredEvent> events, Map<String, Head> moved) {
        return false;
    }

    void moveHead(String accountId, Head head);

    /** Moves several heads in one go (one batch, one round trip to the database). */
    default void moveHeads(Map<String, Head> heads) {
        heads.forEach(this::moveHead);
    }

    /** Newest first, within [start, end], optionally one attribute equal to value, after the cursor. */
    List<StoredEvent> lookup(String accountId, Instant start, Instant end, Attribute attribute, String value,
                             Cursor after, int limit);

    /** The account's chain in order from seq {@code fromSeq} on. */
    List<StoredEvent> chain(String accountId, long fromSeq, int limit);

    /** The accounts that have a chain. */
    List<String> accounts();

    /**
     * The highest seq of an event of the hour (or any span) from {@code start} to {@code end} (0 when none): a range
     * of the time index, not the account's whole history before {@code end}.
     */
    long lastSeqBetween(String accountId, Instant start, Instant end);

    Optional<StoredDigest> lastDigest(String accountId);

    /** False when the digest of that hour exists already (another replica wrote it). */
    boolean insertDigest(StoredDigest d);

    List<StoredDigest> digests(String accountId, Instant fromHour);

    /** Deletes events and digests older than {@code before}; answers the number of events deleted. */
    int prune(Instant before);
}
