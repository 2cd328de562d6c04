package io.rolegate.credentials;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** P-256 domain on BouncyCastle's specialised field arithmetic (much faster than the generic curve code). */
final class BcP256 {
    static final ECDomainParameters DOMAIN;
    static final int FIELD_BYTES = 32;

    /** The signers' k·G ({@link P256BaseMultiplier}); its table (~200 KB) is built at the first signature. */
    private static final class Base {
        static final P256BaseMultiplier MULTIPLIER = new P256BaseMultiplier(DOMAIN.getG(), DOMAIN.getN());
    }

    /** An ECDSA signer with deterministic nonces (RFC 6979) whose k·G uses the precomputed table. */
    static org.bouncycastle.crypto.signers.ECDSASigner signer() {
        return new org.bouncycastle.crypto.signers.ECDSASigner(
                new org.bouncycastle.crypto.signers.HMacDSAKCalculator(new org.bouncycastle.crypto.digests.SHA256Digest())) {
            @Override
            protected org.bouncycastle.math.ec.ECMultiplier createBasePointMultiplier() {
                return Base.MULTIPLIER;
            }
        };
    }

    static {
        X9ECParameters x9 = CustomNamedCurves.getByName("secp256r1");
        DOMAIN = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH(), x9.getSeed());
    }

    private BcP256() {
    }

    static BigInteger unsigned(byte[] bytes, int offset, int length) {
        byte[] part = new byte[length];
        System.arraycopy(bytes, offset, part, 0, length);
        return new BigInteger(1, part);
    }
}
