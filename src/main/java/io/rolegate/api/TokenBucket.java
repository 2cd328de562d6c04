package io.rolegate.api;

/**
 * A token bucket: {@code capacity} tokens at most, refilled at {@code perSecond}; each request takes one. Time is the
 * caller's monotonic nanoseconds, so tests drive it without sleeping.
 */
final class TokenBucket {
    private static final double NANOS = 1_000_000_000d;

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, double capacity, long nowNanos) {
        this.perNano = perSecond / NANOS;
        this.capacity = capacity;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes a token: 0 when granted, otherwise the nanoseconds until one will be there (nothing taken). */
    synchronized long take(long nowNanos) {
        refill(nowNanos);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / perNano);
    }

    /** Gives back a token taken by a request that another bucket then refused. */
    synchronized void giveBack() {
        tokens = Math.min(capacity, tokens + 1);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
