package io.rolegate.api;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * x-amzn-RequestId values: random version-4 UUIDs. Not secrets, so they come from ThreadLocalRandom:
 * UUID.randomUUID() draws from one shared SecureRandom whose lock was the main contention point under load.
 */
final class RequestIds {
    private RequestIds() {
    }

    static String next() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }
}
