package io.rolegate.credentials;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * ES256 on BouncyCastle's lightweight API, with deterministic nonces (RFC 6979: no dependence on a random source at
 * signing time). Output is the JWS form R || S (64 bytes). Thread-safe: per-call signer objects over immutable keys.
 */
final class BcEs256Signer implements JWSSigner {
    private final ECPrivateKeyParameters privateKey;
    private final JCAContext jcaContext = new JCAContext();

    BcEs256Signer(ECKey jwk) throws JOSEException {
        if (!jwk.isPrivate() || !com.nimbusds.jose.jwk.Curve.P_256.equals(jwk.getCurve())) {
            throw new JOSEException("ES256 needs a private P-256 key");
        }
        this.privateKey = new ECPrivateKeyParameters(jwk.getD().decodeToBigInteger(), BcP256.DOMAIN);
    }

    @Override
    public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new JOSEException("unsupported algorithm " + header.getAlgorithm());
        }
        SHA256Digest digest = new SHA256Digest();
        digest.update(signingInput, 0, signingInput.length);
        byte[] hash = new byte[32];
        digest.doFinal(hash, 0);
        ECDSASigner signer = BcP256.signer();
        signer.init(true, privateKey);
        BigInteger[] rs = signer.generateSignature(hash);
        byte[] out = new byte[2 * BcP256.FIELD_BYTES];
        BigIntegers.asUnsignedByteArray(rs[0], out, 0, BcP256.FIELD_BYTES);
        BigIntegers.asUnsignedByteArray(rs[1], out, BcP256.FIELD_BYTES, BcP256.FIELD_BYTES);
        return Base64URL.encode(out);
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
