package io.rolegate.it;

import io.rolegate.sigv4.HttpRequestParts;
import io.rolegate.sigv4.SigV4Signer;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The revocation actions (RevokeSession, RevokeRoleSessions, RevokeUserSessions) sent as any HTTP client sends them
 * (the AWS SDKs and CLI have no methods for Rolegate's own actions; curl --aws-sigv4 in the README): a form POST
 * signed with SigV4 for service iam, region us-east-1, answered in IAM's XML.
 */
final class RevocationCalls {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URL base;
    private final AwsCredentials credentials;

    RevocationCalls(URL base, AwsCredentials credentials) {
        this.base = base;
        this.credentials = credentials;
    }

    /** The XML answer: HTTP status and body; {@link #code()} and {@link #message()} for errors. */
    record Reply(int status, String body) {
        String member(String name) {
            Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(body);
            return m.find() ? m.group(1).replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&") : null;
        }

        String code() {
            return member("Code");
        }

        String message() {
            return member("Message");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Reply revokeSession(String member, String value) {
        return send("RevokeSession", Map.of(member, value));
    }

    Reply revokeRoleSessions(String roleName, String issuedBefore) {
        return send("RevokeRoleSessions", params("RoleName", roleName, issuedBefore));
    }

    Reply revokeUserSessions(String userName, String issuedBefore) {
        return send("RevokeUserSessions", params("UserName", userName, issuedBefore));
    }

    private static Map<String, String> params(String nameMember, String name, String issuedBefore) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(nameMember, name);
        if (issuedBefore != null) {
            p.put("IssuedBefore", issuedBefore);
        }
        return p;
    }

    Reply send(String action, Map<String, String> params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Action", action);
        form.put("Version", "2010-05-08");
        form.putAll(params);
        byte[] body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&")).getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(Aws.endpoint(base) + "/");
        HttpRequestParts unsigned = new HttpRequestParts("POST", "/", "", Map.of(
                "host", List.of(uri.getHost() + ":" + uri.getPort()),
                "content-type", List.of("application/x-www-form-urlencoded; charset=utf-8")), body);
        String token = credentials instanceof AwsSessionCredentials s ? s.sessionToken() : null;
        HttpRequestParts signed = new SigV4Signer(credentials.accessKeyId(), credentials.secretAccessKey(), token,
                "us-east-1", "iam").sign(unsigned, Instant.now(), List.of("content-type"));
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.headers().forEach((k, v) -> {
            if (!k.equals("host")) {
                rb.header(k, v.get(0));
            }
        });
        try {
            HttpResponse<String> r = HTTP.send(rb.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
