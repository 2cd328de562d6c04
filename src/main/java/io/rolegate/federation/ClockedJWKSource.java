package io.rolegate.federation;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.io.Closeable;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The top of a key chain: nimbus' JWKSetBasedJWKSource (select; on no match, one refresh unless another thread already
 * refreshed) with the time taken from the injected clock instead of System.currentTimeMillis(). Every nimbus layer
 * below (cache expiry, rate limit, outage cache) judges time by the value passed down from here.
 */
final class ClockedJWKSource implements JWKSource<SecurityContext>, Closeable {
    private final JWKSetSource<SecurityContext> source;
    private final Clock clock;

    ClockedJWKSource(JWKSetSource<SecurityContext> source, Clock clock) {
        this.source = source;
        this.clock = clock;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = clock.millis();
        JWKSet set = source.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> selected = selector.select(set);
        if (selected.isEmpty()) {
            selected = selector.select(source.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(set), now,
                    context));
        }
        return selected;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
