package io.rolegate.api;

import io.rolegate.audit.TrailExport;
import io.rolegate.authz.RequestAuthenticator;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.iam.RequestFacts;
import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * The audit trail for a SIEM (README "Audit trail"): {@code GET /v1/audit/events?fromSeq=N&limit=M} and
 * {@code GET /v1/audit/digests?from=ISO-hour}, JSON lines of the caller's account, SigV4-signed for service
 * cloudtrail (e.g. {@code curl --aws-sigv4 "aws:amz:us-east-1:cloudtrail" --user KEY:SECRET}); errors as CloudTrail's
 * JSON errors.
 */
@Path("/v1/audit")
public class AuditExportResource {
    private static final Logger LOG = Logger.getLogger(AuditExportResource.class);
    static final String JSON_LINES = "application/x-ndjson";

    @Inject
    RequestAuthenticator authenticator;
    @Inject
    TrailExport export;
    @Inject
    Clock clock;
    @Inject
    Throttle throttle;

    @GET
    @Path("events")
    public Response events(@Context HttpServerRequest request,
                           @QueryParam("fromSeq") Long fromSeq, @QueryParam("limit") Integer limit) {
        return serve(request, "ExportEvents", facts -> export.events(facts.caller(),
                fromSeq == null ? 1 : fromSeq, limit == null ? TrailExport.MAX_LINES : limit, facts.facts()));
    }

    @GET
    @Path("digests")
    public Response digests(@Context HttpServerRequest request,
                            @QueryParam("from") String from) {
        return serve(request, "ExportDigests", facts -> export.digests(facts.caller(),
                from == null ? Instant.EPOCH : parse(from), facts.facts()));
    }

    private record Who(io.rolegate.iam.Caller caller, RequestFacts facts) {
    }

    private Response serve(HttpServerRequest request, String operation, Function<Who, String> work) {
        String requestId = RequestIds.next();
        try {
            HttpRequestParts parts = EdgeRequests.parts(request, new byte[0]);
            RequestAuthenticator.Authenticated who = authenticator.authenticate(parts,
                    RequestAuthenticator.Audience.CLOUDTRAIL);
            throttle.admit(ThrottleFamily.CLOUDTRAIL, who.caller()); // LookupEvents' budget: an export reads as much
            RequestFacts facts = RequestFacts.of(EdgeRequests.sourceIp(request), request.isSSL(),
                    request.getHeader("User-Agent"), clock.instant(), who.region());
            return Response.ok(work.apply(new Who(who.caller(), facts)), JSON_LINES)
                    .header("x-amzn-RequestId", requestId).build();
        } catch (AwsException e) {
            Gateway.log(e, requestId, operation);
            Response.ResponseBuilder r = reply(CloudTrailApi.error(e.code(), e.getMessage(), requestId));
            return r.header("Retry-After", ThrottledException.retryAfter(e)).build();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Request %s (%s) failed", requestId, operation);
            return reply(CloudTrailApi.error(ErrorCode.InternalFailure, ErrorCode.InternalFailure.defaultMessage(),
                    requestId)).build();
        }
    }

    private static Instant parse(String from) {
        try {
            return Instant.parse(from);
        } catch (RuntimeException e) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException, "The time " + from + " is not valid.");
        }
    }

    private static Response.ResponseBuilder reply(Gateway.Reply r) {
        return Response.status(r.status()).header("Content-Type", r.contentType())
                .header("x-amzn-RequestId", r.requestId()).entity(r.body());
    }
}
