package io.rolegate.api;

import io.quarkus.runtime.configuration.MemorySize;
import io.rolegate.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose Content-Length is over quarkus.http.limits.max-body-size gets AWS's RequestEntityTooLargeException
 * (413) in the endpoint's error shape before its body is read (docs/limits.md). Vert.x still refuses a chunked body
 * that grows past the limit, with a bare 413.
 */
@ApplicationScoped
public class BodyLimit {
    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M")
    MemorySize maxBody;

    void install(@Observes Router router) {
        long max = maxBody.asLongValue();
        router.route().order(-999).handler(ctx -> {
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            long n;
            try {
                n = length == null ? 0 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                n = 0; // Vert.x answers a malformed length itself
            }
            if (n <= max) {
                ctx.next();
                return;
            }
            String requestId = RequestIds.next();
            String message = "The request body is " + n + " bytes; at most " + max + " are allowed";
            ErrorCode code = ErrorCode.RequestEntityTooLargeException;
            boolean authorize = ctx.request().path().startsWith("/v1/authorize");
            ctx.response().setStatusCode(code.httpStatus()).putHeader("x-amzn-RequestId", requestId)
                    .putHeader("Connection", "close");
            if (authorize) {
                ctx.response().putHeader("Content-Type", "application/json").putHeader("x-amzn-ErrorType", code.code())
                        .end(new String(AuthorizeJson.error(code, message), java.nio.charset.StandardCharsets.UTF_8));
            } else {
                Gateway.Reply r = Gateway.error(ActionTable.Service.STS, code, message, null, requestId, false);
                ctx.response().putHeader("Content-Type", r.contentType()).end(r.body());
            }
        });
    }
}
