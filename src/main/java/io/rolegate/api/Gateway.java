package io.rolegate.api;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.Authorizer;
import io.rolegate.iam.Caller;
import io.rolegate.iam.RequestFacts;
import io.rolegate.sigv4.HttpRequestParts;
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

/**
 * The Query-protocol pipeline: parameters, action lookup, authentication, authorization, handler, rendering.
 * Input rejected anywhere becomes the AWS error envelope; anything else is logged and answered as InternalFailure.
 */
@ApplicationScoped
public class Gateway {
    private static final Logger LOG = Logger.getLogger(Gateway.class);

    /** What the edge answers: status, content type and body. */
    public record Reply(int status, String contentType, String body, String requestId) {
    }

    @Inject
    @Any
    Instance<ActionFamily> families;
    @Inject
    Authenticator authenticator;
    @Inject
    Authorizer authorizer;
    @Inject
    Clock clock;

    private final ActionTable table = new ActionTable();

    @PostConstruct
    void registerActions() {
        for (ActionFamily f : families) {
            f.register(table);
        }
    }

    public ActionTable table() {
        return table;
    }

    public Reply handle(HttpRequestParts http, String sourceIp, boolean secure, boolean wantsJson) {
        String requestId = RequestIds.next();
        ActionTable.Service service = ActionTable.Service.STS;
        String action = null;
        try {
            Params params = Params.parse(http.rawQuery(), formBody(http));
            action = params.get("Action");
            ActionTable.Action a = table.peek(action);
            if (a != null) {
                service = a.service();
            } else if (ActionTable.Service.IAM.version.equals(params.get("Version"))) {
                service = ActionTable.Service.IAM;
            }
            a = table.find(action, params.get("Version"));
            Caller caller = a.signed() ? authenticator.authenticate(http) : null;
            RequestFacts facts = RequestFacts.of(sourceIp, secure, first(http, "user-agent"), clock.instant(), null);
            ApiRequest request = new ApiRequest(a.name(), params, caller, facts, requestId);
            String resourceArn = a.resource() == null ? null : a.resource().resourceArn(request);
            SessionRestrictions.check(caller, a.service().prefix, a.name(), resourceArn);
            if (a.resource() != null) {
                authorizer.authorize(caller, a.iamAction(), resourceArn, facts);
            }
            Result result = a.handler().handle(request);
            boolean json = wantsJson && service == ActionTable.Service.STS;
            return json
                    ? new Reply(200, "application/json", QueryResponseWriter.jsonSuccess(a.name(), result, requestId), requestId)
                    : new Reply(200, "text/xml", QueryResponseWriter.xmlSuccess(a.name(), service.namespace, result, requestId), requestId);
        } catch (AwsException e) {
            return error(service, e.code(), e.getMessage(), e.encodedAuthorizationMessage(), requestId, wantsJson);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s (%s) failed", requestId, action);
            return error(service, ErrorCode.InternalFailure, "We encountered an internal error. Please try again.", null,
                    requestId, wantsJson);
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
