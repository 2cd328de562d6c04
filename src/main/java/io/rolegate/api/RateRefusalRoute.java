package io.rolegate.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a signed Query request over its caller's rate before Quarkus REST sees it: {@link Gateway#admitFromMemory}
 * on the I/O thread, the refusal written straight to Vert.x. A tenant far over its limit then costs the gateway the
 * HTTP parsing, a signature check and a token bucket per refused call, not also a REST dispatch and its response
 * writers (docs/benchmarks.md "Session 9"). Every other request goes on to {@link GatewayResource} with what was
 * learned here (the parsed request, and the caller if admitted), so nothing is done twice. Only a body whose length
 * is declared (and within the limit, {@link BodyLimit} runs first) is read here; a chunked body, or one waiting for
 * 100-continue, goes on unread to Quarkus REST, which enforces the limit as it reads.
 */
@ApplicationScoped
public class RateRefusalRoute {
    /** The {@link Early} outcome, for GatewayResource. */
    static final String EARLY = "rolegate.early-admission";

    /** What was settled before Quarkus REST: the parsed request, and the admitted caller (null: nothing admitted). */
    record Early(Gateway.Parsed parsed, Gateway.Admitted admitted) {
    }

    @Inject
    Gateway gateway;
    @Inject
    Throttle throttle;
    /** false: throttled requests are refused by GatewayResource, after Quarkus REST (for comparison). */
    @ConfigProperty(name = "rolegate.http.refuse-throttled-on-io-thread", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBody;

    void install(@Observes Router router) {
        if (enabled && throttle.enabled()) {
            // after DateHeader (-1000) and BodyLimit (-999): a refusal carries the Date; an oversized body never gets here
            router.route("/").order(-900).method(HttpMethod.POST).method(HttpMethod.GET).handler(this::route);
        }
    }

    private void route(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (!readHere(request)) {
            ctx.next();
            return;
        }
        request.body().onComplete(read -> {
            if (read.failed()) {
                ctx.fail(read.cause()); // the connection went away mid-body
                return;
            }
            Buffer body = read.result();
            ctx.setBody(body); // Quarkus REST reads the body from here when the request goes on
            byte[] bytes = body.getBytes();
            Gateway.Parsed parsed = gateway.parse(EdgeRequests.parts(request, bytes));
            Gateway.Admission admission = gateway.admitFromMemory(parsed, EdgeRequests.sourceIp(request),
                    request.isSSL(), EdgeRequests.wantsJson(request));
            if (admission != null && admission.refusal() != null) {
                refuse(ctx.response(), admission.refusal());
                return;
            }
            ctx.put(EARLY, new Early(parsed, admission == null ? null : admission.admitted()));
            ctx.next();
        });
        request.resume(); // the router paused the request until a handler reads its body
    }

    /** A Query request (not CloudTrail's JSON protocol) whose whole body is known to be small and can be read now. */
    private boolean readHere(HttpServerRequest request) {
        if (request.getHeader("X-Amz-Target") != null || request.getHeader(HttpHeaders.EXPECT) != null) {
            return false;
        }
        if (request.method() == HttpMethod.GET) {
            return true;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        try {
            long n = Long.parseLong(length.trim());
            return n >= 0 && n <= maxBody.asLongValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void refuse(HttpServerResponse response, Gateway.Reply reply) {
        response.setStatusCode(reply.status()).putHeader(HttpHeaders.CONTENT_TYPE, reply.contentType())
                .putHeader("x-amzn-RequestId", reply.requestId());
        if (reply.retryAfter() != null) {
            response.putHeader("Retry-After", reply.retryAfter());
        }
        response.end(reply.body());
    }
}
