package io.rolegate.iam;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.KeyRotation;
import io.rolegate.credentials.SessionCredentialsIssuer;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionSecretRotation;
import io.rolegate.credentials.SessionSecrets;
import io.rolegate.credentials.SessionTokenVerifier;
import io.rolegate.credentials.SigningKey;
import io.rolegate.credentials.SigningKeyFactory;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.credentials.VerifiedSession;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.store.KeyMaterialStore;
import io.rolegate.store.KeyMaterialStore.StoredSigningKey;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key material of temporary credentials, held in memory: the signing key ring and the versions of the session
 * secret key (HMAC key the secrets are derived under); issuer and verifier read both through AtomicReferences. Both
 * live sealed in the store and are created on first start with insert-if-absent, so two replicas starting at once
 * agree. A scheduled job reloads the stored keys, applies {@link KeyRotation} and {@link SessionSecretRotation} and
 * writes the changes back (compare-and-set on the state column, insert-if-absent of the next secret version); a
 * replica that loses a race simply adopts what is stored.
 */
@ApplicationScoped
public class SessionKeys {
    private static final Logger LOG = Logger.getLogger(SessionKeys.class);
    /** server_secrets rows are named {@code session-secret-key/<version>}. */
    static final String SESSION_SECRET_PREFIX = "session-secret-key/";

    private final AtomicReference<SigningKeyRing> ring = new AtomicReference<>();
    private final AtomicReference<SessionSecrets> sessionSecrets = new AtomicReference<>();
    private volatile SessionCredentialsIssuer issuer;
    private volatile SessionTokenVerifier verifier;
    /**
     * Tokens whose signature, type, issuer, audience, key id and secret version verified, by their exact text: a
     * busy session (a client of a downstream service) is verified once, not on every request (an ES256 verification
     * is most of the cost of a request). What depends on the request or the time (the access key id, the expiry) is
     * checked on every use. Emptied whenever the keys are reloaded, so a removed key or secret version counts at once.
     * Keyed by the token's SHA-256, compared in constant time: a lookup never compares token text with a caller's
     * guess character by character.
     */
    private final Cache<TokenDigest, VerifiedSession> verified = Caffeine.newBuilder().maximumSize(10_000).build();

    /** The SHA-256 of a session token, as a cache key. */
    private record TokenDigest(byte[] sha256, int hash) {
        static TokenDigest of(String token) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new TokenDigest(d, java.util.Arrays.hashCode(d));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TokenDigest t && java.security.MessageDigest.isEqual(sha256, t.sha256);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    @Inject
    KeyMaterialStore store;
    @Inject
    Secrets secrets;
    @Inject
    SessionTokenSettings config;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;

    void onStart(@Observes @Priority(20) StartupEvent ev) {
        ensureLoaded();
    }

    /** Loads (creating on first start) the session secret key and the signing keys. Idempotent; lock-free once loaded. */
    public void ensureLoaded() {
        if (verifier == null) {
            load();
        }
    }

    private synchronized void load() {
        if (verifier != null) {
            return;
        }
        if (store.serverSecrets(SESSION_SECRET_PREFIX).isEmpty()) {
            // first start; another replica may win the insert: rotate() always uses what the store holds
            insertSessionSecret(1, clock.instant());
        }
        rotate(clock.instant());
        String aud = config.audience();
        issuer = new SessionCredentialsIssuer(config.issuer(), aud, ring::get, sessionSecrets::get, clock, random);
        verifier = new SessionTokenVerifier(config.issuer(), aud, () -> ring.get().verificationKeys(),
                sessionSecrets::get, clock);
    }

    private void insertSessionSecret(int version, Instant now) {
        String name = SESSION_SECRET_PREFIX + version;
        byte[] fresh = SessionSecrets.generateKey(random);
        store.insertServerSecretIfAbsent(name, secrets.seal(Base64.getEncoder().encodeToString(fresh), secretAad(name)),
                now);
    }

    static String secretAad(String name) {
        return "server_secrets:" + name;
    }

    /**
     * Applies {@link SessionSecretRotation} to the stored versions (creating the next one, deleting expired ones) and
     * swaps in the versions that are stored afterwards.
     */
    private SessionSecrets rotateSessionSecrets(Instant now) {
        SessionSecretRotation.Plan plan = SessionSecretRotation.plan(storedVersions(), now,
                config.sessionSecretRotationPeriod(), config.rotationPolicy().propagationDelay(),
                config.rotationPolicy().maxSessionDuration());
        if (plan.create() != 0) {
            insertSessionSecret(plan.create(), now);
        }
        plan.retire().forEach(v -> store.deleteServerSecret(SESSION_SECRET_PREFIX + v));
        if (plan.create() != 0 || !plan.retire().isEmpty()) {
            plan = SessionSecretRotation.plan(storedVersions(), now, config.sessionSecretRotationPeriod(),
                    config.rotationPolicy().propagationDelay(), config.rotationPolicy().maxSessionDuration());
        }
        Map<Integer, byte[]> keys = new HashMap<>();
        for (KeyMaterialStore.StoredSecret row : store.serverSecrets(SESSION_SECRET_PREFIX)) {
            keys.put(version(row), Base64.getDecoder().decode(secrets.open(row.sealedValue(), secretAad(row.name()))));
        }
        SessionSecrets fresh = new SessionSecrets(keys, plan.current());
        SessionSecrets old = sessionSecrets.getAndSet(fresh);
        if (old == null || old.currentVersion() != fresh.currentVersion()) {
            LOG.infof("Session secrets are derived with session secret key version %d", fresh.currentVersion());
        }
        return fresh;
    }

    private List<SessionSecretRotation.Version> storedVersions() {
        return store.serverSecrets(SESSION_SECRET_PREFIX).stream()
                .map(r -> new SessionSecretRotation.Version(version(r), r.createdAt())).toList();
    }

    private static int version(KeyMaterialStore.StoredSecret row) {
        return Integer.parseInt(row.name().substring(SESSION_SECRET_PREFIX.length()));
    }

    /** The session secret key versions in use (tests, tooling). */
    public SessionSecrets sessionSecrets() {
        ensureLoaded();
        return sessionSecrets.get();
    }

    @Scheduled(every = "${rolegate.keys.check-every:60s}", delayed = "${rolegate.keys.check-every:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRotation() {
        try {
            rotate(clock.instant());
        } catch (RuntimeException e) {
            LOG.warnf("Signing key rotation failed (will retry): %s", e.toString());
        }
    }

    /**
     * Reloads the stored keys, rotates them (signing keys and session secret keys) as of {@code now}, stores the
     * changes and swaps the in-memory ring and secrets. Public so tests (and operators' tooling) can drive rotation
     * with a controlled time.
     */
    public synchronized SigningKeyRing rotate(Instant now) {
        rotateSessionSecrets(now);
        Map<String, StoredSigningKey> stored = new HashMap<>();
        List<SigningKey> current = new ArrayList<>();
        for (StoredSigningKey row : store.signingKeys()) {
            stored.put(row.kid(), row);
            current.add(SigningKey.fromJson(secrets.open(row.sealedJwk(), aad(row.kid()))));
        }
        List<SigningKey> next = KeyRotation.rotate(current, now, config.rotationPolicy(), new SigningKeyFactory(random));
        boolean lostRace = false;
        for (SigningKey k : next) {
            StoredSigningKey before = stored.remove(k.kid());
            if (before == null) {
                lostRace |= !store.insertSigningKeyIfAbsent(row(k));
            } else if (!before.state().equals(k.state().name())) {
                lostRace |= !store.updateSigningKey(row(k), before.state());
            }
        }
        for (StoredSigningKey dropped : stored.values()) {
            store.deleteSigningKey(dropped.kid(), dropped.state());
        }
        List<SigningKey> effective = next;
        if (lostRace) { // another replica rotated concurrently: adopt what is stored now
            effective = store.signingKeys().stream()
                    .map(r -> SigningKey.fromJson(secrets.open(r.sealedJwk(), aad(r.kid())))).toList();
        }
        SigningKeyRing fresh = SigningKeyRing.of(effective);
        SigningKeyRing old = ring.getAndSet(fresh);
        verified.invalidateAll();
        if (old == null || !old.activeKey().kid().equals(fresh.activeKey().kid())) {
            LOG.infof("Session tokens are signed with key %s (%s)", fresh.activeKey().kid(), fresh.activeKey().algorithm());
        }
        return fresh;
    }

    private StoredSigningKey row(SigningKey k) {
        return new StoredSigningKey(k.kid(), secrets.seal(k.toJson(), aad(k.kid())), k.state().name(), k.createdAt(),
                k.activatedAt(), k.retiredAt());
    }

    static String aad(String kid) {
        return "signing_keys:" + kid;
    }

    public SigningKeyRing ring() {
        ensureLoaded();
        return ring.get();
    }

    public IssuedSession issue(SessionGrant grant) {
        ensureLoaded();
        return issuer.issue(grant);
    }

    /** ExpiredToken or InvalidClientTokenId (AwsException) when the token does not verify for this key id. */
    public VerifiedSession verify(String token, String accessKeyId) {
        ensureLoaded();
        Objects.requireNonNull(accessKeyId);
        TokenDigest key = TokenDigest.of(token);
        VerifiedSession v = verified.getIfPresent(key);
        if (v == null) {
            v = verifier.verify(token, accessKeyId);
            verified.put(key, v);
            return v;
        }
        if (!v.claims().accessKeyId().equals(accessKeyId)) { // the access key id is not secret
            throw new AwsException(ErrorCode.InvalidClientTokenId);
        }
        if (!v.claims().isValidAt(clock.instant())) {
            throw new AwsException(ErrorCode.ExpiredToken);
        }
        return v;
    }

    /** As {@link #verify} but at another time: for checks of expiry against a controlled clock (tests, tooling). */
    public VerifiedSession verifyAt(String token, String accessKeyId, Clock at) {
        ensureLoaded();
        return new SessionTokenVerifier(config.issuer(), config.audience(), () -> ring.get().verificationKeys(),
                sessionSecrets::get, at).verify(token, Objects.requireNonNull(accessKeyId));
    }

    /** The JWKS document (public keys of NEXT, ACTIVE and RETIRED keys). */
    public String jwksJson() {
        return ring().publicJwksJson();
    }

}
