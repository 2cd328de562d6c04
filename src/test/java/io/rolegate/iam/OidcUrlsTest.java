package io.rolegate.iam;

import io.rolegate.model.OidcProvider;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Url table of src/test/resources/iam/oidc-urls.txt. */
class OidcUrlsTest {
    @TestFactory
    Stream<DynamicTest> urls() throws IOException {
        List<String> lines;
        try (InputStream in = OidcUrlsTest.class.getResourceAsStream("/iam/oidc-urls.txt")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
        assertEquals(29, lines.size());
        return lines.stream().map(line -> {
            String[] f = line.split("\\|");
            String url = f[0].strip();
            boolean allowHttp = Boolean.parseBoolean(f[1].strip());
            String expected = f[2].strip();
            return DynamicTest.dynamicTest(url + " (http " + allowHttp + ")", () -> {
                if (expected.equals("INVALID")) {
                    AwsException e = assertThrows(AwsException.class, () -> OidcUrls.storedForm(url, allowHttp));
                    assertEquals(ErrorCode.ValidationError, e.code());
                    assertEquals("Invalid Open ID Connect Provider URL", e.getMessage());
                } else {
                    assertEquals(expected, OidcUrls.storedForm(url, allowHttp));
                }
            });
        });
    }

    @Test
    void issuerKeysDropOnlyHttps() {
        assertEquals("a.example.com/x", OidcProvider.issuerKey("https://a.example.com/x"));
        assertEquals("http://127.0.0.1:1/x", OidcProvider.issuerKey("http://127.0.0.1:1/x"));
        OidcProvider http = new OidcProvider("arn", "111111111111", "http://127.0.0.1:1/x", List.of(), List.of(), java.time.Instant.EPOCH);
        assertEquals("127.0.0.1:1/x", http.urlWithoutScheme());
        assertEquals("http://127.0.0.1:1/x", http.issuerUrl());
        OidcProvider https = new OidcProvider("arn", "111111111111", "a.example.com/x", List.of(), List.of(), java.time.Instant.EPOCH);
        assertEquals("https://a.example.com/x", https.issuerUrl());
        assertEquals("a.example.com/x", https.urlWithoutScheme());
    }
}
