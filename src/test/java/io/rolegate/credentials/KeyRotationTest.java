package io.rolegate.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyRotationTest {
    private static final Instant T0 = SessionFixture.T0;
    private static final Duration PERIOD = Duration.ofHours(24);
    private static final Duration PROPAGATION = Duration.ofHours(1);
    private static final Duration MAX_SESSION = Duration.ofHours(12);
    private static final RotationPolicy POLICY = new RotationPolicy(SigningAlgorithm.ES256, PERIOD, PROPAGATION, MAX_SESSION);

    private final SigningKeyFactory factory = new SigningKeyFactory(new SecureRandom());

    private record Minted(String token, String kid, Instant expiresAt) {
    }

    /**
     * Five simulated days, a rotation tick every 30 minutes and a 12-hour session minted at every tick. Checks the
     * ring invariants, that every token verifies until it expires, that a key leaves the JWKS only after all its
     * tokens expired, and that a key is published at least the propagation delay before it signs.
     */
    @Test
    void fiveDaysOfRotation() {
        SessionFixture f = new SessionFixture(SigningAlgorithm.ES256);
        List<SigningKey> keys = List.of();
        Map<String, Instant> firstPublished = new HashMap<>();
        Map<String, Instant> firstSigned = new HashMap<>();
        Map<String, Instant> removed = new HashMap<>();
        List<Minted> minted = new ArrayList<>();
        List<Minted> live = new ArrayList<>();
        Set<String> everSeen = new java.util.HashSet<>();

        for (Instant now = T0; now.isBefore(T0.plus(Duration.ofDays(5))); now = now.plus(Duration.ofMinutes(30))) {
            f.clock.set(now);
            keys = KeyRotation.rotate(keys, now, POLICY, factory);
            SigningKeyRing ring = SigningKeyRing.of(keys);
            f.ring.set(ring);

            assertEquals(1, count(keys, KeyState.ACTIVE));
            assertEquals(1, count(keys, KeyState.NEXT));
            assertTrue(count(keys, KeyState.RETIRED) <= 1, "with 12 h sessions and daily rotation at most one is retired");
            Set<String> published = ring.publicJwkSet().getKeys().stream().map(k -> k.getKeyID()).collect(Collectors.toSet());
            for (String kid : published) {
                firstPublished.putIfAbsent(kid, now);
            }
            for (String kid : everSeen) {
                if (!published.contains(kid)) {
                    removed.putIfAbsent(kid, now);
                }
            }
            everSeen.addAll(published);
            firstSigned.putIfAbsent(ring.activeKey().kid(), now);

            IssuedSession issued = f.issuer.issue(SessionFixture.roleGrant(MAX_SESSION));
            Minted fresh = new Minted(issued.credentials().sessionToken(), ring.activeKey().kid(), issued.claims().expiresAt());
            minted.add(fresh);
            live.add(fresh);
            Instant tick = now;
            live.removeIf(m -> !tick.isBefore(m.expiresAt().plus(Duration.ofHours(2)))); // checked long enough

            for (Minted m : live) {
                if (now.isBefore(m.expiresAt())) {
                    assertTrue(published.contains(m.kid()), "key of a live token must stay published at " + now);
                    f.verifier.verify(m.token()); // must not throw
                } else {
                    ErrorCode code = assertThrows(AwsException.class, () -> f.verifier.verify(m.token())).code();
                    assertEquals(published.contains(m.kid()) ? ErrorCode.ExpiredToken : ErrorCode.InvalidClientTokenId, code);
                }
            }
        }

        assertTrue(firstSigned.size() >= 5, "rotated daily: " + firstSigned.size() + " signing keys in 5 days");
        String bootstrapKid = minted.get(0).kid();
        for (Map.Entry<String, Instant> e : firstSigned.entrySet()) {
            if (!e.getKey().equals(bootstrapKid)) {
                Duration ahead = Duration.between(firstPublished.get(e.getKey()), e.getValue());
                assertTrue(ahead.compareTo(PROPAGATION) >= 0, "published only " + ahead + " before signing");
            }
        }
        // retired keys disappear once their last token has expired, and not before
        assertFalse(removed.isEmpty(), "old keys leave the JWKS");
        for (Map.Entry<String, Instant> e : removed.entrySet()) {
            Instant lastExpiry = minted.stream().filter(m -> m.kid().equals(e.getKey())).map(Minted::expiresAt)
                    .max(Instant::compareTo).orElseThrow();
            assertFalse(e.getValue().isBefore(lastExpiry), "removed at " + e.getValue() + " before " + lastExpiry);
            assertTrue(e.getValue().isBefore(lastExpiry.plus(Duration.ofHours(1))), "kept too long: " + e.getKey());
        }
    }

    @Test
    void bootstrapMakesAnActiveAndANextKey() {
        List<SigningKey> keys = KeyRotation.rotate(List.of(), T0, POLICY, factory);
        assertEquals(List.of(KeyState.ACTIVE, KeyState.NEXT), keys.stream().map(SigningKey::state).toList());
        assertEquals(T0, keys.get(0).activatedAt());
        assertEquals(keys, KeyRotation.rotate(keys, T0.plusSeconds(60), POLICY, factory), "stable between rotations");
    }

    @Test
    void promotionWaitsForThePropagationDelay() {
        List<SigningKey> keys = KeyRotation.rotate(List.of(), T0, POLICY, factory);
        SigningKey first = keys.get(0);
        // the NEXT key was published at T0, so at T0+24h it is old enough: rotation happens on time
        List<SigningKey> rotated = KeyRotation.rotate(keys, T0.plus(PERIOD), POLICY, factory);
        assertEquals(keys.get(1).kid(), rotated.get(0).kid());
        assertEquals(KeyState.RETIRED, rotated.stream().filter(k -> k.kid().equals(first.kid())).findFirst().orElseThrow().state());

        // a NEXT key only 10 minutes old must wait although the period is over
        List<SigningKey> freshNext = List.of(first, factory.newKey(SigningAlgorithm.ES256, T0.plus(PERIOD).minus(Duration.ofMinutes(10))));
        List<SigningKey> waited = KeyRotation.rotate(freshNext, T0.plus(PERIOD), POLICY, factory);
        assertEquals(first.kid(), waited.get(0).kid());
        List<SigningKey> later = KeyRotation.rotate(waited, T0.plus(PERIOD).plus(Duration.ofMinutes(50)), POLICY, factory);
        assertEquals(freshNext.get(1).kid(), later.get(0).kid());
    }

    @Test
    void retiredKeysStayExactlyTheMaximumSessionDuration() {
        SigningKey retired = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0).retire(T0.plus(PERIOD));
        SigningKey active = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0.plus(PERIOD));
        List<SigningKey> keys = List.of(active, retired);
        Instant deadline = T0.plus(PERIOD).plus(MAX_SESSION);
        assertTrue(KeyRotation.rotate(keys, deadline.minusSeconds(1), POLICY, factory).contains(retired));
        assertFalse(KeyRotation.rotate(keys, deadline, POLICY, factory).contains(retired));
    }

    @Test
    void repairsRingsWithTooManyOrNoActiveKeys() {
        SigningKey older = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0);
        SigningKey newer = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0.plusSeconds(5));
        List<SigningKey> fixed = KeyRotation.rotate(List.of(older, newer), T0.plusSeconds(10), POLICY, factory);
        assertEquals(newer.kid(), fixed.get(0).kid());
        assertEquals(1, count(fixed, KeyState.ACTIVE));
        assertEquals(KeyState.RETIRED, fixed.stream().filter(k -> k.kid().equals(older.kid())).findFirst().orElseThrow().state());

        SigningKey onlyNext = factory.newKey(SigningAlgorithm.ES256, T0);
        List<SigningKey> promoted = KeyRotation.rotate(List.of(onlyNext), T0.plusSeconds(1), POLICY, factory);
        assertEquals(onlyNext.kid(), promoted.get(0).kid());
        assertEquals(KeyState.ACTIVE, promoted.get(0).state());
    }

    @Test
    void algorithmChangeReplacesTheUnusedNextKey() {
        List<SigningKey> keys = KeyRotation.rotate(List.of(), T0, POLICY, factory);
        RotationPolicy eddsa = new RotationPolicy(SigningAlgorithm.EDDSA, PERIOD, PROPAGATION, MAX_SESSION);
        List<SigningKey> changed = KeyRotation.rotate(keys, T0.plusSeconds(60), eddsa, factory);
        assertEquals(SigningAlgorithm.ES256, changed.get(0).algorithm(), "the active key keeps signing");
        assertEquals(SigningAlgorithm.EDDSA, changed.get(1).algorithm());
        assertNotEquals(keys.get(1).kid(), changed.get(1).kid());
        List<SigningKey> next = KeyRotation.rotate(changed, T0.plus(PERIOD), eddsa, factory);
        assertEquals(SigningAlgorithm.EDDSA, next.get(0).algorithm());
        SigningKeyRing.of(next); // mixed-algorithm ring is fine
    }

    @Test
    void ringRequiresExactlyOneActiveKey() {
        SigningKey next = factory.newKey(SigningAlgorithm.ES256, T0);
        assertThrows(IllegalArgumentException.class, () -> SigningKeyRing.of(List.of(next)));
        SigningKey a = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0);
        SigningKey b = factory.newKey(SigningAlgorithm.ES256, T0).activate(T0);
        assertThrows(IllegalArgumentException.class, () -> SigningKeyRing.of(List.of(a, b)));
    }

    @Test
    void policyDefaults() {
        RotationPolicy d = RotationPolicy.defaults();
        assertEquals(SigningAlgorithm.ES256, d.algorithm());
        assertEquals(Duration.ofHours(24), d.rotationPeriod());
        assertEquals(Duration.ofHours(1), d.propagationDelay());
        assertEquals(Duration.ofSeconds(43_200), d.maxSessionDuration());
    }

    private static long count(List<SigningKey> keys, KeyState state) {
        return keys.stream().filter(k -> k.state() == state).count();
    }
}
