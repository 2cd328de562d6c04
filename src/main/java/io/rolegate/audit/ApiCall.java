package io.rolegate.audit;

import io.rolegate.credentials.TemporaryCredentials;
import io.rolegate.iam.Caller;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call as an edge saw it, the input of {@link AuditTrail#record}. Built fluently, e.g.
 * {@code trail.record(ApiCall.of("sso.amazonaws.com", "GetRoleCredentials", requestId, now).from(ip, agent)
 * .caller(caller).request(params).response(members))}; member names as CloudTrail shows them (camelCase); secrets
 * in them are redacted by the trail. A null requestId gets a fresh one.
 */
public final class ApiCall {
    final String eventSource;
    final String eventName;
    final String requestId;
    final Instant eventTime;
    String region;
    String sourceIp;
    String userAgent;
    Caller caller;
    Map<String, Object> identity;
    String accessKeyId;
    String recipientAccountId;
    List<String> recipientAccountIds;
    String resourceAccountId;
    Map<String, Object> requestParameters;
    Map<String, Object> responseElements;
    String errorCode;
    String errorMessage;
    Boolean readOnly;
    String resourceType;
    String resourceName;
    /** Further calls refused like this one ({@link RefusalBursts}): listed in its event, each with its time and id. */
    List<RefusalBursts.Repeat> repeats = List.of();

    private ApiCall(String eventSource, String eventName, String requestId, Instant eventTime) {
        this.eventSource = eventSource;
        this.eventName = eventName;
        this.requestId = requestId;
        this.eventTime = eventTime;
    }

    public static ApiCall of(String eventSource, String eventName, String requestId, Instant eventTime) {
        return new ApiCall(eventSource, eventName == null ? "Unknown" : eventName, requestId, eventTime);
    }

    public ApiCall from(String sourceIp, String userAgent) {
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
        return this;
    }

    public ApiCall region(String region) {
        this.region = region;
        return this;
    }

    /** The authenticated caller (its account receives the event). */
    public ApiCall caller(Caller caller) {
        this.caller = caller;
        return this;
    }

    /**
     * A caller that is not a Rolegate principal (a web identity, a person signed in to the portal): its
     * userIdentity block as CloudTrail shows it, e.g. {@link UserIdentities#webIdentity}.
     */
    public ApiCall identity(Map<String, Object> userIdentity) {
        this.identity = userIdentity;
        return this;
    }

    /** The access key id the request was signed with when no caller could be authenticated. */
    public ApiCall accessKeyId(String accessKeyId) {
        this.accessKeyId = accessKeyId;
        return this;
    }

    /** The account that owns the event when there is no authenticated caller (a web identity's role account). */
    public ApiCall recipient(String accountId) {
        this.recipientAccountId = accountId;
        return this;
    }

    /**
     * The accounts that receive the event when the caller is no principal of one (an SSO sign-in several accounts
     * connected): each gets its copy, with one sharedEventID when there are several. Empty: as without it.
     */
    public ApiCall recipients(List<String> accountIds) {
        this.recipientAccountIds = accountIds;
        return this;
    }

    /**
     * The account of the resource acted on; when it differs from the caller's, both accounts receive the event,
     * with one sharedEventID (AssumeRole into another account).
     */
    public ApiCall resourceAccount(String accountId) {
        this.resourceAccountId = accountId;
        return this;
    }

    public ApiCall resource(String type, String name) {
        this.resourceType = type;
        this.resourceName = name;
        return this;
    }

    public ApiCall request(Map<String, Object> parameters) {
        this.requestParameters = parameters;
        return this;
    }

    public ApiCall response(Map<String, Object> elements) {
        this.responseElements = elements;
        return this;
    }

    public ApiCall error(String code, String message) {
        this.errorCode = code;
        this.errorMessage = message;
        return this;
    }

    /** Defaults to what the event name says (Get/List/Describe/Lookup/Simulate/Generate... are reads). */
    public ApiCall readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    boolean isReadOnly() {
        if (readOnly != null) {
            return readOnly;
        }
        for (String p : new String[]{"Get", "List", "Describe", "Lookup", "Simulate", "Decode"}) {
            if (eventName.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** CloudTrail's view of issued credentials: the key id and the expiry, never the secret or the token. */
    public static Map<String, Object> credentials(TemporaryCredentials c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessKeyId", c.accessKeyId());
        m.put("expiration", UserIdentities.time(c.expiration()));
        return m;
    }

    public String eventName() {
        return eventName;
    }
}
