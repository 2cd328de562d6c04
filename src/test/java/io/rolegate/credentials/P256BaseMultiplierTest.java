package io.rolegate.credentials;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The windowed k·G gives BouncyCastle's comb result for every width, at the edges of the scalar range and at random. */
class P256BaseMultiplierTest {
    private static final BigInteger N = BcP256.DOMAIN.getN();
    private static final ECPoint G = BcP256.DOMAIN.getG();

    static List<BigInteger> scalars() {
        List<BigInteger> k = new ArrayList<>();
        for (long v : new long[]{1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 255, 256, 257, 0xffffffffL, 0x100000000L}) {
            k.add(BigInteger.valueOf(v));
        }
        for (int bit : new int[]{31, 32, 63, 64, 127, 128, 252, 254, 255}) {
            k.add(BigInteger.ONE.shiftLeft(bit));
            k.add(BigInteger.ONE.shiftLeft(bit).subtract(BigInteger.ONE));
        }
        for (int d = 1; d <= 20; d++) {
            k.add(N.subtract(BigInteger.valueOf(d)));
        }
        k.add(N.shiftRight(1));
        Random r = new Random(6979);
        for (int i = 0; i < 300; i++) {
            k.add(new BigInteger(256, r).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE));
        }
        return k;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5, 6, 8})
    void everyWidthAgreesWithBouncyCastlesComb(int width) {
        P256BaseMultiplier table = new P256BaseMultiplier(G, N, width);
        FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
        for (BigInteger k : scalars()) {
            assertEquals(comb.multiply(G, k).normalize(), table.multiply(G, k).normalize(), "k = " + k.toString(16));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {4})
    void anotherPointIsLeftToTheComb(int width) {
        P256BaseMultiplier table = new P256BaseMultiplier(G, N, width);
        ECPoint p = G.multiply(BigInteger.valueOf(12345)).normalize();
        BigInteger k = BigInteger.valueOf(987654321);
        assertEquals(p.multiply(k).normalize(), table.multiply(p, k).normalize());
    }
}
