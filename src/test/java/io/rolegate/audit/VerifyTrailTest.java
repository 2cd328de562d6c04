package io.rolegate.audit;

import com.nimbusds.jose.jwk.JWKSet;
import io.rolegate.credentials.SigningAlgorithm;
import io.rolegate.credentials.SigningKey;
import io.rolegate.credentials.SigningKeyFactory;
import io.rolegate.credentials.SigningKeyRing;
import io.rolegate.store.AuditStore;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verification command finds each kind of tampering with an exported trail, and nothing in an intact one. */
class VerifyTrailTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final String ACCOUNT = "111111111111";
    private final SigningKey key = new SigningKeyFactory(new SecureRandom()).newKey(SigningAlgorithm.EDDSA, T0).activate(T0);
    private final SigningKeyRing ring = SigningKeyRing.of(List.of(key));
    private final JWKSet jwks = ring.publicJwkSet();

    /** Six events, digests after events 2, 4 and 6 (three hours). */
    private final List<String> events = new ArrayList<>();
    private final List<String> digests = new ArrayList<>();

    VerifyTrailTest() {
        String hash = ChainHash.GENESIS;
        String previousDigest = null;
        for (long seq = 1; seq <= 6; seq++) {
            String record = "{\"eventVersion\":\"1.08\",\"eventName\":\"AssumeRole\",\"n\":" + seq + "}";
            String next = ChainHash.link(hash, seq, record);
            events.add(TrailExport.line(new AuditStore.StoredEvent(ACCOUNT, seq, T0, "id" + seq, "AssumeRole",
                    "sts.amazonaws.com", false, "u", "AKIA", null, null, record, hash, next)));
            hash = next;
            if (seq % 2 == 0) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("awsAccountId", ACCOUNT);
                d.put("digestStartTime", T0.plusSeconds(seq * 1200).toString());
                d.put("firstSequence", seq - 1);
                d.put("lastSequence", seq);
                d.put("lastEventHash", next);
                d.put("previousDigestHashValue", previousDigest == null ? null : ChainHash.sha256Hex(previousDigest));
                String jws = Digests.sign(d, ring);
                digests.add("{\"accountId\":\"" + ACCOUNT + "\",\"jws\":\"" + jws + "\"}");
                previousDigest = jws;
            }
        }
    }

    private List<String> verify() {
        return VerifyTrail.verify(events, digests, jwks);
    }

    private void assertFound(String expected) {
        List<String> problems = verify();
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), expected + " not in " + problems);
    }

    @Test
    void anIntactTrailVerifies() {
        assertEquals(List.of(), verify());
    }

    @Test
    void aChangedEventIsFound() {
        events.set(1, events.get(1).replace("AssumeRole\",\"n\"", "GetSessionToken\",\"n\""));
        assertFound("event 2 does not match its hash: changed");
    }

    @Test
    void aDeletedEventIsFound() {
        events.remove(3);
        assertFound("events 4..4 are missing: deleted");
    }

    @Test
    void theDeletedNewestDigestedEventIsFound() {
        events.remove(5);
        assertFound("covers event 6, which is missing: deleted");
    }

    @Test
    void reorderedEventsAreFound() {
        Collections.swap(events, 1, 2);
        assertFound("is out of order");
    }

    @Test
    void aRewrittenChainIsFoundByTheSignedDigest() {
        // the tamperer changes event 2 and recomputes every later hash: the chain is consistent again, the digest is not
        List<String> rewritten = new ArrayList<>();
        String hash = ChainHash.GENESIS;
        for (int i = 0; i < events.size(); i++) {
            String record = TrailExport.record(events.get(i)).replace("\"n\":2", "\"n\":22");
            String next = ChainHash.link(hash, i + 1, record);
            rewritten.add(TrailExport.line(new AuditStore.StoredEvent(ACCOUNT, i + 1, T0, "x", "x", "x", false, null,
                    null, null, null, record, hash, next)));
            hash = next;
        }
        events.clear();
        events.addAll(rewritten);
        assertFound("signs a different hash for event 2: the chain was rewritten");
    }

    @Test
    void aForgedDigestIsFound() {
        SigningKey other = new SigningKeyFactory(new SecureRandom()).newKey(SigningAlgorithm.EDDSA, T0).activate(T0);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("awsAccountId", ACCOUNT);
        d.put("lastSequence", 6);
        digests.set(2, "{\"jws\":\"" + Digests.sign(d, SigningKeyRing.of(List.of(other))) + "\"}");
        assertFound("has no valid signature of a published key");
    }

    @Test
    void aDeletedDigestIsFound() {
        digests.remove(1);
        assertFound("does not link to the digest before it");
    }
}
