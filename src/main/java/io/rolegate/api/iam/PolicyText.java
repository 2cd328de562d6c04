package io.rolegate.api.iam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Policy documents in IAM responses are URL-encoded as AWS does it: RFC 3986 percent-encoding (space as %20, '*' as
 * %2A, '~' kept; see aws/aws-sdk-go#1513 for a real response), so every decoder gets the exact text back.
 */
public final class PolicyText {
    private PolicyText() {
    }

    public static String encode(String document) {
        return document == null ? null : URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("*", "%2A").replace("%7E", "~");
    }
}
