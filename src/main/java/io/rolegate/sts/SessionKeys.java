package io.rolegate.sts;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.credentials.IssuedSession;
import io.rolegate.credentials.KeyRotation;
import io.rolegate.credentials.SessionCredentialsIssuer;
import io.rolegate.credentials.SessionGrant;
import io.rolegate.credentials.SessionSecrets;
import io.rolegate.credentials.SessionTokenVerifier;
import io.rolegate.credentials.SigningKey;
import io.rolegate.credentials.SigningKeyFactory;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.credentials.VerifiedSession;
import io.rolegate.iam.Secrets;
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
 * The key material of temporary credentials, held in memory: the signing key ring (issuer and verifier read it
 * through an AtomicReference) and the session secret key (HMAC key the secrets are derived under). Both live sealed
 * in the store and are created on first start with insert-if-absent, so two replicas starting at once agree.
 * A scheduled job reloads the stored keys, applies {@link KeyRotation} and writes the changes back with
 * compare-and-set on the state column; a replica that loses a race simply reloads next time.
 */
@ApplicationScoped
public class SessionKeys {
    private static final Logger LOG = Logger.getLogger(SessionKeys.class);
    static final String SESSION_SECRET_NAME = "session-secret-key/1";
    private static final int SESSION_SECRET_VERSION = 1;

    private final AtomicReference<SigningKeyRing> ring = new AtomicReference<>();
    private volatile SessionSecrets sessionSecrets;
    private volatile SessionCredentialsIssuer issuer;
    private volatile SessionTokenVerifier verifier;

    @Inject
    KeyMaterialStore store;
    @Inject
    Secrets secrets;
    @Inject
    StsConfig config;
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
        sessionSecrets = new SessionSecrets(Map.of(SESSION_SECRET_VERSION, loadOrCreateSessionSecret()),
                SESSION_SECRET_VERSION);
        rotate(clock.instant());
        String aud = config.audience();
        issuer = new SessionCredentialsIssuer(config.issuer(), aud, ring::get, sessionSecrets, clock, random);
        verifier = new SessionTokenVerifier(config.issuer(), aud, () -> ring.get().verificationKeys(), sessionSecrets,
                clock);
    }

    private byte[] loadOrCreateSessionSecret() {
        String aad = "server_secrets:" + SESSION_SECRET_NAME;
        String sealed = store.serverSecret(SESSION_SECRET_NAME).orElse(null);
        if (sealed == null) {
            byte[] fresh = SessionSecrets.generateKey(random);
            store.insertServerSecretIfAbsent(SESSION_SECRET_NAME,
                    secrets.seal(Base64.getEncoder().encodeToString(fresh), aad), clock.instant());
            // another replica may have won the insert: always use what the store holds
            sealed = store.serverSecret(SESSION_SECRET_NAME).orElseThrow();
        }
        return Base64.getDecoder().decode(secrets.open(sealed, aad));
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
     * Reloads the stored keys, rotates them as of {@code now}, stores the changes and swaps the in-memory ring.
     * Public so tests (and operators' tooling) can drive rotation with a controlled time.
     */
    public synchronized SigningKeyRing rotate(Instant now) {
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
        if (old == null || !old.activeKey().kid().equals(fresh.activeKey().kid())) {
            LOG.infof("Session tokens are signed with key %s (%s)", fresh.activeKey().kid(), fresh.activeKey().algorithm());
        }
        return fresh;
    }

    private StoredSigningKey row(SigningKey k) {
        return new StoredSigningKey(k.kid(), secrets.seal(k.toJson(), aad(k.kid())), k.state().name(), k.createdAt(),
                k.activatedAt(), k.retiredAt());
    }

    private static String aad(String kid) {
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
        return verifier.verify(token, Objects.requireNonNull(accessKeyId));
    }

    /** As {@link #verify} but at another time: for checks of expiry against a controlled clock (tests, tooling). */
    public VerifiedSession verifyAt(String token, String accessKeyId, Clock at) {
        ensureLoaded();
        return new SessionTokenVerifier(config.issuer(), config.audience(), () -> ring.get().verificationKeys(),
                sessionSecrets, at).verify(token, Objects.requireNonNull(accessKeyId));
    }

    /** The JWKS document (public keys of NEXT, ACTIVE and RETIRED keys). */
    public String jwksJson() {
        return ring().publicJwksJson();
    }

}
