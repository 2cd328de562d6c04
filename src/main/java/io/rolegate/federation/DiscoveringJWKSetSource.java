package io.rolegate.federation;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jose.util.ResourceRetriever;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The uncached bottom of an issuer's key chain: {@code <iss>/.well-known/openid-configuration} -> {@code jwks_uri} ->
 * JWKS. The jwks_uri is remembered after the first discovery and discovered again after any failure (an IdP that
 * moved its keys recovers by itself). Only public RSA and EC keys are kept: symmetric keys published in a JWKS are
 * dropped, so an HS* confusion can never find a key. Caching, single-flight, rate limiting and outage tolerance are
 * nimbus' wrappers around this (see {@link RemoteKeys}).
 */
final class DiscoveringJWKSetSource implements JWKSetSource<SecurityContext> {

    private final String issuer;
    private final ResourceRetriever retriever;
    private final KeyFetchObserver observer;
    private volatile URL jwksUri;

    DiscoveringJWKSetSource(String issuer, ResourceRetriever retriever, KeyFetchObserver observer) {
        this.issuer = issuer;
        this.retriever = retriever;
        this.observer = observer;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        try {
            URL uri = jwksUri != null ? jwksUri : discover();
            JWKSet set = parseKeys(retriever.retrieveResource(uri).getContent());
            jwksUri = uri;
            observer.fetched(issuer);
            return set;
        } catch (KeyFetchFailure e) {
            jwksUri = null;
            observer.failed(issuer, e.kind());
            throw new JwksUnavailable(e);
        } catch (IOException e) {
            jwksUri = null;
            observer.failed(issuer, KeyFetchFailure.Kind.UNREACHABLE);
            throw new JwksUnavailable(new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, e.toString(), e));
        }
    }

    private URL discover() throws IOException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        URL discovery = url(base + "/.well-known/openid-configuration");
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(retriever.retrieveResource(discovery).getContent());
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
