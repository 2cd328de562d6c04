package io.rolegate.api;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The single STS/IAM endpoint: {@code GET /?Action=...} and {@code POST /} with a form body. Every action runs on a
 * worker thread, as it may block on the store; with rolegate.http.memory-actions-on-io-thread, requests served from
 * memory (AssumeRole) are answered on the I/O thread, without a hop to a worker thread and back (docs/benchmarks.md).
 */
@Path("/")
public class GatewayResource {
    private static final byte[] EMPTY = new byte[0];

    @Inject
    Gateway gateway;
    @Inject
    CloudTrailApi cloudTrail;
    /** false: every request on a worker thread (for comparison; a machine whose cores are shared with busier processes). */
    @ConfigProperty(name = "rolegate.http.memory-actions-on-io-thread", defaultValue = "false")
    boolean memoryActionsOnIoThread;
    /**
     * true: a signed request over its rate limit is refused on the I/O thread when its caller is in the caches
     * (Gateway#admitFromMemory); false: on a worker thread like any other (for comparison, docs/benchmarks.md).
     */
    @ConfigProperty(name = "rolegate.http.refuse-throttled-on-io-thread", defaultValue = "true")
    boolean refuseOnIoThread;

    @GET
    @NonBlocking
    public Uni<Response> get(@Context RoutingContext ctx) {
        return serve(ctx, EMPTY);
    }

    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    public Uni<Response> post(@Context RoutingContext ctx, byte[] body) {
        return serve(ctx, body == null ? EMPTY : body);
    }

    private Uni<Response> serve(RoutingContext ctx, byte[] body) {
        HttpServerRequest request = ctx.request();
        RateRefusalRoute.Early early = ctx.get(RateRefusalRoute.EARLY); // settled already before Quarkus REST
        Gateway.Parsed parsed = early != null ? early.parsed() : gateway.parse(EdgeRequests.parts(request, body));
        boolean json = EdgeRequests.wantsJson(request);
        String sourceIp = EdgeRequests.sourceIp(request);
        boolean secure = request.isSSL();
        String target = request.getHeader("X-Amz-Target");
        if (CloudTrailApi.isCloudTrail(target)) {
            return Uni.createFrom().item(() -> respond(cloudTrail.handle(parsed.http(), target, sourceIp, secure)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        if (memoryActionsOnIoThread && gateway.servedFromMemory(parsed)) {
            Gateway.Admitted admitted = early == null ? null : early.admitted(); // its token is taken already
            return Uni.createFrom().item(respond(gateway.handle(parsed, admitted, sourceIp, secure, json)));
        }
        Gateway.Admitted admitted;
        if (early != null) {
            admitted = early.admitted();
        } else {
            // not seen by RateRefusalRoute (a chunked body, or that route off): the same attempt, after Quarkus REST
            Gateway.Admission admission = refuseOnIoThread ? gateway.admitFromMemory(parsed, sourceIp, secure, json) : null;
            if (admission != null && admission.refusal() != null) {
                return Uni.createFrom().item(respond(admission.refusal()));
            }
            admitted = admission == null ? null : admission.admitted();
        }
        return Uni.createFrom().item(() -> respond(gateway.handle(parsed, admitted, sourceIp, secure, json)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static Response respond(Gateway.Reply reply) {
        return Response.status(reply.status())
                .header("Content-Type", reply.contentType())
                .header("x-amzn-RequestId", reply.requestId())
                .header("Retry-After", reply.retryAfter())
                .entity(reply.body())
                .build();
    }
}
