package io.rolegate.federation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One plain Vert.x per test class, closed after it: {@code @RegisterExtension static final TestVertx VERTX = ...}.
 * It is warmed up with one local HTTP exchange: the first one in a JVM loads Netty's HTTP classes, which took 2-6 s
 * on this (busy, 2-core) machine, and that must not count against a test's fetch deadline.
 */
public final class TestVertx implements BeforeAllCallback, AfterAllCallback {
    private Vertx vertx;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = Vertx.vertx();
        HttpServer server = join(vertx.createHttpServer().requestHandler(r -> r.response().end("{}"))
                .listen(0, "127.0.0.1"));
        HttpClient client = vertx.createHttpClient();
        join(client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
                .compose(HttpClientRequest::send).compose(HttpClientResponse::body));
        join(client.close());
        join(server.close());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        join(vertx.close());
    }

    public Vertx get() {
        return vertx;
    }

    private static <T> T join(Future<T> future) {
        return future.toCompletionStage().toCompletableFuture().join();
    }
}
