package io.rolegate.iam;

import io.rolegate.credentials.SessionClaims;
import io.rolegate.store.RevocationStore;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;

/**
 * The revocation check of session authentication, from memory: the whole table of live revocations is loaded on
 * the first request after a change and kept until the next committed change (here at once, on other replicas at
 * their next poll of the store version, {@code rolegate.cache.poll-interval}), so a warm request costs no database
 * round trip and a revocation made on any replica is enforced everywhere within the poll interval.
 */
@ApplicationScoped
public class RevokedSessions implements StoreChangeListener {
    private final StoreCache<Boolean, RevocationList> list = StoreCache.withMaximumSize(1);

    @Inject
    RevocationStore store;
    @Inject
    Clock clock;

    public boolean refuses(SessionClaims claims) {
        return list.get(Boolean.TRUE, k -> new RevocationList(store.live(clock.instant()))).refuses(claims);
    }

    @Override
    public void storeChanged() {
        list.invalidateAll();
    }
}
