package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.quarkus.scheduler.Scheduled;
import io.rolegate.credentials.SigningKey;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.iam.SessionKeys;
import io.rolegate.store.AuditStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly digests, after CloudTrail's digest files: for each account, once an hour has ended, a JWS over the chain
 * segment of that hour (last seq and its hash) and the previous digest's hash, signed with the session-token signing
 * key that /.well-known/jwks.json publishes. An hour without new events gets no digest; the next digest's
 * previousDigestHashValue still links to the last one. Also prunes events and digests past the retention.
 */
@ApplicationScoped
public class Digests {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditStore store;
    @Inject
    AuditTrail trail;
    @Inject
    SessionKeys keys;
    @Inject
    Clock clock;
    @ConfigProperty(name = "rolegate.audit.retention", defaultValue = "90d")
    Duration retention;

    @Scheduled(every = "${rolegate.audit.digest-every:5m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Instant now = clock.instant();
        digestEndedHours(now);
        store.prune(now.minus(retention));
    }

    /** Writes the digests of every hour that ended before {@code now} and has none yet; answers how many. */
    public int digestEndedHours(Instant now) {
        // a minute's grace: a call that started before the hour ended may still be writing its event
        Instant currentHour = now.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.HOURS);
        int written = 0;
        trail.chainPending(); // the hour's events still in the outbox belong in its digest
        for (String account : store.accounts()) {
            Optional<AuditStore.StoredDigest> last = store.lastDigest(account);
            Instant hour;
            if (last.isPresent()) {
                hour = last.get().hourStart().plus(1, ChronoUnit.HOURS);
            } else {
                List<AuditStore.StoredEvent> first = store.chain(account, 0, 1);
                if (first.isEmpty()) {
                    continue;
                }
                hour = first.get(0).eventTime().truncatedTo(ChronoUnit.HOURS);
            }
            long lastSeq = last.map(AuditStore.StoredDigest::lastSeq).orElse(0L);
            String previous = last.map(AuditStore.StoredDigest::jws).orElse(null);
            for (; hour.isBefore(currentHour); hour = hour.plus(1, ChronoUnit.HOURS)) {
                Instant end = hour.plus(1, ChronoUnit.HOURS);
                long seq = store.lastSeqBetween(account, hour, end);
                if (seq <= lastSeq) {
                    continue;
                }
                String jws = sign(digest(account, hour, end, lastSeq + 1, seq, previous));
                if (!store.insertDigest(new AuditStore.StoredDigest(account, hour, seq, jws))) {
                    break; // another replica is writing this account's digests
                }
                written++;
                lastSeq = seq;
                previous = jws;
            }
        }
        return written;
    }

    private Map<String, Object> digest(String account, Instant start, Instant end, long firstSeq, long lastSeq,
                                       String previous) {
        AuditStore.StoredEvent newest = store.chain(account, lastSeq, 1).get(0);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("awsAccountId", account);
        d.put("digestStartTime", UserIdentities.time(start));
        d.put("digestEndTime", UserIdentities.time(end));
        d.put("firstSequence", firstSeq);
        d.put("lastSequence", lastSeq);
        d.put("lastEventHash", newest.hash());
        d.put("newestEventTime", UserIdentities.time(newest.eventTime()));
        d.put("hashAlgorithm", "SHA-256");
        d.put("previousDigestHashValue", previous == null ? null : ChainHash.sha256Hex(previous));
        d.put("previousDigestHashAlgorithm", previous == null ? null : "SHA-256");
        return d;
    }

    private String sign(Map<String, Object> digest) {
        return sign(digest, keys.ring());
    }

    static String sign(Map<String, Object> digest, SigningKeyRing ring) {
        SigningKey key = ring.activeKey();
        try {
            JWSObject jws = new JWSObject(new JWSHeader.Builder(key.algorithm().jwsAlgorithm()).keyID(key.kid())
                    .build(), new Payload(JSON.writeValueAsString(digest)));
            jws.sign(ring.signer());
            return jws.serialize();
        } catch (JOSEException | JsonProcessingException e) {
            throw new IllegalStateException("audit digest not signed", e);
        }
    }
}
