package io.rolegate.credentials;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An immutable snapshot of the signing keys: exactly one ACTIVE key (which signs), plus NEXT and RETIRED keys that are
 * published and verify. Build a new ring after every {@link KeyRotation#rotate} and swap it in atomically (e.g. an
 * AtomicReference the issuer and verifier read through a Supplier).
 */
public final class SigningKeyRing {
    private final List<SigningKey> keys;
    private final SigningKey active;
    private final JWSSigner signer;
    private final VerificationKeys verificationKeys;
    private final JWKSet publicJwkSet;

    private SigningKeyRing(List<SigningKey> keys, Function<JWK, JWSSigner> signers,
                           Function<JWK, JWSVerifier> verifiers) {
        this.keys = List.copyOf(keys);
        List<SigningKey> actives = keys.stream().filter(k -> k.state() == KeyState.ACTIVE).toList();
        if (actives.size() != 1) {
            throw new IllegalArgumentException("a signing key ring needs exactly one ACTIVE key, found " + actives.size());
        }
        long distinctKids = keys.stream().map(SigningKey::kid).distinct().count();
        if (distinctKids != keys.size()) {
            throw new IllegalArgumentException("duplicate kid in signing key ring");
        }
        this.active = actives.get(0);
        this.signer = signers.apply(active.jwk());
        List<JWK> publicKeys = keys.stream().map(SigningKey::publicJwk).collect(Collectors.toList());
        this.verificationKeys = VerificationKeys.of(publicKeys, verifiers);
        this.publicJwkSet = new JWKSet(publicKeys);
    }

    public static SigningKeyRing of(List<SigningKey> keys) {
        return new SigningKeyRing(keys, JwsEngines::signer, JwsEngines::verifier);
    }

    /** With other signers and verifiers (the benchmarks in src/jmh compare crypto engines through this). */
    static SigningKeyRing of(List<SigningKey> keys, Function<JWK, JWSSigner> signers, Function<JWK, JWSVerifier> verifiers) {
        return new SigningKeyRing(keys, signers, verifiers);
    }

    public SigningKey activeKey() {
        return active;
    }

    /** Signs with the ACTIVE key. Thread-safe. */
    public JWSSigner signer() {
        return signer;
    }

    public List<SigningKey> keys() {
        return keys;
    }

    /** Public keys of every NEXT, ACTIVE and RETIRED key. */
    public VerificationKeys verificationKeys() {
        return verificationKeys;
    }

    /** The document for {@code /.well-known/jwks.json}: public parts only. */
    public JWKSet publicJwkSet() {
        return publicJwkSet;
    }

    /** {@link #publicJwkSet()} as JSON text. */
    public String publicJwksJson() {
        return publicJwkSet.toString(true);
    }
}
