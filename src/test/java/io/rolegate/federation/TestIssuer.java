package io.rolegate.federation;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC issuer for tests: an HTTP server on 127.0.0.1 (random port) serving the discovery document and a JWKS
 * with RSA and EC keys generated here. It can rotate keys, fail (500), stop, redirect, serve huge JWKS, and be slow.
 * It counts requests per path so tests can assert how often keys were fetched, and can label its JWKS with a
 * Cache-Control header.
 */
public final class TestIssuer implements AutoCloseable {
    enum Mode { OK, ERROR_500, HUGE, REDIRECT, HUGE_CHUNKED }

    private final HttpServer server;
    private final String path;
    private final String scheme;
    private final List<JWK> keys = new CopyOnWriteArrayList<>();
    public final AtomicInteger discoveryHits = new AtomicInteger();
    public final AtomicInteger jwksHits = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private volatile String host = "127.0.0.1";
    private volatile long delayMillis;
    private volatile String cacheControl;
    private int generation;

    public TestIssuer() throws Exception {
        this("");
    }

    /** @param path issuer path, e.g. "/realms/demo" (Keycloak style) */
    public TestIssuer(String path) throws Exception {
        this(path, null);
    }

    /** @param tls when given, serve HTTPS with this server context */
    TestIssuer(String path, javax.net.ssl.SSLContext tls) throws Exception {
        this.path = path;
        this.scheme = tls == null ? "http" : "https";
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(bind, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(bind, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        rotate();
    }

    public String url() {
        return scheme + "://" + host + ":" + server.getAddress().getPort() + path;
    }

    public String providerKey() {
        return TrustedIssuer.keyOf(url());
    }

    public TrustedIssuer provider(String... clientIds) {
        return new TrustedIssuer("arn:aws:iam::111111111111:oidc-provider/" + providerKey(), url(), List.of(clientIds),
                List.of());
    }

    /** Replaces all keys by a fresh RSA and EC pair with new kids (the IdP rotated). */
    synchronized void rotate() throws JOSEException {
        generation++;
        List<JWK> fresh = new ArrayList<>();
        fresh.add(new RSAKeyGenerator(2048).keyID("rsa-" + generation).keyUse(KeyUse.SIGNATURE).generate());
        fresh.add(new ECKeyGenerator(Curve.P_256).keyID("ec-" + generation).keyUse(KeyUse.SIGNATURE).generate());
        keys.clear();
        keys.addAll(fresh);
    }

    RSAKey rsaKey() {
        return (RSAKey) keys.stream().filter(k -> k instanceof RSAKey).findFirst().orElseThrow();
    }

    ECKey ecKey() {
        return (ECKey) keys.stream().filter(k -> k instanceof ECKey).findFirst().orElseThrow();
    }

    /** The host name this issuer calls itself (it always listens on 127.0.0.1). */
    void host(String host) {
        this.host = host;
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    void delay(long millis) {
        this.delayMillis = millis;
    }

    /** The Cache-Control header of JWKS responses (null: none). */
    void cacheControl(String header) {
        this.cacheControl = header;
    }

    public void stop() {
        server.stop(0);
    }

    int fetches() {
        return jwksHits.get();
    }

    public String sign(JWTClaimsSet claims, JWSAlgorithm alg) throws JOSEException {
        JWK key = alg.getName().startsWith("ES") ? ecKey() : rsaKey();
        return sign(claims, alg, key, key.getKeyID());
    }

    static String sign(JWTClaimsSet claims, JWSAlgorithm alg, JWK key, String kid) throws JOSEException {
        JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            String p = ex.getRequestURI().getPath();
            if (mode == Mode.ERROR_500) {
                count(p);
                send(ex, 500, "{\"error\":\"down\"}");
                return;
            }
            if (p.equals(path + "/.well-known/openid-configuration")) {
                discoveryHits.incrementAndGet();
                send(ex, 200, "{\"issuer\":\"" + url() + "\",\"jwks_uri\":\"" + url() + "/keys\"}");
            } else if (p.equals(path + "/keys")) {
                jwksHits.incrementAndGet();
                switch (mode) {
                    case REDIRECT -> {
                        ex.getResponseHeaders().add("Location", "http://10.0.0.1/keys");
                        send(ex, 302, "");
                    }
                    case HUGE -> send(ex, 200, huge());
                    case HUGE_CHUNKED -> {
                        ex.getResponseHeaders().add("Content-Type", "application/json");
                        ex.sendResponseHeaders(200, 0); // chunked, no Content-Length
                        try (OutputStream out = ex.getResponseBody()) {
                            out.write(huge().getBytes(StandardCharsets.UTF_8));
                        } catch (IOException ignored) {
                            // the client hangs up once it has seen enough
                        }
                    }
                    default -> {
                        if (cacheControl != null) {
                            ex.getResponseHeaders().add("Cache-Control", cacheControl);
                        }
                        send(ex, 200, new JWKSet(keys).toPublicJWKSet().toString());
                    }
                }
            } else {
                send(ex, 404, "{}");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private void count(String p) {
        if (p.endsWith("/keys")) {
            jwksHits.incrementAndGet();
        } else {
            discoveryHits.incrementAndGet();
        }
    }

    /** A syntactically valid JWKS of about 1 MiB. */
    private String huge() {
        String one = new JWKSet(keys).toPublicJWKSet().toString();
        StringBuilder sb = new StringBuilder("{\"keys\":[");
        String key = one.substring(one.indexOf('[') + 1, one.lastIndexOf(']'));
        while (sb.length() < 1 << 20) {
            sb.append(key).append(',');
        }
        sb.setLength(sb.length() - 1);
        return sb.append("]}").toString();
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            } catch (IOException ignored) {
                // the client may hang up early (size cap)
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
