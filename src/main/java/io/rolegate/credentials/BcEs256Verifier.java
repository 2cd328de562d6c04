package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;

/**
 * ES256 verification on BouncyCastle's lightweight API. Accepts only the 64-byte R || S form; BouncyCastle rejects
 * R or S outside [1, n-1] (so the all-zero "psychic signature" fails), and the public point is validated on load.
 */
final class BcEs256Verifier implements JWSVerifier {
    private final ECPublicKeyParameters publicKey;
    private final JCAContext jcaContext = new JCAContext();

    BcEs256Verifier(ECKey jwk) throws JOSEException {
        if (!Curve.P_256.equals(jwk.getCurve())) {
            throw new JOSEException("ES256 needs a P-256 key");
        }
        try {
            this.publicKey = new ECPublicKeyParameters(BcP256.DOMAIN.getCurve().createPoint(
                    jwk.getX().decodeToBigInteger(), jwk.getY().decodeToBigInteger()), BcP256.DOMAIN);
        } catch (IllegalArgumentException e) {
            throw new JOSEException("invalid P-256 public key");
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            return false;
        }
        byte[] sig = signature.decode();
        if (sig.length != 2 * BcP256.FIELD_BYTES) {
            return false;
        }
        SHA256Digest digest = new SHA256Digest();
        digest.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, publicKey);
        return verifier.verifySignature(hash, BcP256.unsigned(sig, 0, BcP256.FIELD_BYTES),
                BcP256.unsigned(sig, BcP256.FIELD_BYTES, BcP256.FIELD_BYTES));
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.ES256);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
