package io.rolegate.credentials;

import org.bouncycastle.math.ec.AbstractECMultiplier;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECLookupTable;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.raw.Nat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * k·G on P-256 for ECDSA signing, by fixed windows over a table computed once: one table of 2^W points per W-bit
 * window of the scalar (W = 5: 52 tables of 32 points), so k·G is one addition per window and no doubling, where
 * BouncyCastle's comb ({@link FixedPointCombMultiplier}, 32 points) does 52 doublings and 52 additions. The signature is the ES256 session
 * token's main cost (docs/benchmarks.md).
 * <p>Side channels as in BouncyCastle's comb: each window's point is read with BouncyCastle's cache-safe lookup table
 * (every entry read, the wanted one kept by masking) and the additions run the same code whatever the digits. No table
 * entry is the point at infinity: window i holds (d·2^(W·i) + o_i)·G for d in 0..2^W-1 with a fixed 256-bit offset
 * o_i, and the sum of the offsets is subtracted at the end. BouncyCastle's result check (the point is on the curve)
 * still runs on every product.
 */
final class P256BaseMultiplier extends AbstractECMultiplier {
    /** The window width; 5 measured fastest (1.5x the comb) (docs/benchmarks.md "ES256 signing"): wider windows scan larger tables. */
    static final int DEFAULT_WIDTH = 5;
    private static final int BITS = 256;

    private final int width;
    private final ECPoint base;
    private final ECLookupTable[] windows;
    private final ECPoint minusOffsets;
    private final FixedPointCombMultiplier other = new FixedPointCombMultiplier();

    P256BaseMultiplier(ECPoint g, BigInteger order) {
        this(g, order, DEFAULT_WIDTH);
    }

    P256BaseMultiplier(ECPoint g, BigInteger order, int width) {
        if (width < 1 || width > 8) {
            throw new IllegalArgumentException("window width " + width);
        }
        this.width = width;
        this.windows = new ECLookupTable[(BITS + width - 1) / width];
        this.base = g.normalize();
        ECCurve curve = g.getCurve();
        BigInteger offsets = BigInteger.ZERO;
        ECPoint step = base; // 2^(W·i)·G
        int size = 1 << width;
        for (int i = 0; i < windows.length; i++) {
            BigInteger o = offset(i, order);
            offsets = offsets.add(o).mod(order);
            ECPoint[] points = new ECPoint[size];
            points[0] = other.multiply(base, o);
            for (int d = 1; d < size; d++) {
                points[d] = points[d - 1].add(step);
            }
            for (ECPoint p : points) {
                if (p.isInfinity()) { // probability ~2^-246; the offsets are fixed, so this would fail every start
                    throw new IllegalStateException("P-256 base table entry at infinity");
                }
            }
            curve.normalizeAll(points);
            windows[i] = curve.createCacheSafeLookupTable(points, 0, size);
            step = step.timesPow2(width).normalize();
        }
        this.minusOffsets = other.multiply(base, offsets).negate().normalize();
    }

    /** A fixed pseudo-random scalar per window (SHA-256 of a label), reduced mod n. */
    private static BigInteger offset(int window, BigInteger order) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest(("rolegate P-256 base table offset " + window).getBytes(StandardCharsets.UTF_8));
            return new BigInteger(1, h).mod(order);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected ECPoint multiplyPositive(ECPoint p, BigInteger k) {
        if (k.bitLength() > BITS || !p.normalize().equals(base)) {
            return other.multiply(p, k); // not the base point: never on the signing path
        }
        int[] K = Nat.fromBigInteger(BITS, k);
        ECPoint r = minusOffsets;
        int mask = (1 << width) - 1;
        for (int i = 0; i < windows.length; i++) {
            int bit = i * width;
            int word = bit >>> 5;
            long two = (K[word] & 0xffffffffL) | (word + 1 < K.length ? (long) K[word + 1] << 32 : 0L);
            r = r.add(windows[i].lookup((int) (two >>> (bit & 31)) & mask));
        }
        return r;
    }
}
