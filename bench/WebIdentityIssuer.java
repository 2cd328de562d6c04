import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OIDC issuer for the web identity benchmark: serves the discovery document and a JWKS on 127.0.0.1:PORT,
 * writes one signed token (iss http://127.0.0.1:PORT, aud sts.amazonaws.com, sub bench:runner, valid 1 hour) to
 * TOKEN_FILE, and counts JWKS fetches (GET /stats) so the script can show the gateway's key cache stayed warm.
 * Runs until killed. Run with the packaged app's libraries on the class path:
 * java -cp "target/quarkus-app/lib/main/*" bench/WebIdentityIssuer.java PORT TOKEN_FILE [RS256|ES256]
 */
public class WebIdentityIssuer {
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]);
        Path tokenFile = Path.of(a[1]);
        JWSAlgorithm alg = JWSAlgorithm.parse(a.length > 2 ? a[2] : "RS256");
        String iss = "http://127.0.0.1:" + port;
        JWK key = alg.getName().startsWith("ES")
                ? new ECKeyGenerator(Curve.P_256).keyID("bench-ec").keyUse(KeyUse.SIGNATURE).generate()
                : new RSAKeyGenerator(2048).keyID("bench-rsa").keyUse(KeyUse.SIGNATURE).generate();
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(iss).audience("sts.amazonaws.com").subject("bench:runner")
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                        .claim("repository_owner", "acme").build());
        jwt.sign(key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key));

        String jwks = new JWKSet(key).toPublicJWKSet().toString();
        String discovery = "{\"issuer\":\"" + iss + "\",\"jwks_uri\":\"" + iss + "/keys\"}";
        AtomicInteger jwksHits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", ex -> {
            String p = ex.getRequestURI().getPath();
            switch (p) {
                case "/.well-known/openid-configuration" -> send(ex, 200, discovery);
                case "/keys" -> {
                    jwksHits.incrementAndGet();
                    send(ex, 200, jwks);
                }
                case "/stats" -> send(ex, 200, "{\"jwksFetches\":" + jwksHits.get() + "}");
                default -> send(ex, 404, "{}");
            }
        });
        server.start();
        Files.writeString(tokenFile, jwt.serialize()); // only once the port is ours
        System.out.println("issuer " + iss + " ready");
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
