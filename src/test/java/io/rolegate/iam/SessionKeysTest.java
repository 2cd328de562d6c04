package io.rolegate.iam;

import io.rolegate.credentials.IssuedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionKind;
import io.rolegate.credentials.SigningAlgorithm;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.iam.Secrets;
import io.rolegate.store.KeyMaterialStore;
import io.rolegate.store.MasterKeyFile;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two replicas sharing one store: first start, rotation, and what each publishes and accepts. */
class SessionKeysTest {
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    /** An in-memory KeyMaterialStore with the same insert-if-absent and compare-and-set semantics as the SQL one. */
    static final class MemoryStore implements KeyMaterialStore {
        final Map<String, StoredSigningKey> keys = new ConcurrentHashMap<>();
        final Map<String, StoredSecret> secrets = new ConcurrentHashMap<>();

        @Override
        public List<StoredSigningKey> signingKeys() {
            return new ArrayList<>(keys.values());
        }

        @Override
        public boolean insertSigningKeyIfAbsent(StoredSigningKey key) {
            return keys.putIfAbsent(key.kid(), key) == null;
        }

        @Override
        public synchronized boolean updateSigningKey(StoredSigningKey key, String expectedState) {
            StoredSigningKey cur = keys.get(key.kid());
            if (cur == null || !cur.state().equals(expectedState)) {
                return false;
            }
            keys.put(key.kid(), key);
            return true;
        }

        @Override
        public synchronized boolean deleteSigningKey(String kid, String expectedState) {
            StoredSigningKey cur = keys.get(kid);
            return cur != null && cur.state().equals(expectedState) && keys.remove(kid, cur);
        }

        @Override
        public Optional<String> serverSecret(String name) {
            return Optional.ofNullable(secrets.get(name)).map(StoredSecret::sealedValue);
        }

        @Override
        public List<StoredSecret> serverSecrets(String namePrefix) {
            return secrets.values().stream().filter(x -> x.name().startsWith(namePrefix))
                    .sorted(java.util.Comparator.comparing(StoredSecret::name)).toList();
        }

        @Override
        public boolean deleteServerSecret(String name) {
            return secrets.remove(name) != null;
        }

        @Override
        public boolean insertServerSecretIfAbsent(String name, String sealedValue, Instant createdAt) {
            return secrets.putIfAbsent(name, new StoredSecret(name, sealedValue, createdAt)) == null;
        }
    }

    static final byte[] MASTER = new byte[32];

    static SessionKeys replica(MemoryStore store, Clock clock) {
        SecureRandom random = new SecureRandom();
        SessionKeys k = new SessionKeys();
        k.store = store;
        k.secrets = new Secrets(random, new MasterKeyFile(Optional.of(Base64.getEncoder().encodeToString(MASTER)), Optional.empty(), null, random));
        SessionTokenSettings c = new SessionTokenSettings();
        c.issuer = Optional.of("https://rolegate.test");
        c.audience = "rolegate";
        c.algorithm = SigningAlgorithm.ES256;
        c.rotationPeriod = Duration.ofHours(24);
        c.propagationDelay = Duration.ofHours(1);
        c.maxTokenLifetime = Duration.ofHours(36);
        c.sessionSecretRotationPeriod = Duration.ofHours(24);
        k.config = c;
        k.clock = clock;
        k.random = random;
        return k;
    }

    static IssuedSession issue(SessionKeys k) {
        return k.issue(SessionGrant.builder(SessionKind.SESSION_TOKEN, "111111111111", "arn:aws:iam::111111111111:user/u",
                Duration.ofHours(1)).parentPrincipal("arn:aws:iam::111111111111:user/u", "AIDAEXAMPLE").build());
    }

    @Test
    void twoReplicasStartingTogetherAgreeOnKeysAndSecrets() throws Exception {
        MemoryStore store = new MemoryStore();
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SessionKeys a = replica(store, clock);
        SessionKeys b = replica(store, clock);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> fa = pool.submit(() -> { go.await(); a.ensureLoaded(); return null; });
            Future<?> fb = pool.submit(() -> { go.await(); b.ensureLoaded(); return null; });
            go.countDown();
            fa.get();
            fb.get();
        } finally {
            pool.shutdown();
        }
        assertEquals(1, store.secrets.size());
        // whichever replica won, a session minted by one verifies on the other, with the same derived secret
        a.rotate(T0);
        b.rotate(T0);
        assertEquals(a.ring().activeKey().kid(), b.ring().activeKey().kid());
        IssuedSession s = issue(a);
        assertEquals(s.credentials().secretAccessKey(),
                b.verify(s.credentials().sessionToken(), s.credentials().accessKeyId()).secretAccessKey());
        // stored key material is sealed: no private JWK member in the rows
        store.keys.values().forEach(r -> assertFalse(r.sealedJwk().contains("\"d\"")));
    }

    @Test
    void rotationPublishesTheNextKeyFirstAndKeepsRetiredKeysUntilTheirTokensExpire() {
        MemoryStore store = new MemoryStore();
        SessionKeys a = replica(store, Clock.fixed(T0, ZoneOffset.UTC));
        SessionKeys b = replica(store, Clock.fixed(T0, ZoneOffset.UTC));
        a.ensureLoaded();
        b.ensureLoaded();
        SigningKeyRing first = a.ring();
        String k1 = first.activeKey().kid();
        assertEquals(2, first.keys().size(), "the ACTIVE key and its published successor");
        String k2 = first.keys().get(1).kid();
        assertTrue(a.jwksJson().contains(k2), "the successor is in the JWKS before it signs");
        IssuedSession old = issue(a);

        SigningKeyRing later = a.rotate(T0.plus(Duration.ofHours(25)));
        assertEquals(k2, later.activeKey().kid());
        assertTrue(later.verificationKeys().kids().contains(k1));
        // the other replica adopts the stored state at its next run, and still accepts the old token
        SigningKeyRing seenByB = b.rotate(T0.plus(Duration.ofHours(25)));
        assertEquals(k2, seenByB.activeKey().kid());
        assertEquals(old.credentials().secretAccessKey(),
                b.verify(old.credentials().sessionToken(), old.credentials().accessKeyId()).secretAccessKey());
        assertNotEquals(k1, issueKid(b));

        // once every token the retired key signed has expired (36 h after retirement), it leaves the JWKS
        SigningKeyRing much = a.rotate(T0.plus(Duration.ofHours(25 + 36)));
        assertFalse(much.verificationKeys().kids().contains(k1));
        assertFalse(store.keys.containsKey(k1));
    }

    /** A clock the test moves forward. */
    static final class MovingClock extends Clock {
        volatile Instant now;

        MovingClock(Instant start) {
            now = start;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static IssuedSession issue(SessionKeys k, Duration duration) {
        return k.issue(SessionGrant.builder(SessionKind.SESSION_TOKEN, "111111111111", "arn:aws:iam::111111111111:user/u",
                duration).parentPrincipal("arn:aws:iam::111111111111:user/u", "AIDAEXAMPLE").build());
    }

    static int secretVersion(SessionKeys k, IssuedSession s) {
        return k.verify(s.credentials().sessionToken(), s.credentials().accessKeyId()).claims().secretKeyVersion();
    }

    @Test
    void theSessionSecretKeyRotatesAndOldVersionsLiveAsLongAsTheirSessions() {
        MemoryStore store = new MemoryStore();
        MovingClock clock = new MovingClock(T0);
        SessionKeys a = replica(store, clock);
        SessionKeys b = replica(store, clock);
        a.ensureLoaded();
        b.ensureLoaded();
        assertEquals(1, a.sessionSecrets().currentVersion());

        // version 1 derives for a full period; a long session is made just before its successor is created
        clock.now = T0.plus(Duration.ofHours(23));
        IssuedSession v1 = issue(a, Duration.ofHours(36));
        assertEquals(1, secretVersion(b, v1));

        // after the period the successor is created, but derives nothing until every replica has loaded it
        clock.now = T0.plus(Duration.ofHours(24));
        a.rotate(clock.now);
        assertTrue(store.secrets.containsKey("session-secret-key/2"));
        assertEquals(1, a.sessionSecrets().currentVersion());
        b.rotate(clock.now);
        assertTrue(b.sessionSecrets().hasVersion(2), "the other replica loaded version 2 before it is used");

        // a propagation delay later version 2 derives new secrets on every replica; version 1 sessions still work
        clock.now = T0.plus(Duration.ofHours(25));
        a.rotate(clock.now);
        b.rotate(clock.now);
        IssuedSession v2 = issue(a, Duration.ofHours(1));
        assertEquals(2, secretVersion(b, v2));
        assertEquals(2, secretVersion(a, issue(b, Duration.ofHours(1))));
        assertEquals(v1.credentials().secretAccessKey(),
                b.verify(v1.credentials().sessionToken(), v1.credentials().accessKeyId()).secretAccessKey());
        assertEquals(1, secretVersion(a, v1));

        // version 1 stays until the longest session it could have derived has expired (36 h after version 2 took over)
        clock.now = T0.plus(Duration.ofHours(25 + 36)).minusSeconds(1);
        a.rotate(clock.now);
        assertTrue(store.secrets.containsKey("session-secret-key/1"));
        clock.now = T0.plus(Duration.ofHours(25 + 36));
        a.rotate(clock.now);
        b.rotate(clock.now);
        assertFalse(store.secrets.containsKey("session-secret-key/1"), "version 1 retired");
        assertFalse(b.sessionSecrets().hasVersion(1));
        assertEquals(ErrorCode.InvalidClientTokenId, assertThrows(AwsException.class,
                () -> b.verify(v1.credentials().sessionToken(), v1.credentials().accessKeyId())).code());
        // version 2 has derived for more than a period: its successor was created and takes over after the delay
        assertTrue(store.secrets.containsKey("session-secret-key/3"));
        assertEquals(2, a.sessionSecrets().currentVersion());
        clock.now = T0.plus(Duration.ofHours(62));
        a.rotate(clock.now);
        b.rotate(clock.now);
        assertEquals(3, a.sessionSecrets().currentVersion());
        assertEquals(3, b.sessionSecrets().currentVersion());
        assertEquals(3, secretVersion(b, issue(a, Duration.ofHours(1))));
    }

    static String issueKid(SessionKeys k) {
        String header = new String(Base64.getUrlDecoder().decode(issue(k).credentials().sessionToken().split("\\.")[0]));
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }
}
