package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;

/** Builds signers and verifiers for JWKs, and tells which single JWS algorithm a public key may verify. */
public final class JwsEngines {
    private static final int MIN_RSA_BITS = 2048;

    private JwsEngines() {
    }

    public static JWSSigner signer(JWK jwk, JwsEngine engine) {
        try {
            JWSAlgorithm alg = algorithmOf(jwk);
            if (JWSAlgorithm.ES256.equals(alg)) {
                return switch (engine) {
                    case BOUNCY_CASTLE -> new BcEs256Signer(jwk.toECKey());
                    case NIMBUS_BC_PROVIDER -> withBc(new ECDSASigner(jwk.toECKey()));
                    case NIMBUS_JDK -> new ECDSASigner(jwk.toECKey());
                };
            }
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                return new BcEd25519Signer(jwk.toOctetKeyPair());
            }
            return new RSASSASigner(jwk.toRSAKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with key " + jwk.getKeyID() + ": " + e.getMessage());
        }
    }

    public static JWSVerifier verifier(JWK jwk, JwsEngine engine) {
        try {
            JWSAlgorithm alg = algorithmOf(jwk);
            JWK publicJwk = jwk.toPublicJWK();
            if (JWSAlgorithm.ES256.equals(alg)) {
                return switch (engine) {
                    case BOUNCY_CASTLE -> new BcEs256Verifier(publicJwk.toECKey());
                    case NIMBUS_BC_PROVIDER -> withBc(new ECDSAVerifier(publicJwk.toECKey()));
                    case NIMBUS_JDK -> new ECDSAVerifier(publicJwk.toECKey());
                };
            }
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                return new BcEd25519Verifier(publicJwk.toOctetKeyPair());
            }
            return new RSASSAVerifier(publicJwk.toRSAKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot verify with key " + jwk.getKeyID() + ": " + e.getMessage());
        }
    }

    /**
     * The one algorithm a key may be used with, from its type (never from a token header): P-256 -> ES256,
     * Ed25519 -> EdDSA, RSA >= 2048 bits -> RS256. Symmetric keys and anything else are refused, so a verifier
     * can never be tricked into HMAC or "none".
     */
    public static JWSAlgorithm algorithmOf(JWK jwk) {
        JWSAlgorithm alg;
        if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            alg = JWSAlgorithm.ES256;
        } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
            alg = JWSAlgorithm.EdDSA;
        } else if (jwk instanceof RSAKey rsa && rsa.size() >= MIN_RSA_BITS) {
            alg = JWSAlgorithm.RS256;
        } else {
            throw new IllegalArgumentException("unsupported key type for session tokens: " + jwk.getKeyType());
        }
        if (jwk.getAlgorithm() != null && !alg.equals(jwk.getAlgorithm())) {
            throw new IllegalArgumentException("key " + jwk.getKeyID() + " declares alg " + jwk.getAlgorithm());
        }
        return alg;
    }

    private static <T extends com.nimbusds.jose.JWSProvider> T withBc(T provider) {
        provider.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
        return provider;
    }
}
