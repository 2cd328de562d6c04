package io.rolegate.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What a CLI or SDK listens on during an authorization-code login: a loopback HTTP server on a free port whose
 * callback path receives the browser's redirect (code and state in the query) and answers a small page.
 */
final class LoopbackCallback implements AutoCloseable {
    private final HttpServer server;
    private final BlockingQueue<URI> received = new LinkedBlockingQueue<>();

    LoopbackCallback() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth/callback", exchange -> {
            received.add(exchange.getRequestURI());
            answerPage(exchange, "<!doctype html><title>signed in</title><p>You can close this page.");
        });
        server.start();
    }

    /** Answers a loopback redirect with a small HTML page (what the browser shows the person) and closes it. */
    static void answerPage(com.sun.net.httpserver.HttpExchange exchange, String html) throws java.io.IOException {
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        exchange.getResponseBody().write(page);
        exchange.close();
    }

    /** The redirect URI to send: http://127.0.0.1:PORT/oauth/callback. */
    String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth/callback";
    }

    /** The query parameters of the next redirect that arrives within {@code wait}. */
    Map<String, String> awaitRedirect(Duration wait) throws InterruptedException {
        URI uri = received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (uri == null) {
            throw new AssertionError("no redirect reached " + redirectUri() + " within " + wait);
        }
        return KeycloakPeopleLoginTest.query(uri);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
