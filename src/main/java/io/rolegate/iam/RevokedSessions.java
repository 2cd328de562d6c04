package io.rolegate.iam;

import io.rolegate.credentials.SessionClaims;
import io.rolegate.store.RevocationStore;
import io.rolegate.store.Change;
import io.rolegate.store.StoreCache;
import io.rolegate.store.StoreChangeListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;

/**
 * The revocation check of session authentication, from memory: the whole table of live revocations is loaded on
 * the first request after a revocation and kept until the next one (here at once, on other replicas when the change
 * feed brings it, within about a second: store.ChangeFeed), so a warm request costs no database round trip and a
 * revocation made on any replica is enforced everywhere well within the 5 second bound. Other writes keep it.
 */
@ApplicationScoped
public class RevokedSessions implements StoreChangeListener {
    private final StoreCache<Boolean, RevocationList> list = StoreCache.withMaximumSize(1);

    @Inject
    RevocationStore store;
    @Inject
    Clock clock;

    public boolean refuses(SessionClaims claims) {
        return list.get(Boolean.TRUE, k -> StoreCache.Loaded.of(new RevocationList(store.live(clock.instant())),
                Change.anyOf(Change.Kind.REVOCATION))).refuses(claims);
    }

    @Override
    public void storeChanged(List<Change> changes, boolean local) {
        list.invalidate(changes);
    }

    @Override
    public void everythingChanged() {
        list.invalidateAll();
    }
}
