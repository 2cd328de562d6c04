package io.rolegate.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenBucketTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketGrantsItsBurstThenRefillsAtItsRate() {
        TokenBucket b = new TokenBucket(2, 3, 0);
        assertEquals(0, b.take(0));
        assertEquals(0, b.take(0));
        assertEquals(0, b.take(0));
        assertEquals(SECOND / 2, b.take(0), "one token every half second");
        assertEquals(SECOND / 4, b.take(SECOND / 4), "nothing taken by a refused request");
        assertEquals(0, b.take(SECOND / 2));
        assertEquals(SECOND / 2, b.take(SECOND / 2));
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsCapacity() {
        TokenBucket b = new TokenBucket(10, 2, 0);
        for (int i = 0; i < 2; i++) {
            assertEquals(0, b.take(100 * SECOND));
        }
        assertEquals(SECOND / 10, b.take(100 * SECOND));
    }

    @Test
    void aTokenGivenBackCanBeTakenAgain() {
        TokenBucket b = new TokenBucket(1, 1, 0);
        assertEquals(0, b.take(0));
        b.giveBack();
        assertEquals(0, b.take(0));
        b.giveBack();
        b.giveBack();
        assertEquals(0, b.take(0));
        assertEquals(SECOND, b.take(0), "never more than the capacity");
    }
}
