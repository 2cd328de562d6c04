package io.rolegate.federation;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The uncached bottom of an issuer's key chain: {@code <iss>/.well-known/openid-configuration} -> {@code jwks_uri} ->
 * JWKS. The jwks_uri is remembered after the first discovery and discovered again after any failure (an IdP that
 * moved its keys recovers by itself). Only public RSA and EC keys are kept: symmetric keys published in a JWKS are
 * dropped, so an HS* confusion can never find a key. Caching, single-flight, rate limiting and outage tolerance are
 * nimbus' wrappers around this (see {@link RemoteKeys}); the cache asks {@link #lifetime()} how long the set it just
 * got may be used: the JWKS response's Cache-Control within bounds, or the minimum after a failure (an outage's
 * stale keys are then retried soon).
 */
final class DiscoveringJWKSetSource implements JWKSetSource<SecurityContext> {

    private final String issuer;
    private final DocumentFetcher fetcher;
    private final CacheLifetimes lifetimes;
    private final KeyFetchObserver observer;
    private volatile URL jwksUri;
    private volatile Duration lifetime;

    DiscoveringJWKSetSource(String issuer, DocumentFetcher fetcher, CacheLifetimes lifetimes,
                            KeyFetchObserver observer) {
        this.issuer = issuer;
        this.fetcher = fetcher;
        this.lifetimes = lifetimes;
        this.observer = observer;
        this.lifetime = lifetimes.min();
    }

    /** How long the outcome of the last fetch may be cached. */
    Duration lifetime() {
        return lifetime;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        try {
            URL uri = jwksUri != null ? jwksUri : discover();
            FetchedDocument keys = fetcher.fetch(uri);
            JWKSet set = parseKeys(keys.body());
            jwksUri = uri;
            lifetime = lifetimes.of(keys);
            observer.fetched(issuer);
            return set;
        } catch (KeyFetchFailure e) {
            jwksUri = null;
            lifetime = lifetimes.min();
            observer.failed(issuer, e.kind());
            throw new JwksUnavailable(e);
        } catch (IOException e) {
            jwksUri = null;
            lifetime = lifetimes.min();
            observer.failed(issuer, KeyFetchFailure.Kind.UNREACHABLE);
            throw new JwksUnavailable(new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, e.toString(), e));
        }
    }

    private URL discover() throws IOException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URL discovery = url(base + "/.well-known/openid-configuration");
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(fetcher.fetch(discovery).body());
        } catch (ParseException e) {
            throw refused("discovery document of " + issuer + " is not JSON");
        }
        Object uri = doc.get("jwks_uri");
        if (!(uri instanceof String s) || s.isBlank()) {
            throw refused("discovery document of " + issuer + " has no jwks_uri");
        }
        return url(s);
    }

    private static JWKSet parseKeys(String json) throws KeyFetchFailure {
        JWKSet parsed;
        try {
            parsed = JWKSet.parse(json);
        } catch (ParseException e) {
            throw refused("JWKS is not a valid JWK set: " + e.getMessage());
        }
        List<JWK> keep = new ArrayList<>();
        for (JWK key : parsed.getKeys()) {
            if (KeyType.RSA.equals(key.getKeyType()) || KeyType.EC.equals(key.getKeyType())) {
                keep.add(key.toPublicJWK());
            }
        }
        return new JWKSet(keep);
    }

    private static URL url(String text) throws KeyFetchFailure {
        try {
            URI uri = new URI(text);
            if (!uri.isAbsolute()) {
                throw refused("not an absolute URL: " + text);
            }
            return uri.toURL();
        } catch (java.net.URISyntaxException | MalformedURLException | IllegalArgumentException e) {
            throw refused("malformed URL: " + text);
        }
    }

    private static KeyFetchFailure refused(String why) {
        return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, why);
    }

    @Override
    public void close() {
        // nothing held open
    }
}
