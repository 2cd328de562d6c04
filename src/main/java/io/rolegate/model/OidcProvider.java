package io.rolegate.model;

import java.time.Instant;
import java.util.List;

/**
 * An IAM OpenID Connect provider (docs/aws-behaviour.md §6.1).
 *
 * @param url the issuer as stored: without the scheme for https providers ({@code token.example.com/path}); with
 *            {@code http://} kept for the loopback http providers an operator may allow, so federation knows to
 *            fetch their discovery document over http
 */
public record OidcProvider(String arn, String accountId, String url, List<String> clientIds, List<String> thumbprints,
                           Instant created) {
    public static final String HTTP = "http://";
    public static final String HTTPS = "https://";

    public OidcProvider {
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
    }

    /** True for an http (loopback) provider. */
    public boolean plainHttp() {
        return url.startsWith(HTTP);
    }

    /** The issuer URL with its scheme, as it appears in a token's {@code iss} and as discovery is fetched from. */
    public String issuerUrl() {
        return plainHttp() ? url : HTTPS + url;
    }

    /** The url without any scheme (what the ARN and condition keys such as {@code <url>:aud} use). */
    public String urlWithoutScheme() {
        return plainHttp() ? url.substring(HTTP.length()) : url;
    }

    /** The key a token's {@code iss} is looked up by: https issuers lose their scheme, http issuers keep it. */
    public static String issuerKey(String iss) {
        return iss.startsWith(HTTPS) ? iss.substring(HTTPS.length()) : iss;
    }
}
