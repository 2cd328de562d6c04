package io.rolegate.sigv4;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounded, thread-safe cache of derived signing keys per (secret, date, region, service): saves four HMACs per
 * request for a caller that signs many requests in a day. When full it is simply emptied (the keys are cheap to
 * re-derive; an eviction policy would cost more than it saves). Entries are never logged or exposed.
 */
final class SigningKeyCache {
    private record Key(String secret, String scopeDate, String region, String service) {
        @Override
        public String toString() {
            return "Key[" + scopeDate + "/" + region + "/" + service + "]";
        }
    }

    private final int maxEntries;
    private final ConcurrentHashMap<Key, byte[]> keys = new ConcurrentHashMap<>();

    SigningKeyCache(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    byte[] get(String secret, String scopeDate, String region, String service) {
        Key key = new Key(secret, scopeDate, region, service);
        byte[] k = keys.get(key);
        if (k == null) {
            k = SigV4.signingKey(secret, scopeDate, region, service);
            if (keys.size() >= maxEntries) {
                keys.clear();
            }
            keys.put(key, k);
        }
        return k;
    }

    int size() {
        return keys.size();
    }
}
