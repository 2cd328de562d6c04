package io.rolegate.projects;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * The HTTP face of the projects service, on the gateway's own port: routes exist only when
 * {@code rolegate.projects.enabled=true}, so a disabled service's paths are unknown paths (404) like any other.
 * Handlers run on the event loop and never block it: the gateway is asked without waiting, store work runs on
 * Vert.x worker threads.
 */
@ApplicationScoped
public class ProjectRoutes {
    /** Room for the largest resource policy (20,480 characters, up to 4 bytes each in UTF-8). */
    static final int MAX_BODY = 128 * 1024;

    @Inject
    ProjectsSettings settings;
    @Inject
    ProjectsService service;

    void install(@Observes Router router) {
        if (!settings.enabled()) {
            return;
        }
        service.start();
        router.routeWithRegex("/projects(/.*)?").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.post("/projects").handler(ctx -> serve(ctx, ProjectAction.CreateProject));
        router.get("/projects").handler(ctx -> serve(ctx, ProjectAction.ListProjects));
        router.get("/projects/:name").handler(ctx -> serve(ctx, ProjectAction.GetProject));
        router.delete("/projects/:name").handler(ctx -> serve(ctx, ProjectAction.DeleteProject));
        router.put("/projects/:name/policy").handler(ctx -> serve(ctx, ProjectAction.PutProjectPolicy));
    }

    private void serve(RoutingContext ctx, ProjectAction action) {
        HttpServerRequest request = ctx.request();
        Executor blocking = task -> ctx.vertx().executeBlocking(() -> {
            task.run();
            return null;
        }, false);
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        HttpRequestParts parts = new HttpRequestParts(request.method().name(), request.path(), request.query(),
                headers(request), body);
        ProjectsService.Client client = new ProjectsService.Client(
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), request.isSSL());
        service.handle(action, ctx.pathParam("name"), parts, client, service.gatewayUrl(request.localAddress().port()),
                        blocking)
                .whenComplete((reply, failure) -> write(ctx.response(),
                        reply != null ? reply : Reply.error(new AwsException(ErrorCode.InternalFailure))));
    }

    /** Every header as received, names lower-cased, values in arrival order; HTTP/2's :authority as host. */
    private static Map<String, List<String>> headers(HttpServerRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        request.headers().forEach(h ->
                out.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
        if (!out.containsKey("host") && request.authority() != null) {
            out.put("host", List.of(request.authority().toString()));
        }
        return out;
    }

    private static void write(HttpServerResponse response, Reply reply) {
        response.setStatusCode(reply.status()).putHeader("x-amzn-RequestId", UUID.randomUUID().toString());
        if (reply.errorType() != null) {
            response.putHeader("x-amzn-ErrorType", reply.errorType());
        }
        if (reply.body() == null) {
            response.end();
        } else {
            response.putHeader("Content-Type", "application/json").end(reply.body());
        }
    }
}
