package io.rolegate.credentials;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigInteger;
import java.security.SecureRandom;

/**
 * k·G on P-256, the core of an ES256 signature: BouncyCastle's comb against {@link P256BaseMultiplier} by window width.
 * bench/jmh.sh P256BaseBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s
 */
@State(Scope.Thread)
public class P256BaseBenchmark {
    @Param({"4", "5", "6"})
    int width;

    private P256BaseMultiplier table;
    private final FixedPointCombMultiplier comb = new FixedPointCombMultiplier();
    private final BigInteger[] scalars = new BigInteger[64];
    private int i;

    @Setup
    public void setUp() {
        table = new P256BaseMultiplier(BcP256.DOMAIN.getG(), BcP256.DOMAIN.getN(), width);
        SecureRandom r = new SecureRandom();
        for (int j = 0; j < scalars.length; j++) {
            scalars[j] = new BigInteger(256, r).mod(BcP256.DOMAIN.getN());
        }
    }

    @Benchmark
    public ECPoint comb() {
        return comb.multiply(BcP256.DOMAIN.getG(), scalars[i++ & 63]).normalize();
    }

    @Benchmark
    public ECPoint windows() {
        return table.multiply(BcP256.DOMAIN.getG(), scalars[i++ & 63]).normalize();
    }
}
