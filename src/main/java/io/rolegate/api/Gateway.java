package io.rolegate.api;

import io.rolegate.authz.RequestAuthenticator;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Authorizer;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.store.MemoryOnly;
import io.rolegate.sts.SessionRestrictions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The Query-protocol pipeline: parameters, action lookup, authentication, authorization, handler, rendering.
 * Input rejected anywhere becomes the AWS error envelope; anything else is logged and answered as InternalFailure.
 */
@ApplicationScoped
public class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class);

    /** What the edge answers: status, content type and body; retryAfter (seconds) only with Throttling. */
    public record Reply(int status, String contentType, String body, String requestId, String retryAfter) {
        public Reply(int status, String contentType, String body, String requestId) {
            this(status, contentType, body, requestId, null);
        }
    }

    @Inject
    @Any
    Instance<ActionFamily> families;
    @Inject
    RequestAuthenticator authenticator;
    @Inject
    Authorizer authorizer;
    @Inject
    Clock clock;
    @Inject
    CallAudit audit;
    @Inject
    Throttle throttle;
    @Inject
    GatewayMetrics metrics;

    private final ActionTable table = new ActionTable();

    @PostConstruct
    void registerActions() {
        for (ActionFamily f : families) {
            f.register(table);
        }
    }

    /** The registered actions (tests walk them to check every action has a row in their tables). */
    public ActionTable table() {
        return table;
    }

    /** A request whose parameters were parsed once, or the reason they could not be. */
    public record Parsed(HttpRequestParts http, Params params, AwsException malformed) {
    }

    public Parsed parse(HttpRequestParts http) {
        try {
            return new Parsed(http, Params.parse(http.rawQuery(), formBody(http)), null);
        } catch (AwsException e) {
            return new Parsed(http, null, e);
        }
    }

    /**
     * Whether the request can be answered on the I/O thread: an action that is served from memory (AssumeRole without
     * an MFA code), or a malformed request (an error answer). Everything else may touch the store and runs on a
     * worker thread. A cache miss on the I/O thread costs one store read, once per entry.
     */
    public boolean servedFromMemory(Parsed request) {
        if (request.params() == null) {
            return true;
        }
        ActionTable.Action a = table.peek(request.params().get("Action"));
        return a != null && a.servedFromMemory(request.params());
    }

    public Reply handle(HttpRequestParts http, String sourceIp, boolean secure, boolean wantsJson) {
        return handle(parse(http), sourceIp, secure, wantsJson);
    }

    public Reply handle(Parsed parsed, String sourceIp, boolean secure, boolean wantsJson) {
        return handle(parsed, null, sourceIp, secure, wantsJson);
    }

    /** The rest of a request that {@link #admitFromMemory} admitted (admitted null: all of it). */
    public Reply handle(Parsed parsed, Admitted admitted, String sourceIp, boolean secure, boolean wantsJson) {
        return handleAsync(parsed, admitted, sourceIp, secure, wantsJson).join();
    }

    /**
     * {@link #handle} without holding the thread while the call's events are made durable: the request's own work
     * (authentication, the action, its answer) runs on the calling thread, and the reply completes once its events are
     * durable, on the audit journal's writer thread (the edge hops back to its own: api.GatewayResource). A worker
     * thread that waited instead cost the call a wake-up more and a parked thread per call in flight
     * (docs/benchmarks.md "Session 12"). Never completes exceptionally: a call whose event is not recorded is
     * answered InternalFailure, never acknowledged.
     */
    public CompletableFuture<Reply> handleAsync(Parsed parsed, Admitted admitted, String sourceIp, boolean secure,
                                                boolean wantsJson) {
        String requestId = admitted == null ? RequestIds.next() : admitted.requestId();
        return observed(requestId, observation -> serve(parsed, admitted, sourceIp, secure, wantsJson, requestId,
                observation));
    }

    /**
     * Runs the work under the request's observation: its id in this thread's logging context while the work runs, its
     * outcome recorded when the reply completes; a null reply (nothing served) records nothing.
     */
    private CompletableFuture<Reply> observed(String requestId,
                                              Function<RequestObservation, CompletableFuture<Reply>> work) {
        RequestObservation observation = RequestObservation.begin(metrics, requestId);
        CompletableFuture<Reply> reply;
        try {
            reply = work.apply(observation);
        } finally {
            observation.leaveThread();
        }
        return reply == null ? null : reply.whenComplete((r, failure) -> observation.recordOutcome());
    }

    /** A signed request authenticated and given its throttle token on the I/O thread, for the worker to go on with. */
    public record Admitted(String requestId, RequestAuthenticator.Authenticated who) {
    }

    /** What {@link #admitFromMemory} settled: the answer (a refusal for the rate), or the admitted request. */
    public record Admission(Reply refusal, Admitted admitted) {
    }

    /**
     * On the I/O thread, before the hop to a worker thread: a signed request over its rate limit is refused here, from
     * memory (authentication from the caches, the token bucket, the refusal's event filed without waiting), so a
     * tenant far over its limit costs the gateway little more than parsing its requests. Null when nothing could be
     * settled from memory (a cache miss, a rejected signature, an unsigned action): the worker then serves the
     * request from the start, as if this never ran.
     */
    public Admission admitFromMemory(Parsed parsed, String sourceIp, boolean secure, boolean wantsJson) {
        if (parsed.params() == null || !throttle.enabled()) {
            return null;
        }
        long started = System.nanoTime();
        ActionTable.Action a;
        RequestAuthenticator.Authenticated who;
        try {
            a = table.peek(parsed.params().get("Action")) == null ? null
                    : table.find(parsed.params().get("Action"), parsed.params().get("Version"));
            if (a == null || !a.signed()) {
                return null;
            }
            who = MemoryOnly.attempt(() -> authenticator.authenticate(parsed.http())).orElse(null);
        } catch (RuntimeException e) {
            // a rejected signature (or worse): the worker answers it, and records it, as usual. Not carried over: a
            // rejection here may be the attempt's own stop at a cold cache, turned into an error by the code it ran
            return null;
        }
        if (who == null) {
            return null;
        }
        String requestId = RequestIds.next();
        try {
            throttle.admit(a, who.caller(), parsed.params());
        } catch (ThrottledException e) {
            CallAudit.QueryCall call = new CallAudit.QueryCall(a.service(), a.name(), parsed.params(), who.caller(),
                    parsed.http(), sourceIp, who.region(), clock.instant(), requestId);
            try {
                audit.refused(call, e); // a rate refusal's event is written later, without waiting (AuditTrail)
            } catch (RuntimeException unrecorded) {
                return null; // the worker tries again, and answers InternalFailure if it cannot record it either
            }
            try (RequestObservation observation = RequestObservation.begin(metrics, requestId, started)) {
                observation.action(a.name());
                log(e, requestId, a.name());
                observation.failed(e.code());
                return new Admission(refusal(a.service(), e, requestId, wantsJson), null);
            }
        }
        return new Admission(null, new Admitted(requestId, who));
    }

    private CompletableFuture<Reply> serve(Parsed parsed, Admitted admitted, String sourceIp, boolean secure,
                                           boolean wantsJson, String requestId, RequestObservation observation) {
        return answer(decide(parsed, admitted, sourceIp, secure, requestId, observation), parsed.http(), sourceIp,
                wantsJson, requestId, observation);
    }

    /**
     * On the I/O thread, a request {@link #servedFromMemory} and already admitted (its throttle token taken, when the
     * throttle is on): served from the caches, recorded and answered like {@link #handleAsync}; or null, and nothing of
     * it recorded, when it needed the database (a cold cache, which must not block the event loop) or did not succeed
     * (a refusal is answered by the worker, which serves the request from the start, so an error the attempt's own
     * stop at a cold cache caused is never the answer).
     */
    public CompletableFuture<Reply> handleFromMemory(Parsed parsed, Admitted admitted, String sourceIp, boolean secure,
                                                     boolean wantsJson) {
        if (admitted == null && throttle.enabled()) {
            return null; // not admitted on the I/O thread: the worker takes the token, once
        }
        String requestId = admitted == null ? RequestIds.next() : admitted.requestId();
        return observed(requestId, observation -> {
            Decided decided = MemoryOnly.attempt(() -> decide(parsed, admitted, sourceIp, secure, requestId,
                    observation)).orElse(null);
            return decided == null || decided.result() == null ? null
                    : answer(decided, parsed.http(), sourceIp, wantsJson, requestId, observation);
        });
    }

    /** What a request came to before it is recorded and answered: the action's result, or why there is none. */
    private record Decided(ActionTable.Service service, String action, String actionName, Params params, Caller caller,
                           String region, java.time.Instant started, Result result, AwsException refused,
                           RuntimeException failed) {
    }

    /** Everything but the audit trail and the answer: parameters, authentication, throttle, authorization, handler. */
    private Decided decide(Parsed parsed, Admitted admitted, String sourceIp, boolean secure, String requestId,
                           RequestObservation observation) {
        HttpRequestParts http = parsed.http();
        ActionTable.Service service = ActionTable.Service.STS;
        String action = null;
        String actionName = null;
        Params params = null;
        Caller caller = null;
        String region = null;
        java.time.Instant started = clock.instant();
        try {
            if (parsed.malformed() != null) {
                throw parsed.malformed();
            }
            params = parsed.params();
            action = params.get("Action");
            ActionTable.Action a = table.peek(action);
            if (a != null) {
                service = a.service();
            } else if (ActionTable.Service.IAM.version.equals(params.get("Version"))) {
                service = ActionTable.Service.IAM;
            }
            a = table.find(action, params.get("Version"));
            actionName = a.name();
            observation.action(a.name());
            RequestAuthenticator.Authenticated who = admitted != null ? admitted.who()
                    : a.signed() ? authenticator.authenticate(http) : null;
            caller = who == null ? null : who.caller();
            region = who == null ? null : who.region();
            if (admitted == null) {
                throttle.admit(a, caller, params);
            }
            RequestFacts facts = RequestFacts.of(sourceIp, secure, first(http, "user-agent"), started, region);
            Gate gate = new Gate(a);
            ApiRequest request = new ApiRequest(a.name(), params, caller, facts, requestId, gate);
            SessionRestrictions.checkCredentials(caller, a.service().prefix);
            Result result = a.handler().handle(request);
            if (!gate.opened()) {
                // a handler that answered without validating: a bug, never an unauthorized answer
                throw new IllegalStateException("authorization gate not opened by " + a.name());
            }
            return new Decided(service, action, actionName, params, caller, region, started, result, null, null);
        } catch (AwsException e) {
            return new Decided(service, action, actionName, params, caller, region, started, null, e, null);
        } catch (RuntimeException e) {
            return new Decided(service, action, actionName, params, caller, region, started, null, null, e);
        }
    }

    /** Records the call in the audit trail and answers it once its events are durable. */
    private CompletableFuture<Reply> answer(Decided d, HttpRequestParts http, String sourceIp, boolean wantsJson,
                                            String requestId, RequestObservation observation) {
        ActionTable.Service service = d.service();
        String action = d.action();
        CallAudit.QueryCall call = new CallAudit.QueryCall(service, action, d.params(), d.caller(), http, sourceIp,
                d.region(), d.started(), requestId);
        if (d.failed() != null) {
            LOG.errorf(d.failed(), "Request %s (%s) failed", requestId, action);
            observation.failed(ErrorCode.InternalFailure);
            return CompletableFuture.completedFuture(error(service, ErrorCode.InternalFailure,
                    ErrorCode.InternalFailure.defaultMessage(), null, requestId, wantsJson));
        }
        try {
            if (d.refused() != null) {
                log(d.refused(), requestId, action);
                observation.failed(d.refused().code());
                return once(audit.refused(call, d.refused()), refusal(service, d.refused(), requestId, wantsJson),
                        service, action, wantsJson, observation);
            }
            // the event is durable before the reply leaves (audit.AuditTrail): no acknowledged call without it
            CompletableFuture<Void> recorded = audit.answered(call, d.result());
            boolean json = wantsJson && service == ActionTable.Service.STS;
            Reply reply = json
                    ? new Reply(200, "application/json", QueryResponseWriter.jsonSuccess(d.actionName(), d.result(), requestId), requestId)
                    : new Reply(200, "text/xml", QueryResponseWriter.xmlSuccess(d.actionName(), service.namespace, d.result(), requestId), requestId);
            return once(recorded, reply, service, action, wantsJson, observation);
        } catch (RuntimeException unrecorded) {
            return CompletableFuture.completedFuture(unrecorded(unrecorded, service, action, wantsJson, observation));
        }
    }

    /** The reply once the call's events are durable; InternalFailure if they could not be recorded (fail closed). */
    private static CompletableFuture<Reply> once(CompletableFuture<Void> recorded, Reply reply,
                                                 ActionTable.Service service, String action, boolean wantsJson,
                                                 RequestObservation observation) {
        return recorded.handle((done, failure) -> failure == null ? reply
                : unrecorded(failure, service, action, wantsJson, observation));
    }

    private static Reply unrecorded(Throwable failure, ActionTable.Service service, String action, boolean wantsJson,
                                    RequestObservation observation) {
        observation.inLoggingContext(() -> LOG.errorf(failure, "Request %s (%s): not recorded in the audit trail",
                observation.requestId(), action));
        observation.failed(ErrorCode.InternalFailure);
        return error(service, ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), null,
                observation.requestId(), wantsJson);
    }

    private static Reply refusal(ActionTable.Service service, AwsException e, String requestId, boolean wantsJson) {
        Reply r = error(service, e.code(), e.getMessage(), e.encodedAuthorizationMessage(), requestId, wantsJson);
        return new Reply(r.status(), r.contentType(), r.body(), requestId, ThrottledException.retryAfter(e));
    }

    /** The error table's blame decides the level: the caller's mistakes are routine, an upstream outage is not. */
    static void log(AwsException e, String requestId, String action) {
        switch (e.code().blame()) {
            case CALLER -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("Request %s (%s) answered %s: %s", requestId, action, e.code(), e.getMessage());
                }
            }
            case UPSTREAM -> LOG.warnf("Request %s (%s) answered %s: %s", requestId, action, e.code(), causes(e));
            case SERVICE -> LOG.errorf(e, "Request %s (%s) answered %s", requestId, action, e.code());
        }
    }

    /** The messages of the cause chain: they name the upstream and what failed, without a stack trace per request. */
    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e.getCause(); t != null && sb.length() < 2000; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(m) < 0) { // wrappers often repeat their cause's message
                sb.append(sb.length() == 0 ? "" : ": ").append(m);
            }
        }
        return sb.length() == 0 ? e.getMessage() : sb.toString();
    }

    /**
     * Authorization, run once by the handler after its shape validation: what the caller's kind of credentials may
     * call, then for IAM actions the policy decision (STS actions decide in their service, after this).
     */
    private final class Gate implements ApiRequest.AuthorizationGate {
        private final ActionTable.Action action;
        private boolean opened;

        Gate(ActionTable.Action action) {
            this.action = action;
        }

        @Override
        public void open(ApiRequest request, RequestFacts facts) {
            if (opened) {
                return;
            }
            String resourceArn = action.resource() == null ? null : action.resource().resourceArn(request);
            SessionRestrictions.check(request.caller(), action.service().prefix, action.name(), resourceArn);
            if (action.resource() != null) {
                authorizer.authorize(request.caller(), action.iamAction(), resourceArn, facts);
            }
            opened = true;
        }

        @Override
        public boolean opened() {
            return opened;
        }
    }

    static Reply error(ActionTable.Service service, ErrorCode code, String message, String encodedAuthorization,
                       String requestId, boolean json) {
        if (json && service == ActionTable.Service.STS) {
            return new Reply(code.httpStatus(), "application/json", QueryResponseWriter.jsonError(code, message, requestId), requestId);
        }
        return new Reply(code.httpStatus(), "text/xml", QueryResponseWriter.xmlError(service.namespace, code, message, encodedAuthorization,
                requestId), requestId);
    }

    private static String formBody(HttpRequestParts http) {
        if (http.body() == null || http.body().length == 0) {
            return null;
        }
        String type = first(http, "content-type");
        if (type != null && !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return null;
        }
        return new String(http.body(), StandardCharsets.UTF_8);
    }

    private static String first(HttpRequestParts http, String header) {
        List<String> v = http.headers().get(header);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
