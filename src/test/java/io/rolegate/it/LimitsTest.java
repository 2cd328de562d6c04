package io.rolegate.it;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of the size-limit table (api/limits.csv = docs/limits.md): one byte or one item over it is refused. */
@QuarkusTest
class LimitsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URL base;

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "/api/limits.csv", delimiter = ',')
    void overTheLimitIsRefused(String limit, int size, int status, String code) throws Exception {
        HttpRequest request = switch (limit) {
            case "query-body-bytes" -> post("", padded("Action=GetCallerIdentity&Version=2011-06-15&Pad=", size));
            case "authorize-body-bytes" -> post("v1/authorize", "{\"pad\":\"" + "a".repeat(size - 10) + "\"}");
            case "query-parameters" -> post("", "Action=GetCallerIdentity&Version=2011-06-15" + java.util.stream.IntStream
                    .range(0, size).mapToObj(i -> "&p" + i + "=1").collect(java.util.stream.Collectors.joining()));
            case "header-bytes" -> HttpRequest.newBuilder(URI.create(base + "?Action=GetCallerIdentity"))
                    .header("X-Pad", "a".repeat(size)).GET().build();
            case "request-line-bytes" -> HttpRequest.newBuilder(URI.create(base + "?Action=GetCallerIdentity&Pad="
                    + "a".repeat(size))).GET().build();
            default -> throw new IllegalArgumentException("no request for the limit " + limit);
        };
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), limit + ": " + r.body());
        if (!"-".equals(code)) {
            String body = r.body();
            assertTrue(body.contains("<Code>" + code + "</Code>") || body.contains("\"__type\":\"" + code + "\""),
                    limit + ": " + body);
            assertTrue(r.headers().firstValue("x-amzn-RequestId").isPresent(), limit);
        }
    }

    /** {@code prefix} padded to exactly {@code size} bytes. */
    private static String padded(String prefix, int size) {
        return prefix + "a".repeat(size - prefix.length());
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", path.isEmpty() ? "application/x-www-form-urlencoded; charset=utf-8" : "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
