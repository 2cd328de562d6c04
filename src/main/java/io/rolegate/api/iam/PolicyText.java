package io.rolegate.api.iam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Policy documents in IAM responses are URL-encoded as AWS does it (spaces as %20, so RFC 3986 decoders work too). */
public final class PolicyText {
    private PolicyText() {
    }

    public static String encode(String document) {
        return document == null ? null : URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
