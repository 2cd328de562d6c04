package io.rolegate.api;

import io.rolegate.authz.DownstreamAnswer;
import io.rolegate.authz.DownstreamAuthorization;
import io.rolegate.authz.DownstreamCall;
import io.rolegate.authz.DownstreamLimits;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/**
 * POST /v1/authorize and /v1/authorize/batch: a downstream service forwards a request it received and asks whether
 * its signer may act on its resources (authz.DownstreamAuthorization). The JSON edge only: size limit, the caller's
 * signature before the body is even parsed, parsing, rendering, statuses. Errors are
 * {@code {"__type": code, "message": text}} with header x-amzn-ErrorType, at the error table's status.
 */
@Path("/v1/authorize")
public class AuthorizeResource {
    private static final Logger LOG = Logger.getLogger(AuthorizeResource.class);

    @Inject
    DownstreamAuthorization authorization;
    @Inject
    CallAudit audit;
    @Inject
    java.time.Clock clock;
    @Inject
    Throttle throttle;
    @Inject
    GatewayMetrics metrics;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response authorize(@Context HttpServerRequest request, byte[] body) {
        return serve(request, body, false);
    }

    @POST
    @Path("batch")
    @Consumes(MediaType.WILDCARD)
    public Response batch(@Context HttpServerRequest request, byte[] body) {
        return serve(request, body, true);
    }

    private Response serve(HttpServerRequest request, byte[] body, boolean batch) {
        String requestId = RequestIds.next();
        String action = batch ? "AuthorizeBatch" : "Authorize";
        byte[] bytes = body == null ? new byte[0] : body;
        try (RequestObservation observation = RequestObservation.begin(metrics, requestId)) {
            observation.action(action);
            return serve(request, bytes, batch, requestId, observation);
        }
    }

    private Response serve(HttpServerRequest request, byte[] bytes, boolean batch,
                           String requestId, RequestObservation observation) {
        String action = batch ? "AuthorizeBatch" : "Authorize";
        java.time.Instant started = clock.instant();
        HttpRequestParts parts = null;
        DownstreamAuthorization.AskingService service = null;
        DownstreamCall asked = null;
        try {
            if (bytes.length > DownstreamLimits.MAX_BODY_BYTES) {
                throw new AwsException(ErrorCode.ValidationError, "The request body is " + bytes.length
                        + " bytes; at most " + DownstreamLimits.MAX_BODY_BYTES + " are allowed");
            }
            parts = EdgeRequests.parts(request, bytes);
            service = authorization.authenticate(parts, EdgeRequests.sourceIp(request), request.isSSL());
            throttle.admit(ThrottleFamily.AUTHORIZE, service.caller());
            asked = AuthorizeJson.parse(bytes, batch);
            DownstreamAnswer decided = authorization.answer(service, asked);
            byte[] answer = AuthorizeJson.render(decided, batch);
            // durable before the reply, denials included (audit.AuditTrail)
            audit.authorize(action, service.caller(), parts, EdgeRequests.sourceIp(request), started, requestId, asked,
                    decided, null);
            return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).header("x-amzn-RequestId", requestId).build();
        } catch (AwsException e) {
            Gateway.log(e, requestId, action);
            observation.failed(e.code());
            try {
                audit.authorize(action, service == null ? null : service.caller(), parts,
                        EdgeRequests.sourceIp(request), started, requestId, asked, null, e);
            } catch (RuntimeException unrecorded) {
                LOG.errorf(unrecorded, "Request %s (%s): refusal not recorded in the audit trail", requestId, action);
                return error(ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId, null);
            }
            return error(e.code(), e.getMessage(), requestId, ThrottledException.retryAfter(e));
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s (%s) failed", requestId, action);
            observation.failed(ErrorCode.InternalFailure);
            return error(ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(), requestId, null);
        }
    }

    private static Response error(ErrorCode code, String message, String requestId, String retryAfter) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .header("x-amzn-RequestId", requestId).header("x-amzn-ErrorType", code.code())
                .header("Retry-After", retryAfter)
                .entity(AuthorizeJson.error(code, message)).build();
    }
}
