package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
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

    /** ES256 and EdDSA sign with BouncyCastle's lightweight API (fastest measured), RS256 with nimbus on the JDK. */
    public static JWSSigner signer(JWK jwk) {
        try {
            JWSAlgorithm alg = algorithmOf(jwk);
            if (JWSAlgorithm.ES256.equals(alg)) {
                return new BcEs256Signer(jwk.toECKey());
            }
            if (JWSAlgorithm.EdDSA.equals(alg)) {
                return new BcEd25519Signer(jwk.toOctetKeyPair());
            }
            return new RSASSASigner(jwk.toRSAKey());
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with key " + jwk.getKeyID() + ": " + e.getMessage());
        }
    }

    /** The verifier matching {@link #signer}: BouncyCastle for ES256 and EdDSA, nimbus on the JDK for RS256. */
    public static JWSVerifier verifier(JWK jwk) {
        try {
            JWSAlgorithm alg = algorithmOf(jwk);
            JWK publicJwk = jwk.toPublicJWK();
            if (JWSAlgorithm.ES256.equals(alg)) {
                return new BcEs256Verifier(publicJwk.toECKey());
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
}
