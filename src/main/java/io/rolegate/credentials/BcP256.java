package io.rolegate.credentials;

import java.math.BigInteger;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** P-256 domain on BouncyCastle's specialised field arithmetic (much faster than the generic curve code). */
final class BcP256 {
    static final ECDomainParameters DOMAIN;
    static final int FIELD_BYTES = 32;

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
