package io.rolegate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A client of the reference service "projects", as a Monitron client would be: each request signed for service
 * {@code monitron} by the AWS SDK v2's own SigV4 signer, sent with java.net.http.
 */
final class Monitron {
    static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Set by java.net.http itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length");

    /** An answer: status, x-amzn-ErrorType (null on success), and the JSON body (null when empty). */
    record Answer(int status, String errorType, JsonNode body) {
        String message() {
            return body == null ? null : body.path("message").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + errorType + " " + body;
        }
    }

    private final URI base;
    private final AwsCredentialsIdentity credentials;

    Monitron(URL base, AwsCredentialsIdentity credentials) {
        this.base = Aws.endpoint(base);
        this.credentials = credentials;
    }

    Answer createProject(String name) {
        return send(SdkHttpMethod.POST, "/projects", "{\"name\":" + JSON.valueToTree(name) + "}", UnaryOperator.identity());
    }

    Answer listProjects() {
        return send(SdkHttpMethod.GET, "/projects", null, UnaryOperator.identity());
    }

    Answer getProject(String name) {
        return send(SdkHttpMethod.GET, "/projects/" + name, null, UnaryOperator.identity());
    }

    Answer deleteProject(String name) {
        return send(SdkHttpMethod.DELETE, "/projects/" + name, null, UnaryOperator.identity());
    }

    Answer putProjectPolicy(String name, String policy) {
        return send(SdkHttpMethod.PUT, "/projects/" + name + "/policy", policy, UnaryOperator.identity());
    }

    /**
     * Signs a request, lets {@code tamper} change what goes on the wire afterwards, sends it.
     *
     * @param path raw (already encoded) path
     */
    Answer send(SdkHttpMethod method, String path, String body, UnaryOperator<HttpRequest.Builder> tamper) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(base.resolve(path));
        if (body != null) {
            unsigned.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "monitron")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
        HttpRequest.Builder wire = HttpRequest.newBuilder(signed.request().getUri())
                .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.request().forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> wire.header(name, v));
            }
        });
        return send(tamper.apply(wire).build());
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("x-amzn-ErrorType").orElse(null), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> names(Answer list) {
        return list.body().path("projects").findValuesAsText("projectName");
    }
}
