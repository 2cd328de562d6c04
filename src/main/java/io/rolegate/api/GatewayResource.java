package io.rolegate.api;

import io.rolegate.sigv4.HttpRequestParts;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Locale;

/** The single STS/IAM endpoint: {@code GET /?Action=...} and {@code POST /} with a form body. */
@Path("/")
public class GatewayResource {
    @Inject
    Gateway gateway;

    @GET
    public Response get(@Context HttpServerRequest request, @Context HttpHeaders headers) {
        return serve(request, headers, new byte[0]);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response post(@Context HttpServerRequest request, @Context HttpHeaders headers, byte[] body) {
        return serve(request, headers, body == null ? new byte[0] : body);
    }

    private Response serve(HttpServerRequest request, HttpHeaders headers, byte[] body) {
        HttpRequestParts parts = EdgeRequests.parts(request, headers, body);
        String accept = request.getHeader("Accept");
        boolean json = accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
        Gateway.Reply reply = gateway.handle(parts, EdgeRequests.sourceIp(request), request.isSSL(), json);
        return Response.status(reply.status())
                .header("Content-Type", reply.contentType())
                .header("x-amzn-RequestId", reply.requestId())
                .header("Retry-After", reply.retryAfter())
                .entity(reply.body())
                .build();
    }
}
