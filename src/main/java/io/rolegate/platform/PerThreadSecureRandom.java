package io.rolegate.platform;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * A SecureRandom that hands every thread its own DRBG instance (seeded from the system). The default Linux
 * SecureRandom (NativePRNG) serialises all threads on one lock; token ids and ASIA key ids are drawn on every
 * AssumeRole, so this is the SecureRandom that {@link ClockAndRandomProducers} hands to every bean.
 */
final class PerThreadSecureRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final transient ThreadLocal<SecureRandom> local = ThreadLocal.withInitial(PerThreadSecureRandom::drbg);

    private static SecureRandom drbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Override
    public void nextBytes(byte[] bytes) {
        local.get().nextBytes(bytes);
    }

    @Override
    public int nextInt() {
        return local.get().nextInt();
    }

    @Override
    public int nextInt(int bound) {
        return local.get().nextInt(bound);
    }

    @Override
    public long nextLong() {
        return local.get().nextLong();
    }

    @Override
    public byte[] generateSeed(int numBytes) {
        return local.get().generateSeed(numBytes);
    }

    @Override
    public String getAlgorithm() {
        return "DRBG (per thread)";
    }
}
