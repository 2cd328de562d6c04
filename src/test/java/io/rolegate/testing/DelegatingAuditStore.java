package io.rolegate.testing;

import io.rolegate.store.AuditStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A real store behind a test's own behaviour: every call goes to it unless the test overrides that method. */
public class DelegatingAuditStore implements AuditStore {
    protected final AuditStore store;

    public DelegatingAuditStore(AuditStore store) {
        this.store = store;
    }

    @Override
    public boolean appendIfHeadsAre(Map<String, Head> expected, List<StoredEvent> events, Map<String, Head> moved) {
        return store.appendIfHeadsAre(expected, events, moved);
    }

    @Override
    public boolean appendsWithoutLocking() {
        return store.appendsWithoutLocking();
    }

    @Override
    public <T> T atomically(Supplier<T> work) {
        return store.atomically(work);
    }

    @Override
    public <T> T atomicallyUnforced(Supplier<T> work) {
        return store.atomicallyUnforced(work);
    }

    @Override
    public Head lockHead(String accountId, String genesisHash) {
        return store.lockHead(accountId, genesisHash);
    }

    @Override
    public Map<String, Head> lockHeads(List<String> accountIds, String genesisHash) {
        return store.lockHeads(accountIds, genesisHash);
    }

    @Override
    public void insertAll(List<StoredEvent> events) {
        store.insertAll(events);
    }

    @Override
    public void moveHead(String accountId, Head head) {
        store.moveHead(accountId, head);
    }

    @Override
    public void moveHeads(Map<String, Head> heads) {
        store.moveHeads(heads);
    }

    @Override
    public List<StoredEvent> lookup(String accountId, Instant start, Instant end, Attribute attribute, String value,
                                    Cursor after, int limit) {
        return store.lookup(accountId, start, end, attribute, value, after, limit);
    }

    @Override
    public List<StoredEvent> chain(String accountId, long fromSeq, int limit) {
        return store.chain(accountId, fromSeq, limit);
    }

    @Override
    public List<String> accounts() {
        return store.accounts();
    }

    @Override
    public long lastSeqBetween(String accountId, Instant start, Instant end) {
        return store.lastSeqBetween(accountId, start, end);
    }

    @Override
    public Optional<StoredDigest> lastDigest(String accountId) {
        return store.lastDigest(accountId);
    }

    @Override
    public boolean insertDigest(StoredDigest d) {
        return store.insertDigest(d);
    }

    @Override
    public List<StoredDigest> digests(String accountId, Instant fromHour) {
        return store.digests(accountId, fromHour);
    }

    @Override
    public int prune(Instant before) {
        return store.prune(before);
    }
}
