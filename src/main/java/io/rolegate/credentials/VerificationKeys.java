package io.rolegate.credentials;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The public keys a verifier trusts, by kid, each tied to the single algorithm its key type allows. Immutable; build a
 * new one when the ring changes. Needs only public material, so a verify-only replica can build it from the JWKS.
 */
public final class VerificationKeys {
    /** A trusted key: tokens naming its kid must use exactly {@code algorithm}. */
    public record Entry(String kid, JWSAlgorithm algorithm, JWSVerifier verifier) {
    }

    private final Map<String, Entry> byKid;

    private VerificationKeys(Map<String, Entry> byKid) {
        this.byKid = Map.copyOf(byKid);
    }

    /** Public keys, each verified by {@link JwsEngines#verifier}. */
    public static VerificationKeys of(Collection<JWK> keys) {
        return of(keys, JwsEngines::verifier);
    }

    static VerificationKeys of(Collection<JWK> keys, Function<JWK, JWSVerifier> verifiers) {
        Map<String, Entry> map = new LinkedHashMap<>();
        for (JWK jwk : keys) {
            if (jwk.getKeyID() == null) {
                throw new IllegalArgumentException("every verification key needs a kid");
            }
            if (jwk.getKeyUse() != null && !com.nimbusds.jose.jwk.KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                throw new IllegalArgumentException("key " + jwk.getKeyID() + " is not a signature key");
            }
            map.put(jwk.getKeyID(), new Entry(jwk.getKeyID(), JwsEngines.algorithmOf(jwk),
                    verifiers.apply(jwk)));
        }
        return new VerificationKeys(map);
    }

    /** From a (public) JWKS, e.g. fetched from another gateway's {@code /.well-known/jwks.json}. */
    public static VerificationKeys fromJwkSet(JWKSet jwks) {
        return of(jwks.getKeys());
    }

    public Optional<Entry> find(String kid) {
        return kid == null ? Optional.empty() : Optional.ofNullable(byKid.get(kid));
    }

    public Set<String> kids() {
        return byKid.keySet();
    }
}
