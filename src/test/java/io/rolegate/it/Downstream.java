package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plays a downstream service ("monitron") in tests: a client's request to it is signed by the AWS SDK v2 signer for
 * service {@code monitron}, and the service asks the gateway about it through POST /v1/authorize, signing that call
 * for service {@code rolegate} with its own credentials. Plain HTTP (java.net.http) and JSON: no Rolegate classes.
 */
final class Downstream {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SERVICE_HOST = "projects.example.com";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Downstream() {
    }

    /** The gateway's answer: status, x-amzn-ErrorType, body. */
    record Reply(int status, String errorType, JsonNode body) {
        String decision() {
            return body.path("decision").asText(null);
        }

        String message() {
            return body.path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static AwsCredentialsIdentity identity(AwsCredentials c) {
        return c instanceof AwsSessionCredentials s
                ? AwsSessionCredentialsIdentity.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken())
                : AwsCredentialsIdentity.create(c.accessKeyId(), c.secretAccessKey());
    }

    /** A client request to the service, as a builder: method, path and query as the client sends them. */
    static SdkHttpRequest.Builder clientRequest(SdkHttpMethod method, String pathAndQuery) {
        return SdkHttpRequest.builder().method(method).uri(URI.create("https://" + SERVICE_HOST + pathAndQuery))
                .putHeader("User-Agent", "monitron-cli/1.0").putHeader("Content-Type", "application/json");
    }

    /** Signed by the SDK for {@code service} in {@code region}; presigned puts the signature in the query string. */
    static SdkHttpRequest sign(SdkHttpRequest request, String body, AwsCredentials creds, String service,
                               String region, boolean presign) {
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(identity(creds)).request(request)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region);
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            if (presign) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4HttpSigner.AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
            }
        });
        return signed.request();
    }

    /** {@code GET /projects/dallas} signed for monitron in us-east-1 by {@code creds}. */
    static SdkHttpRequest getProject(AwsCredentials creds) {
        return sign(clientRequest(SdkHttpMethod.GET, "/projects/dallas").build(), null, creds, "monitron",
                "us-east-1", false);
    }

    /** The "request" member: the signed request as the service received it. */
    static ObjectNode forwarded(SdkHttpRequest signed, String body) {
        ObjectNode r = JSON.createObjectNode();
        r.put("method", signed.method().name());
        r.put("path", signed.encodedPath());
        signed.encodedQueryParameters().ifPresent(q -> r.put("query", q));
        ObjectNode headers = r.putObject("headers");
        if (signed.firstMatchingHeader("Host").isEmpty()) {
            headers.put("host", signed.host());
        }
        signed.headers().forEach((k, v) -> {
            if (v.size() == 1) {
                headers.put(k, v.get(0));
            } else {
                v.forEach(x -> headers.withArray(k).add(x));
            }
        });
        if (body != null) {
            r.put("bodySha256", sha256(body));
        }
        return r;
    }

    static ObjectNode question(ObjectNode request, String action, String resource) {
        ObjectNode q = JSON.createObjectNode();
        q.set("request", request);
        q.put("action", action);
        if (resource != null) {
            q.put("resource", resource);
        }
        return q;
    }

    static Reply authorize(URL base, AwsCredentials service, JsonNode body) {
        return post(base, "/v1/authorize", service, body.toString());
    }

    static Reply batch(URL base, AwsCredentials service, JsonNode body) {
        return post(base, "/v1/authorize/batch", service, body.toString());
    }

    /** POST signed for service {@code rolegate} (unsigned when {@code service} is null). */
    static Reply post(URL base, String path, AwsCredentials service, String body) {
        return post(base, path, service, "rolegate", body);
    }

    static Reply post(URL base, String path, AwsCredentials service, String signingName, String body) {
        URI uri = URI.create(Aws.endpoint(base) + path);
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(uri)
                .putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = service == null ? request : sign(request, body, service, signingName, "us-east-1", false);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body));
        signed.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("host")) {
                v.forEach(x -> b.header(k, x));
            }
        });
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            String text = r.body();
            return new Reply(r.statusCode(), r.headers().firstValue("x-amzn-ErrorType").orElse(null),
                    text.isEmpty() ? JSON.createObjectNode() : JSON.readTree(text));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, List<String>> lowerCaseHeaders(SdkHttpRequest r) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        r.headers().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        out.putIfAbsent("host", List.of(r.host()));
        return out;
    }
}
