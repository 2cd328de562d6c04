package io.rolegate.api;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The single STS/IAM endpoint: {@code GET /?Action=...} and {@code POST /} with a form body. Actions run on a worker
 * thread, as they may block on the store, except AssumeRole (without an MFA code) when the caches hold all it needs:
 * it is served on the I/O thread, without a hop to a worker thread (rolegate.http.memory-actions-on-io-thread,
 * docs/benchmarks.md "Session 12"). Either way no thread waits for the call's audit events: the reply is written on
 * the request's event loop once they are durable ({@link Gateway#handleAsync}).
 */
@Path("/")
public class GatewayResource {
    private static final byte[] EMPTY = new byte[0];

    @Inject
    Gateway gateway;
    @Inject
    CloudTrailApi cloudTrail;
    /**
     * true: AssumeRole is served on the I/O thread from the caches, and goes to a worker thread only when it needs the
     * database or is refused ({@link Gateway#handleFromMemory}); false: every request on a worker thread (for
     * comparison, docs/benchmarks.md "Session 12").
     */
    @ConfigProperty(name = "rolegate.http.memory-actions-on-io-thread", defaultValue = "true")
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
        Executor eventLoop = thisEventLoop();
        if (memoryActionsOnIoThread && gateway.servedFromMemory(parsed)) {
            Gateway.Admitted admitted = early == null ? null : early.admitted(); // its token is taken already
            CompletableFuture<Gateway.Reply> fromMemory = gateway.handleFromMemory(parsed, admitted, sourceIp, secure,
                    json);
            if (fromMemory != null) {
                return Uni.createFrom().completionStage(fromMemory).emitOn(eventLoop).map(GatewayResource::respond);
            }
            // it needs the database or was refused: a worker thread serves it from the start, below
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
        // the worker thread serves the request but does not wait for its events to be durable: the reply comes from
        // the audit journal's writer thread once they are, and is written on this request's event loop
        return Uni.createFrom().item(() -> gateway.handleAsync(parsed, admitted, sourceIp, secure, json))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(reply -> Uni.createFrom().completionStage(reply))
                .emitOn(eventLoop).map(GatewayResource::respond);
    }

    /** Runs a task on the calling I/O thread's event loop (the request's), or at once off Vert.x (tests). */
    private static Executor thisEventLoop() {
        io.vertx.core.Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(v -> task.run());
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
