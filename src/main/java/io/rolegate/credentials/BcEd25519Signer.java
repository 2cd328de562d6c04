package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.util.Set;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** JWS "EdDSA" with Ed25519 on BouncyCastle (nimbus' own Ed25519Signer needs Google Tink). Thread-safe. */
final class BcEd25519Signer implements JWSSigner {
    private final Ed25519PrivateKeyParameters privateKey;
    private final JCAContext jcaContext = new JCAContext();

    BcEd25519Signer(OctetKeyPair jwk) throws JOSEException {
        if (!jwk.isPrivate() || !Curve.Ed25519.equals(jwk.getCurve())) {
            throw new JOSEException("EdDSA needs a private Ed25519 key");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(jwk.getD().decode(), 0);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new JOSEException("unsupported algorithm " + header.getAlgorithm());
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(signingInput, 0, signingInput.length);
        return Base64URL.encode(signer.generateSignature());
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
