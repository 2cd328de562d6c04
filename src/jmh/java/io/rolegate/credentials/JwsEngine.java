package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSProvider;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.JWK;

/**
 * Which crypto code signs and verifies ES256, for the comparison in {@link SessionTokenBenchmark} (see
 * docs/benchmarks.md). Production always uses {@link JwsEngines} (BOUNCY_CASTLE here). EdDSA always uses
 * BouncyCastle's lightweight API (nimbus' Ed25519 classes need Google Tink); RS256 always uses nimbus on the JDK
 * provider (RSA is not faster on BouncyCastle).
 */
public enum JwsEngine {
    /** BouncyCastle lightweight API, custom nimbus JWSSigner/JWSVerifier: what production uses, fastest measured. */
    BOUNCY_CASTLE,
    /** nimbus ECDSASigner/ECDSAVerifier with the BouncyCastle JCA provider. */
    NIMBUS_BC_PROVIDER,
    /** nimbus on the JDK's SunEC provider: the slow path, for comparison only. */
    NIMBUS_JDK;

    /** A ring whose ES256 keys sign and verify with this engine. */
    SigningKeyRing ring(java.util.List<SigningKey> keys) {
        return SigningKeyRing.of(keys, this::signer, this::verifier);
    }

    JWSSigner signer(JWK jwk) {
        if (this == BOUNCY_CASTLE || !JWSAlgorithm.ES256.equals(JwsEngines.algorithmOf(jwk))) {
            return JwsEngines.signer(jwk);
        }
        try {
            ECDSASigner signer = new ECDSASigner(jwk.toECKey());
            return this == NIMBUS_BC_PROVIDER ? withBc(signer) : signer;
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    JWSVerifier verifier(JWK jwk) {
        if (this == BOUNCY_CASTLE || !JWSAlgorithm.ES256.equals(JwsEngines.algorithmOf(jwk))) {
            return JwsEngines.verifier(jwk);
        }
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(jwk.toPublicJWK().toECKey());
            return this == NIMBUS_BC_PROVIDER ? withBc(verifier) : verifier;
        } catch (JOSEException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T extends JWSProvider> T withBc(T provider) {
        provider.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        return provider;
    }
}
