package io.rolegate.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.audit.ApiCall;
import io.rolegate.audit.AuditTrail;
import io.rolegate.audit.UserIdentities;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.sso.SsoCallers;
import io.rolegate.sso.SsoCodes;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One call of the AWS SSO protocols ({@link SsoOidcResource}, {@link SsoPortalResource}) through the edge's duties:
 * the request-rate limit of family SSO, the call itself ({@link SsoJson}'s parsing and error shapes), and its
 * CloudTrail event, durable before the reply (eventSource {@value #OIDC_SOURCE} or {@value #PORTAL_SOURCE}, secrets
 * redacted by the trail; the event goes to the accounts that connected the caller's sign-in, else to the gateway's
 * own chain). Over the limit, sso-oidc answers SlowDownException and the portal TooManyRequestsException (429), the
 * errors their botocore models give those operations, each with Retry-After.
 *
 * <p>Buckets: an OIDC call counts against its client id (RegisterClient, which has none, against its source
 * address); a portal call against its access token (by hash) and, when it names one, the account asked about.
 */
@ApplicationScoped
public class SsoCalls {
    static final String OIDC_SOURCE = "sso-oauth.amazonaws.com";
    static final String PORTAL_SOURCE = "sso.amazonaws.com";
    private static final Logger LOG = Logger.getLogger(SsoCalls.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Inject
    Throttle throttle;
    @Inject
    AuditTrail trail;
    @Inject
    SsoCallers callers;
    @Inject
    Clock clock;

    /** An SSO OIDC call on its JSON body; {@code who} names the caller from the body and the answer. */
    Response oidc(String action, HttpServerRequest http, byte[] body, Function<JsonNode, ObjectNode> work,
                  WhoOf who) {
        String source = "source/" + EdgeRequests.sourceIp(http);
        return serve(SsoJson.Face.OIDC, action, http, null, () -> {
            JsonNode in;
            try {
                in = SsoJson.parse(body);
            } catch (AwsException unreadable) {
                throttle.admit(ThrottleFamily.SSO, null, source); // a flood of bad bodies is throttled too
                throw unreadable;
            }
            String clientId = text(in, "clientId");
            throttle.admit(ThrottleFamily.SSO, null, clientId != null && clientId.length() <= 64
                    ? "sso-client/" + clientId : source);
            return in;
        }, work, who);
    }

    /**
     * An SSO portal call with its bearer token and query members (named as the model names them: accountId,
     * roleName, maxResults, nextToken); the person is known from the token before the call (Logout ends it).
     */
    Response portal(String action, HttpServerRequest http, String bearer, Map<String, Object> query,
                    Supplier<ObjectNode> work) {
        Object account = query.get("accountId");
        return serve(SsoJson.Face.PORTAL, action, http, query, () -> {
            throttle.admit(ThrottleFamily.SSO, account instanceof String a && a.matches("\\d{12}") ? a : null,
                    bearer == null || bearer.length() > 256 ? "source/" + EdgeRequests.sourceIp(http)
                            : "sso-session/" + SsoCodes.hash(bearer));
            return null;
        }, in -> work.get(), (in, out) -> narrowed(callers.ofAccessToken(bearer), account));
    }

    /** Who the event is about, from the parsed body (null for the portal) and the answer (null on a refusal). */
    @FunctionalInterface
    interface WhoOf {
        SsoCallers.Who of(JsonNode body, ObjectNode answer);
    }

    /** SsoCallers for the OIDC actions. */
    WhoOf client() {
        return (in, out) -> callers.ofClient(text(out, "clientId") != null ? text(out, "clientId") : text(in, "clientId"));
    }

    WhoOf startUrl() {
        return (in, out) -> {
            SsoCallers.Who w = callers.ofStartUrl(text(in, "startUrl"));
            return w.signInKey() != null ? w : callers.ofClient(text(in, "clientId"));
        };
    }

    WhoOf issuedToken() {
        return (in, out) -> text(out, "accessToken") != null ? callers.ofAccessToken(text(out, "accessToken"))
                : callers.ofClient(text(in, "clientId"));
    }

    private Response serve(SsoJson.Face face, String action, HttpServerRequest http, Map<String, Object> query,
                           Supplier<JsonNode> admit, Function<JsonNode, ObjectNode> work, WhoOf who) {
        String requestId = RequestIds.next();
        Instant now = clock.instant();
        JsonNode in = null;
        ObjectNode out = null;
        AwsException refusal = null;
        SsoCallers.Who caller = null;
        try {
            in = admit.get();
            if (face == SsoJson.Face.PORTAL) {
                caller = who.of(null, null); // before the call: Logout ends the session it names
            }
            out = work.apply(in);
        } catch (AwsException e) {
            Gateway.log(e, requestId, action);
            refusal = e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s (%s) failed", requestId, action);
            return SsoJson.error(face, ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId);
        }
        try {
            if (caller == null && !(refusal instanceof ThrottledException)) {
                caller = who.of(in, out);
            }
            trail.record(event(face, action, requestId, now, http, query, in, out, refusal, caller));
        } catch (RuntimeException unrecorded) {
            LOG.errorf(unrecorded, "Request %s (%s): not recorded in the audit trail", requestId, action);
            return SsoJson.error(face, ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId);
        }
        if (refusal instanceof ThrottledException t) {
            ErrorCode code = face == SsoJson.Face.OIDC ? ErrorCode.SlowDownException : ErrorCode.TooManyRequestsException;
            return Response.fromResponse(SsoJson.error(face, code, t.getMessage(), requestId))
                    .header("Retry-After", ThrottledException.retryAfter(t)).build();
        }
        return refusal != null ? SsoJson.error(face, refusal.code(), refusal.getMessage(), requestId)
                : Response.ok(out.toString(), MediaType.APPLICATION_JSON_TYPE).header("x-amzn-RequestId", requestId).build();
    }

    @SuppressWarnings("unchecked")
    private static ApiCall event(SsoJson.Face face, String action, String requestId, Instant now,
                                 HttpServerRequest http, Map<String, Object> query, JsonNode in, ObjectNode out,
                                 AwsException refusal, SsoCallers.Who who) {
        ApiCall call = ApiCall.of(face == SsoJson.Face.OIDC ? OIDC_SOURCE : PORTAL_SOURCE, action, requestId, now)
                .from(EdgeRequests.sourceIp(http), http.getHeader("User-Agent"))
                .request(query != null ? query : in == null ? null : MAPPER.convertValue(in, Map.class));
        if (who != null) {
            call.identity(UserIdentities.ssoUser(who.issuerUrl(), who.subject(), who.userName()))
                    .recipients(who.accounts());
        }
        if (refusal != null) {
            ErrorCode code = refusal instanceof ThrottledException
                    ? face == SsoJson.Face.OIDC ? ErrorCode.SlowDownException : ErrorCode.TooManyRequestsException
                    : refusal.code();
            return call.error(code.code(), refusal.getMessage());
        }
        return call.response(out == null ? null : MAPPER.convertValue(out, Map.class));
    }

    /** The account a portal call names, when the caller's sign-in connects it: only that account's trail. */
    private static SsoCallers.Who narrowed(SsoCallers.Who who, Object account) {
        return account instanceof String a && who.accounts().contains(a)
                ? new SsoCallers.Who(who.signInKey(), who.issuerUrl(), List.of(a), who.subject(), who.userName())
                : who;
    }

    private static String text(JsonNode n, String member) {
        return n != null && n.path(member).isTextual() ? n.path(member).asText() : null;
    }
}
