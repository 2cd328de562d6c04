package io.rolegate.federation;

import java.time.Duration;
import java.util.Locale;

/**
 * How long fetched keys may be used, from the provider's Cache-Control (RFC 9111 section 5.2.2): max-age less the Age
 * a cache on the way already held the response, bounded by [min, max]; no-store and no-cache (keys cannot be
 * revalidated here) give the minimum; no usable max-age gives the fallback. Several max-age directives: the smallest.
 */
record CacheLifetimes(Duration min, Duration fallback, Duration max) {

    static CacheLifetimes of(KeySettings settings) {
        return new CacheLifetimes(settings.cacheMinTtl(), settings.cacheTtl(), settings.cacheMaxTtl());
    }

    Duration of(FetchedDocument document) {
        String header = document.cacheControl();
        if (header == null) {
            return fallback;
        }
        long maxAge = -1;
        for (String directive : header.split(",")) {
            int eq = directive.indexOf('=');
            String name = (eq < 0 ? directive : directive.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (name.equals("no-store") || name.equals("no-cache")) {
                return min;
            }
            if (name.equals("max-age") && eq > 0) {
                long seconds = deltaSeconds(directive.substring(eq + 1));
                if (seconds >= 0) {
                    maxAge = maxAge < 0 ? seconds : Math.min(maxAge, seconds);
                }
            }
        }
        if (maxAge < 0) {
            return fallback;
        }
        long age = document.age() == null ? 0 : Math.max(0, deltaSeconds(document.age()));
        return bounded(Duration.ofSeconds(Math.max(0, maxAge - age)));
    }

    private Duration bounded(Duration d) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /** delta-seconds (digits, optionally quoted); -1 when malformed; huge values saturate. */
    private static long deltaSeconds(String raw) {
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > Integer.MAX_VALUE ? value : value * 10 + (c - '0');
        }
        return Math.min(value, Integer.MAX_VALUE);
    }
}
