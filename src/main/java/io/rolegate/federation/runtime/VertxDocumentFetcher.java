package io.rolegate.federation.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.rolegate.federation.AddressGuard;
import io.rolegate.federation.DocumentFetcher;
import io.rolegate.federation.FetchedDocument;
import io.rolegate.federation.KeyFetchFailure;
import io.rolegate.federation.KeySettings;
import io.rolegate.federation.ThumbprintTrust;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.TrustOptions;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link DocumentFetcher} on the Vert.x HttpClient for tenant-supplied IdP URLs. The host is resolved once, by
 * {@link AddressGuard}, and the client connects to exactly the addresses it checked ({@link RequestOptions#setServer},
 * no second lookup: no DNS rebinding), one after the other until a TCP connection succeeds; TLS, SNI, host name
 * verification and the Host header use the URL's name. Trust: the base trust (the JDK's CAs in production), else a
 * provider's thumbprints ({@link ThumbprintTrust}); one HttpClient per distinct thumbprint list, closed after
 * {@code idleEviction} unused. Redirects are never followed; the body is capped at {@code sizeLimitBytes} while it
 * streams in (chunked or not); connect timeout per address, idle timeout while waiting for data, and one deadline
 * for the whole fetch. No proxy, no compression, no keep-alive (fetches are rare), HTTP/1.1 only.
 *
 * <p>Blocking: call it from a worker thread (nimbus' key chain does), never from a Vert.x event loop.
 */
public final class VertxDocumentFetcher implements DocumentFetcher, AutoCloseable {
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    private final Vertx vertx;
    private final AddressGuard guard;
    private final KeySettings limits;
    private final X509ExtendedTrustManager baseTrust;
    private final Cache<List<String>, HttpClient> clients;

    /** @param baseTrust {@link ThumbprintTrust#jdkDefault()} in production */
    public VertxDocumentFetcher(Vertx vertx, AddressGuard guard, KeySettings limits,
                                X509ExtendedTrustManager baseTrust) {
        this.vertx = vertx;
        this.guard = guard;
        this.limits = limits;
        this.baseTrust = baseTrust;
        this.clients = Caffeine.newBuilder()
                .expireAfterAccess(limits.idleEviction())
                .removalListener((List<String> key, HttpClient client, RemovalCause cause) -> {
                    if (client != null) {
                        client.close();
                    }
                })
                .build();
    }

    @Override
    public FetchedDocument fetch(URL url) throws IOException {
        return fetch(url, List.of());
    }

    @Override
    public DocumentFetcher forThumbprints(List<String> thumbprints) {
        List<String> key = thumbprints.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).sorted().distinct()
                .toList();
        return key.isEmpty() ? this : url -> fetch(url, key);
    }

    @Override
    public void close() {
        clients.invalidateAll();
        clients.cleanUp();
    }

    private HttpClient client(List<String> thumbprints) {
        return clients.get(thumbprints, t -> vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setUseAlpn(false)
                .setKeepAlive(false)
                .setDecompressionSupported(false)
                .setConnectTimeout(Math.toIntExact(limits.connectTimeout().toMillis()))
                .setSslHandshakeTimeout(limits.totalTimeout().toMillis())
                .setSslHandshakeTimeoutUnit(TimeUnit.MILLISECONDS)
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setMaxInitialLineLength(MAX_HEADER_BYTES)
                .setVerifyHost(true)
                .setTrustOptions(TrustOptions.wrap(ThumbprintTrust.forThumbprints(t, baseTrust)))));
    }

    private FetchedDocument fetch(URL url, List<String> thumbprints) throws IOException {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("a blocking fetch must not run on a Vert.x event loop");
        }
        List<InetAddress> addresses = guard.check(url);
        long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
        HttpClient client = client(thumbprints);
        ConnectFailed last = null;
        for (InetAddress address : addresses) {
            try {
                return fetchFrom(client, address, url, deadline);
            } catch (ConnectFailed e) {
                last = e; // TCP could not connect: try the next checked address
            }
        }
        throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "cannot connect to " + url.getHost() + ": "
                + (last == null ? "no address" : last.getCause()), last == null ? null : last.getCause());
    }

    private FetchedDocument fetchFrom(HttpClient client, InetAddress address, URL url, long deadline)
            throws IOException {
        boolean https = url.getProtocol().equalsIgnoreCase("https");
        String host = url.getHost();
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        int port = url.getPort() == -1 ? url.getDefaultPort() : url.getPort();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, port)))
                .setHost(bareHost)
                .setPort(port)
                .setSsl(https)
                .setURI(url.getFile().isEmpty() ? "/" : url.getFile())
                .setFollowRedirects(false)
                .setIdleTimeout(limits.readTimeout().toMillis())
                .putHeader(HttpHeaders.HOST, url.getPort() == -1 ? host : host + ":" + port)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(HttpHeaders.USER_AGENT, "rolegate-oidc");
        CompletableFuture<FetchedDocument> result = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> request = new AtomicReference<>();
        client.request(options).onComplete(connected -> {
            if (connected.failed()) {
                result.completeExceptionally(connectFailure(connected.cause(), host));
                return;
            }
            HttpClientRequest req = connected.result();
            request.set(req);
            req.send().onComplete(sent -> {
                if (sent.failed()) {
                    result.completeExceptionally(failure(sent.cause(), host));
                } else {
                    read(sent.result(), req, host, result);
                }
            });
        });
        try {
            return result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abort(request.get());
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "fetch from " + host + " took longer than "
                    + limits.totalTimeout());
        } catch (InterruptedException e) {
            abort(request.get());
            Thread.currentThread().interrupt();
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "fetch from " + host + " failed: "
                    + e.getCause(), e.getCause());
        }
    }

    /** Status first, then the body while it streams in, refused as soon as it passes the size cap. */
    private void read(HttpClientResponse response, HttpClientRequest request, String host,
                      CompletableFuture<FetchedDocument> result) {
        KeyFetchFailure refusal = statusFailure(response.statusCode(), host);
        if (refusal == null) {
            refusal = declaredSizeFailure(response.getHeader(HttpHeaders.CONTENT_LENGTH));
        }
        if (refusal != null) {
            result.completeExceptionally(refusal);
            abort(request);
            return;
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (result.isDone()) {
                return;
            }
            if (body.length() + chunk.length() > limits.sizeLimitBytes()) {
                result.completeExceptionally(tooLarge());
                abort(request);
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(e -> result.completeExceptionally(failure(e, host)));
        response.endHandler(v -> result.complete(new FetchedDocument(body.toString(StandardCharsets.UTF_8),
                response.getHeader(HttpHeaders.CACHE_CONTROL), response.getHeader("Age"))));
    }

    private static KeyFetchFailure statusFailure(int status, String host) {
        if (status >= 300 && status < 400) {
            return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "redirects are not followed (HTTP " + status
                    + ")");
        }
        if (status >= 500 || status == 429 || status == 408) {
            return new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "HTTP " + status + " from " + host);
        }
        if (status != 200) {
            return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "HTTP " + status + " from " + host);
        }
        return null;
    }

    private KeyFetchFailure declaredSizeFailure(String contentLength) {
        if (contentLength == null) {
            return null;
        }
        try {
            return Long.parseLong(contentLength.trim()) > limits.sizeLimitBytes() ? tooLarge() : null;
        } catch (NumberFormatException e) {
            return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "bad Content-Length");
        }
    }

    private KeyFetchFailure tooLarge() {
        return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "response larger than " + limits.sizeLimitBytes()
                + " bytes");
    }

    private static void abort(HttpClientRequest request) {
        if (request != null) {
            request.reset(); // closes the connection: nothing more is read from it
        }
    }

    /** A failure before any request was sent: TLS refusals end the fetch, anything else tries the next address. */
    private static Exception connectFailure(Throwable cause, String host) {
        KeyFetchFailure tls = tlsFailure(cause, host);
        return tls != null ? tls : new ConnectFailed(cause);
    }

    private static KeyFetchFailure failure(Throwable cause, String host) {
        KeyFetchFailure tls = tlsFailure(cause, host);
        return tls != null ? tls : new KeyFetchFailure(KeyFetchFailure.Kind.UNREACHABLE, "I/O failure with " + host
                + ": " + cause, cause);
    }

    private static KeyFetchFailure tlsFailure(Throwable cause, String host) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new KeyFetchFailure(KeyFetchFailure.Kind.REFUSED, "TLS failure with " + host + ": "
                        + t.getMessage(), t);
            }
        }
        return null;
    }

    /** TCP could not connect to one address. */
    private static final class ConnectFailed extends IOException {
        ConnectFailed(Throwable cause) {
            super(cause);
        }
    }
}
