package io.rolegate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.rolegate.credentials.AccessKeyIds;
import io.rolegate.iam.Caller;
import io.rolegate.store.AuditStore;
import io.rolegate.store.DataDirectory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The recorder every edge calls once per call, answered or refused: {@code trail.record(ApiCall...)} turns the call
 * into CloudTrail records (one, or one per account with a shared id for a cross-account call) and returns only when
 * they are durably chained.
 *
 * <p>Durability: the event is written synchronously after the call's own transaction and before its reply is sent
 * (not inside that transaction: most calls, AssumeRole first, write nothing, and refusals roll back). So an
 * acknowledged call always has its event; a crash between the call's commit and the event's loses the
 * acknowledgement too, and the client sees a failed call whose effect may exist, as with any lost reply. When the
 * event cannot be written the edge answers InternalFailure: the trail fails closed, like Vault's audit devices.
 * While the database cannot be reached, events are forced to a spool file instead and chained when it is back
 * ({@link AuditSpool}), so the calls that need no database (warm AssumeRole) go on during a PostgreSQL outage.
 */
@ApplicationScoped
public class AuditTrail {
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    public static final String EVENT_VERSION = "1.08";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AuditStore store;
    @Inject
    SecureRandom random;
    @Inject
    DataDirectory dataDir;
    /**
     * auto (the default): the events go through an outbox in the data directory on the embedded H2 store, straight
     * to the database on PostgreSQL (AuditJournal); true or false force either.
     */
    @ConfigProperty(name = "rolegate.audit.outbox", defaultValue = "auto")
    String outbox;
    @ConfigProperty(name = "quarkus.datasource.postgresql.jdbc.url")
    Optional<String> postgresqlUrl;

    private AuditJournal journal;
    private RefusalBursts bursts;
    private ScheduledExecutorService sweeper;

    @PostConstruct
    void start() {
        // on PostgreSQL replicas the outbox would be one pod's disk: a replaced pod would take unchained events with it
        boolean viaOutbox = switch (outbox.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> postgresqlUrl.isEmpty();
            default -> throw new IllegalArgumentException("rolegate.audit.outbox must be auto, true or false, not "
                    + outbox);
        };
        journal = new AuditJournal(store, new AuditSpool(dataDir.path().resolve("audit-spool.jsonl")),
                System::nanoTime, viaOutbox);
        bursts = new RefusalBursts(System::nanoTime, call -> journal.appendInBackground(events(call)));
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-refusal-bursts");
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, RefusalBursts.SWEEP_MILLIS, RefusalBursts.SWEEP_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            bursts.sweep();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Refused calls not handed to the audit journal");
        }
    }

    /**
     * At the start of shutdown, before the datasources close: the outbox's drainer stops (what it has not chained is on
     * disk and chained at the next start) instead of failing against a closed pool.
     */
    void shuttingDown(@Observes ShutdownEvent event) {
        journal.stopDraining();
    }

    @PreDestroy
    void stop() {
        sweeper.shutdown();
        try {
            sweeper.awaitTermination(1, TimeUnit.SECONDS); // a sweep under way hands its bursts over
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            bursts.flush();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Refused calls not handed to the audit journal at shutdown");
        }
        journal.stop();
    }

    /** Chains the events still in the outbox: a read of the trail that follows sees every call answered before it. */
    public void chainPending() {
        journal.chainPending();
    }

    /**
     * Records the call: returns when its events are durably chained; a call refused for its rate (never acknowledged,
     * see {@link #RATE_REFUSALS}) returns at once, its event written within about a second ({@link RefusalBursts}).
     */
    public void record(ApiCall call) {
        AuditJournal.await(recordAsync(call));
    }

    /**
     * {@link #record} without holding the thread: the future completes (on the journal's writer thread) once the
     * call's events are durably chained, or fails; a rate refusal's completes at once. Answer the call only after it
     * completes normally: no acknowledged call without its event. Throws at once if the events cannot even be queued.
     */
    public CompletableFuture<Void> recordAsync(ApiCall call) {
        if (call.errorCode != null && RATE_REFUSALS.contains(call.errorCode)) {
            bursts.add(call);
            return CompletableFuture.completedFuture(null);
        }
        return journal.appendAsync(events(call));
    }

    /**
     * The error codes of a call refused for its rate (Throttling and its JSON and SSO forms). Such a call changed
     * nothing and acknowledged nothing, and a noisy tenant sends them by the thousand: their events are recorded
     * without the caller waiting, a burst of them as one event ({@link RefusalBursts}), beside other calls' events (at
     * most a few per transaction), so one tenant's refusals never delay another tenant's answers ({@link AuditJournal}).
     */
    static final Set<String> RATE_REFUSALS = Set.of("Throttling", "ThrottlingException", "SlowDownException",
            "TooManyRequestsException");

    List<AuditEvent> events(ApiCall call) {
        Map<String, Object> identity = identity(call);
        if (call.recipientAccountIds != null && !call.recipientAccountIds.isEmpty()) {
            List<String> accounts = call.recipientAccountIds.stream().distinct().toList();
            String shared = accounts.size() > 1 ? uuid() : null;
            return accounts.stream().map(a -> event(call, identity, a, shared)).toList();
        }
        String callerAccount = call.caller != null ? call.caller.accountId()
                : call.recipientAccountId != null ? call.recipientAccountId
                : call.accessKeyId == null ? null : AccessKeyIds.accountOf(call.accessKeyId).orElse(null);
        String account = callerAccount != null ? callerAccount
                : call.resourceAccountId != null ? call.resourceAccountId : "";
        boolean cross = call.resourceAccountId != null && !call.resourceAccountId.isEmpty()
                && !call.resourceAccountId.equals(account);
        String shared = cross ? uuid() : null;
        List<AuditEvent> out = new ArrayList<>(2);
        out.add(event(call, identity, account, shared));
        if (cross) {
            out.add(event(call, identity, call.resourceAccountId, shared));
        }
        return out;
    }

    private AuditEvent event(ApiCall call, Map<String, Object> identity, String recipient, String shared) {
        String eventId = uuid();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("eventVersion", EVENT_VERSION);
        r.put("userIdentity", identity);
        r.put("eventTime", UserIdentities.time(call.eventTime));
        r.put("eventSource", call.eventSource);
        r.put("eventName", call.eventName);
        r.put("awsRegion", call.region == null ? "us-east-1" : call.region);
        r.put("sourceIPAddress", call.sourceIp);
        r.put("userAgent", call.userAgent);
        if (call.errorCode != null) {
            r.put("errorCode", call.errorCode);
            r.put("errorMessage", call.errorMessage);
        }
        r.put("requestParameters", Redaction.requestParameters(call.requestParameters));
        r.put("responseElements", call.errorCode == null ? Redaction.responseElements(call.responseElements) : null);
        if (!call.repeats.isEmpty()) {
            r.put("additionalEventData", Map.of("repeatedRefusals", repeated(call.repeats)));
        }
        r.put("requestID", call.requestId == null ? uuid() : call.requestId);
        r.put("eventID", eventId);
        r.put("readOnly", call.isReadOnly());
        if (call.resourceType != null) {
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("type", call.resourceType);
            resource.put("ARN", call.resourceName);
            r.put("resources", List.of(resource));
        }
        r.put("eventType", "AwsApiCall");
        r.put("managementEvent", true);
        r.put("recipientAccountId", recipient);
        if (shared != null) {
            r.put("sharedEventID", shared);
        }
        r.put("eventCategory", "Management");
        String record = json(r);
        if (record.length() > MAX_RECORD_CHARS) {
            // a request near the body limit: the event keeps everything but its parameters (CloudTrail also omits
            // oversized requestParameters), so it fits its column and the call is still on record
            r.put("requestParameters", Map.of("omitted", "request parameters of " + record.length()
                    + " characters exceed the audit record limit"));
            r.put("responseElements", null);
            record = json(r);
        }
        return new AuditEvent(recipient, call.eventTime, eventId, call.eventName, call.eventSource, call.isReadOnly(),
                username(call, identity), (String) identity.get("accessKeyId"), call.resourceType, call.resourceName,
                record);
    }

    /** The repeats of a burst by second: [{"eventTime": ..., "requestIDs": [...]}, ...], in the order they came. */
    private static List<Map<String, Object>> repeated(List<RefusalBursts.Repeat> repeats) {
        Map<String, List<String>> bySecond = new LinkedHashMap<>();
        for (RefusalBursts.Repeat r : repeats) {
            bySecond.computeIfAbsent(UserIdentities.time(r.eventTime()), t -> new ArrayList<>()).add(r.requestId());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        bySecond.forEach((time, ids) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("eventTime", time);
            m.put("requestIDs", ids);
            out.add(m);
        });
        return out;
    }

    /** Below the record column (1 MiB characters), with room for the fields kept when parameters are omitted. */
    static final int MAX_RECORD_CHARS = 512 * 1024;

    private static String json(Map<String, Object> r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> identity(ApiCall call) {
        if (call.caller != null) {
            return UserIdentities.of(call.caller);
        }
        if (call.identity != null) {
            return call.identity;
        }
        return UserIdentities.unknown(call.accessKeyId,
                call.accessKeyId == null ? null : AccessKeyIds.accountOf(call.accessKeyId).orElse(null));
    }

    /** LookupEvents' Username: the IAM user's name, a role session's name, or the identity's userName. */
    private static String username(ApiCall call, Map<String, Object> identity) {
        Caller c = call.caller;
        if (c != null) {
            if (c.userName() != null) {
                return c.userName();
            }
            if (c.session() != null) {
                return c.session().sessionName();
            }
        }
        Object name = identity.get("userName");
        return name == null ? null : name.toString();
    }

    private String uuid() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb).toString();
    }
}
