package io.rolegate.federation;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.rolegate.federation.runtime.VertxDocumentFetcher;
import io.rolegate.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The JWKS cache keeps keys as long as the issuer's Cache-Control says, within [cache-min-ttl, cache-max-ttl]
 * (defaults: 1 min, 1 h; 5 min without max-age). Time is a clock the test moves: every nimbus layer judges time by it.
 * Keys are looked at just before the refresh-ahead window of their lifetime (still cached, no fetch) and just after
 * the lifetime (refetched, synchronously).
 */
class JwksCacheControlTest {
    private static final KeySettings SETTINGS = KeySettings.defaults();
    private static final JWKSelector ANY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    @RegisterExtension
    static final TestVertx VERTX = new TestVertx();
    static VertxDocumentFetcher fetcher; // its HTTP clients close with VERTX
    static TestIssuer issuer;

    @BeforeAll
    static void start() throws Exception {
        fetcher = Fixtures.fetcher(VERTX.get(), true);
        issuer = new TestIssuer();
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    /** Fetches so far after looking at the keys at {@code at}. */
    private static int fetchesAt(MutableClock clock, Instant at, JWKSource<SecurityContext> keys) throws Exception {
        clock.set(at);
        assertFalse(keys.get(ANY_KEY, null).isEmpty());
        return issuer.fetches();
    }

    @ParameterizedTest(name = "Cache-Control: {0} -> keys kept {1}")
    @CsvSource(nullValues = "none", value = {
            "max-age=120,            PT2M",
            "'public, max-age=600',  PT10M",
            "max-age=10,             PT1M",  // below cache-min-ttl
            "max-age=31536000,       PT1H",  // above cache-max-ttl
            "no-store,               PT1M",
            "no-cache,               PT1M",
            "none,                   PT5M"}) // no Cache-Control: cache-ttl
    void keysAreRefetchedWhenTheProvidersLifetimeEnds(String cacheControl, Duration lifetime) throws Exception {
        issuer.cacheControl(cacheControl);
        Instant t0 = Instant.now();
        MutableClock clock = new MutableClock(t0);
        try (RemoteKeys remote = new RemoteKeys(fetcher, SETTINGS, KeyFetchObserver.NONE, clock)) {
            JWKSource<SecurityContext> keys = remote.forProvider(issuer.provider("aud"));
            int first = fetchesAt(clock, t0, keys);
            Instant justBeforeRefreshAhead = t0.plus(lifetime).minus(SETTINGS.refreshAhead()).minusSeconds(1);
            assertEquals(first, fetchesAt(clock, justBeforeRefreshAhead, keys), "still cached");
            assertEquals(first + 1, fetchesAt(clock, t0.plus(lifetime).plusSeconds(1), keys), "refetched");
        }
    }

    @Test
    void everyResponseSetsTheLifetimeOfItsOwnKeys() throws Exception {
        issuer.cacheControl("max-age=1800");
        Instant t0 = Instant.now();
        MutableClock clock = new MutableClock(t0);
        try (RemoteKeys remote = new RemoteKeys(fetcher, SETTINGS, KeyFetchObserver.NONE, clock)) {
            JWKSource<SecurityContext> keys = remote.forProvider(issuer.provider("aud"));
            int first = fetchesAt(clock, t0, keys);
            issuer.cacheControl("no-store"); // the IdP changes its mind: the keys fetched before keep their 30 min
            assertEquals(first, fetchesAt(clock, t0.plus(Duration.ofMinutes(29)), keys));
            Instant refetched = t0.plus(Duration.ofMinutes(31));
            assertEquals(first + 1, fetchesAt(clock, refetched, keys));
            // the new keys came with no-store: kept for cache-min-ttl only
            assertEquals(first + 1, fetchesAt(clock, refetched.plusSeconds(29), keys));
            assertEquals(first + 2, fetchesAt(clock, refetched.plusSeconds(61), keys));
        }
    }
}
