package io.rolegate.audit;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Authorizer;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;
import io.rolegate.store.AuditStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * CloudTrail's LookupEvents over the caller's own account only: at most one lookup attribute, a time range, pages of
 * at most 50 newest first. Shape errors come first, then cloudtrail:LookupEvents must be allowed.
 */
@ApplicationScoped
public class EventLookup {
    public static final String ACTION = "cloudtrail:LookupEvents";
    private static final Map<String, AuditStore.Attribute> KEYS = Map.of(
            "EventId", AuditStore.Attribute.EVENT_ID, "EventName", AuditStore.Attribute.EVENT_NAME,
            "ReadOnly", AuditStore.Attribute.READ_ONLY, "Username", AuditStore.Attribute.USERNAME,
            "ResourceType", AuditStore.Attribute.RESOURCE_TYPE, "ResourceName", AuditStore.Attribute.RESOURCE_NAME,
            "EventSource", AuditStore.Attribute.EVENT_SOURCE, "AccessKeyId", AuditStore.Attribute.ACCESS_KEY_ID);

    /** The request as the JSON edge parsed it; times are null when absent. */
    public record Request(List<Map.Entry<String, String>> attributes, Instant startTime, Instant endTime,
                          Integer maxResults, String nextToken, String eventCategory) {
    }

    public record Event(String eventId, String eventName, boolean readOnly, String accessKeyId, Instant eventTime,
                        String eventSource, String username, String resourceType, String resourceName,
                        String cloudTrailEvent) {
    }

    public record Page(List<Event> events, String nextToken) {
    }

    @Inject
    AuditStore store;
    @Inject
    AuditTrail trail;
    @Inject
    Authorizer authorizer;

    public Page lookup(Caller caller, Request r, RequestFacts facts) {
        AuditStore.Attribute attribute = null;
        String value = null;
        if (r.attributes() != null && r.attributes().size() > 1) {
            throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                    "You cannot specify more than one lookup attribute.");
        }
        if (r.attributes() != null && r.attributes().size() == 1) {
            Map.Entry<String, String> a = r.attributes().get(0);
            attribute = a.getKey() == null ? null : KEYS.get(a.getKey());
            value = a.getValue();
            if (attribute == null) {
                throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                        "The attribute key " + a.getKey() + " is not valid.");
            }
            if (value == null || value.isEmpty() || value.length() > 2000) {
                throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                        "The attribute value must be between 1 and 2000 characters.");
            }
            if (attribute == AuditStore.Attribute.READ_ONLY && !value.equals("true") && !value.equals("false")) {
                throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                        "The value of the ReadOnly attribute must be true or false.");
            }
        }
        if (r.eventCategory() != null && !r.eventCategory().equals("insight")) {
            throw new AwsException(ErrorCode.InvalidEventCategoryException,
                    "Event category " + r.eventCategory() + " is not valid.");
        }
        int max = r.maxResults() == null ? 50 : r.maxResults();
        if (max < 1 || max > 50) {
            throw new AwsException(ErrorCode.InvalidMaxResultsException, "MaxResults must be between 1 and 50.");
        }
        Instant end = r.endTime() == null ? facts.now() : r.endTime();
        Instant start = r.startTime() == null ? Instant.EPOCH : r.startTime();
        if (start.isAfter(end)) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException, "Start time must be before end time.");
        }
        String filter = fingerprint(attribute, value, r.startTime(), r.endTime());
        AuditStore.Cursor after = r.nextToken() == null ? null : cursor(r.nextToken(), filter);
        authorizer.authorize(caller, ACTION, "*", facts);
        if (r.eventCategory() != null) {
            return new Page(List.of(), null); // no Insights events
        }
        trail.chainPending(); // every call answered before this one is in the answer
        List<AuditStore.StoredEvent> rows = store.lookup(caller.accountId(), start, end, attribute, value, after,
                max + 1);
        boolean more = rows.size() > max;
        List<AuditStore.StoredEvent> page = more ? rows.subList(0, max) : rows;
        String next = more ? token(page.get(page.size() - 1), filter) : null;
        return new Page(page.stream().map(e -> new Event(e.eventId(), e.eventName(), e.readOnly(), e.accessKeyId(),
                e.eventTime(), e.eventSource(), e.username(), e.resourceType(), e.resourceName(), e.record())).toList(),
                next);
    }

    /** A token is valid only with the parameters of the call that produced it, as AWS documents. */
    private static String fingerprint(AuditStore.Attribute attribute, String value, Instant start, Instant end) {
        return ChainHash.sha256Hex(attribute + "\n" + value + "\n" + start + "\n" + end).substring(0, 16);
    }

    private static String token(AuditStore.StoredEvent last, String filter) {
        String text = "1:" + last.eventTime().toEpochMilli() + ":" + last.seq() + ":" + filter;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static AuditStore.Cursor cursor(String token, String filter) {
        try {
            String[] p = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (p.length == 4 && p[0].equals("1") && p[3].equals(filter)) {
                return new AuditStore.Cursor(Instant.ofEpochMilli(Long.parseLong(p[1])), Long.parseLong(p[2]));
            }
        } catch (IllegalArgumentException e) {
            // falls through: not one of our tokens
        }
        throw new AwsException(ErrorCode.InvalidNextTokenException, "Invalid NextToken.");
    }
}
