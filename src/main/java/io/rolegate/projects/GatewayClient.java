package io.rolegate.projects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's only line to the gateway: its public HTTP API, each call signed with the service's own credentials
 * (SigV4, service {@code rolegate} for /v1/authorize, {@code sts} for GetCallerIdentity). Non-blocking
 * (java.net.http): waiting for the gateway ties up no thread, so calling back into the same server cannot starve it.
 */
final class GatewayClient {
    private static final Pattern ACCOUNT = Pattern.compile("<Account>(\\d{12})</Account>");
    private static final byte[] GET_CALLER_IDENTITY =
            "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.US_ASCII);

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final SigV4Signer authorizeSigner;
    private final SigV4Signer stsSigner;
    private final Duration timeout;

    GatewayClient(String accessKeyId, String secretAccessKey, String region, Duration timeout, ObjectMapper json,
                  Clock clock) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.json = json;
        this.clock = clock;
        this.authorizeSigner = new SigV4Signer(accessKeyId, secretAccessKey, null, region, "rolegate");
        this.stsSigner = new SigV4Signer(accessKeyId, secretAccessKey, null, region, "sts");
        this.timeout = timeout;
    }

    /** POST /v1/authorize; a non-200 answer fails with {@link GatewayRefusal}, no answer with an IOException. */
    CompletableFuture<AuthorizeAnswer> authorize(URI gateway, ObjectNode question) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(question);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return send(gateway, "/v1/authorize", "application/json", body, authorizeSigner).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw GatewayRefusal.of(r.statusCode(), r.body(), json);
            }
            try {
                return AuthorizeAnswer.of(json.readTree(r.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The account of the service's own credentials: STS GetCallerIdentity. */
    CompletableFuture<String> accountId(URI gateway) {
        return send(gateway, "/", "application/x-www-form-urlencoded; charset=utf-8", GET_CALLER_IDENTITY, stsSigner)
                .thenApply(r -> {
                    Matcher m = ACCOUNT.matcher(new String(r.body(), StandardCharsets.UTF_8));
                    if (r.statusCode() != 200 || !m.find()) {
                        throw GatewayRefusal.of(r.statusCode(), r.body(), json);
                    }
                    return m.group(1);
                });
    }

    private CompletableFuture<HttpResponse<byte[]>> send(URI gateway, String path, String contentType, byte[] body,
                                                         SigV4Signer signer) {
        URI target = gateway.resolve(path);
        // java.net.http sends the URI's authority as Host; sign exactly that.
        HttpRequestParts unsigned = new HttpRequestParts("POST", target.getRawPath(), null,
                Map.of("host", List.of(target.getRawAuthority()), "content-type", List.of(contentType)), body);
        HttpRequestParts signed = signer.sign(unsigned, clock.instant(), List.of("content-type"));
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((name, values) -> {
            if (!name.equals("host")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
