package io.rolegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.audit.ApiCall;
import io.rolegate.audit.AuditTrail;
import io.rolegate.audit.EventLookup;
import io.rolegate.authz.RequestAuthenticator;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;
import io.rolegate.sigv4.HttpRequestParts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudTrail's JSON 1.1 protocol on the gateway's endpoint ({@code POST /} with
 * {@code X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Operation>}, signed for service
 * cloudtrail): LookupEvents. Errors are {@code {"__type": code, "message": text}}; the JSON services name a few
 * common errors differently from the Query services (AccessDeniedException, UnrecognizedClientException,
 * ThrottlingException...). Lookups are throttled per account ({@link ThrottleFamily#CLOUDTRAIL}, as AWS: 2 per second),
 * the refusal audited like any other and answered with Retry-After.
 */
@ApplicationScoped
public class CloudTrailApi {
    static final String TARGET_PREFIX = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Logger LOG = Logger.getLogger(CloudTrailApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RequestAuthenticator authenticator;
    @Inject
    EventLookup lookup;
    @Inject
    AuditTrail trail;
    @Inject
    Clock clock;
    @Inject
    Throttle throttle;

    static boolean isCloudTrail(String target) {
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    Gateway.Reply handle(HttpRequestParts http, String target, String sourceIp, boolean secure) {
        String requestId = RequestIds.next();
        String operation = target.substring(TARGET_PREFIX.length());
        Instant now = clock.instant();
        ApiCall call = ApiCall.of("cloudtrail.amazonaws.com", operation, requestId, now)
                .from(sourceIp, CallAudit.header(http, "user-agent"));
        try {
            RequestAuthenticator.Authenticated who = authenticator.authenticate(http,
                    RequestAuthenticator.Audience.CLOUDTRAIL);
            Caller caller = who.caller();
            call.caller(caller).region(who.region());
            if (!operation.equals("LookupEvents")) {
                throw new AwsException(ErrorCode.InvalidAction, "Operation " + operation + " is not supported.");
            }
            throttle.admit(ThrottleFamily.CLOUDTRAIL, caller);
            JsonNode body = parse(http.body());
            call.request(requestParameters(body));
            EventLookup.Page page = lookup.lookup(caller, request(body),
                    RequestFacts.of(sourceIp, secure, CallAudit.header(http, "user-agent"), now, who.region()));
            trail.record(call.response(null));
            return new Gateway.Reply(200, CONTENT_TYPE, render(page), requestId);
        } catch (AwsException e) {
            Gateway.log(e, requestId, operation);
            try {
                trail.record(call.error(jsonCode(e.code()), e.getMessage()));
            } catch (RuntimeException unrecorded) {
                LOG.errorf(unrecorded, "Request %s (%s): refusal not recorded in the audit trail", requestId, operation);
                return error(ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId);
            }
            return error(e.code(), e.getMessage(), requestId, ThrottledException.retryAfter(e));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s (%s) failed", requestId, operation);
            return error(ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode n = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new AwsException(ErrorCode.ValidationException, "The request body must be a JSON object.");
            }
            return n;
        } catch (IOException e) {
            throw new AwsException(ErrorCode.ValidationException, "The request body is not valid JSON.");
        }
    }

    private static EventLookup.Request request(JsonNode b) {
        List<Map.Entry<String, String>> attributes = null;
        JsonNode list = b.get("LookupAttributes");
        if (list != null && list.isArray()) {
            attributes = new ArrayList<>();
            for (JsonNode a : list) {
                attributes.add(new AbstractMap.SimpleImmutableEntry<>(text(a.get("AttributeKey")),
                        text(a.get("AttributeValue"))));
            }
        }
        JsonNode max = b.get("MaxResults");
        return new EventLookup.Request(attributes, time(b.get("StartTime")), time(b.get("EndTime")),
                max == null || max.isNull() ? null : max.canConvertToInt() ? max.asInt() : Integer.MAX_VALUE,
                text(b.get("NextToken")), text(b.get("EventCategory")));
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    /** JSON 1.1 timestamps are epoch seconds (with a fraction); ISO text is accepted too. */
    private static Instant time(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            if (n.isNumber()) {
                BigDecimal millis = n.decimalValue().movePointRight(3);
                return Instant.ofEpochMilli(millis.longValue());
            }
            return Instant.parse(n.asText());
        } catch (RuntimeException e) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException, "The time " + n.asText() + " is not valid.");
        }
    }

    private static Map<String, Object> requestParameters(JsonNode b) {
        Map<String, Object> out = new LinkedHashMap<>();
        b.fields().forEachRemaining(f -> out.put(AuditShapes.camel(f.getKey()), JSON.convertValue(f.getValue(), Object.class)));
        return out;
    }

    private static String render(EventLookup.Page page) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode events = root.putArray("Events");
        for (EventLookup.Event e : page.events()) {
            ObjectNode n = events.addObject();
            n.put("EventId", e.eventId());
            n.put("EventName", e.eventName());
            n.put("ReadOnly", String.valueOf(e.readOnly()));
            if (e.accessKeyId() != null) {
                n.put("AccessKeyId", e.accessKeyId());
            }
            n.put("EventTime", BigDecimal.valueOf(e.eventTime().toEpochMilli()).movePointLeft(3));
            n.put("EventSource", e.eventSource());
            if (e.username() != null) {
                n.put("Username", e.username());
            }
            ArrayNode resources = n.putArray("Resources");
            if (e.resourceType() != null) {
                resources.addObject().put("ResourceType", e.resourceType()).put("ResourceName", e.resourceName());
            }
            n.put("CloudTrailEvent", e.cloudTrailEvent());
        }
        if (page.nextToken() != null) {
            root.put("NextToken", page.nextToken());
        }
        return root.toString();
    }

    /** The JSON protocols' names for the errors the Query services call otherwise. */
    static String jsonCode(ErrorCode code) {
        return switch (code) {
            case AccessDenied -> "AccessDeniedException";
            case InvalidClientTokenId, MissingAuthenticationToken -> "UnrecognizedClientException";
            case SignatureDoesNotMatch, IncompleteSignature -> "InvalidSignatureException";
            case ExpiredToken -> "ExpiredTokenException";
            case InvalidAction -> "UnknownOperationException";
            case Throttling -> "ThrottlingException"; // the cloudtrail model's name; HTTP 400, the table's message
            default -> code.code();
        };
    }

    static Gateway.Reply error(ErrorCode code, String message, String requestId) {
        return error(code, message, requestId, null);
    }

    /** retryAfter: seconds, with Throttling only (null otherwise). */
    private static Gateway.Reply error(ErrorCode code, String message, String requestId, String retryAfter) {
        ObjectNode n = JSON.createObjectNode();
        n.put("__type", jsonCode(code));
        n.put("message", message);
        return new Gateway.Reply(code.httpStatus(), CONTENT_TYPE, n.toString(), requestId, retryAfter);
    }
}
