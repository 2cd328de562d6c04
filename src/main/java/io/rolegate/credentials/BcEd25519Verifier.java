package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** JWS "EdDSA" (Ed25519) verification on BouncyCastle. */
final class BcEd25519Verifier implements JWSVerifier {
    private final Ed25519PublicKeyParameters publicKey;
    private final JCAContext jcaContext = new JCAContext();

    BcEd25519Verifier(OctetKeyPair jwk) throws JOSEException {
        if (!Curve.Ed25519.equals(jwk.getCurve())) {
            throw new JOSEException("EdDSA needs an Ed25519 key");
        }
        byte[] x = jwk.getX().decode();
        if (x.length != Ed25519PublicKeyParameters.KEY_SIZE) {
            throw new JOSEException("invalid Ed25519 public key");
        }
        this.publicKey = new Ed25519PublicKeyParameters(x, 0);
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            return false;
        }
        byte[] sig = signature.decode();
        if (sig.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(signingInput, 0, signingInput.length);
        return verifier.verifySignature(sig);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(JWSAlgorithm.EdDSA);
    }

    @Override
    public JCAContext getJCAContext() {
        return jcaContext;
    }
}
