package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rolegate.iam.Authorizer;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;
import io.rolegate.store.AuditStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller's account's trail as JSON lines for a SIEM, in chain order, each line
 * {@code {"accountId", "seq", "prevHash", "hash", "event": <the CloudTrail record exactly as hashed>}}; and the
 * account's signed digests, one {@code {"accountId", "hourStart", "lastSeq", "jws"}} per line. {@link VerifyTrail}
 * checks the two files against the published JWKS. Reading either needs cloudtrail:LookupEvents.
 */
@ApplicationScoped
public class TrailExport {
    public static final int MAX_LINES = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditStore store;
    @Inject
    AuditTrail trail;
    @Inject
    Authorizer authorizer;

    public String events(Caller caller, long fromSeq, int limit, RequestFacts facts) {
        authorizer.authorize(caller, EventLookup.ACTION, "*", facts);
        trail.chainPending(); // every call answered before this one is exported
        StringBuilder out = new StringBuilder();
        for (AuditStore.StoredEvent e : store.chain(caller.accountId(), fromSeq, Math.min(Math.max(limit, 1), MAX_LINES))) {
            out.append(line(e)).append('\n');
        }
        return out.toString();
    }

    public String digests(Caller caller, Instant fromHour, RequestFacts facts) {
        authorizer.authorize(caller, EventLookup.ACTION, "*", facts);
        StringBuilder out = new StringBuilder();
        for (AuditStore.StoredDigest d : store.digests(caller.accountId(), fromHour)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("accountId", d.accountId());
            m.put("hourStart", UserIdentities.time(d.hourStart()));
            m.put("lastSeq", d.lastSeq());
            m.put("jws", d.jws());
            out.append(json(m)).append('\n');
        }
        return out.toString();
    }

    /** The record is spliced in verbatim, so the verifier can hash exactly the text that was chained. */
    static String line(AuditStore.StoredEvent e) {
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("accountId", e.accountId());
        head.put("seq", e.seq());
        head.put("prevHash", e.prevHash());
        head.put("hash", e.hash());
        String h = json(head);
        return h.substring(0, h.length() - 1) + ",\"event\":" + e.record() + "}";
    }

    /** The verbatim record text of an exported line (everything between {@code ,"event":} and the final brace). */
    static String record(String line) {
        int at = line.indexOf(",\"event\":");
        if (at < 0 || !line.endsWith("}")) {
            throw new IllegalArgumentException("not an exported event line");
        }
        return line.substring(at + ",\"event\":".length(), line.length() - 1);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String text) {
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}
