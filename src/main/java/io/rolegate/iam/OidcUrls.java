package io.rolegate.iam;

import io.rolegate.model.OidcProvider;
import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Url rules of CreateOpenIDConnectProvider (docs/aws-behaviour.md §6.1): https only, no port, no query or
 * fragment, stored without the scheme. The one exception is an operator's choice ({@code
 * rolegate.oidc.allow-http-loopback}): an http issuer
 * on a loopback host, with a port, stored with its {@code http://} scheme so federation knows to use http.
 */
public final class OidcUrls {
    static final String INVALID = "Invalid Open ID Connect Provider URL";
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");

    private OidcUrls() {
    }

    /** The stored form of a provider url, or ValidationError {@code Invalid Open ID Connect Provider URL}. */
    public static String storedForm(String url, boolean allowHttpLoopback) {
        if (url.startsWith(OidcProvider.HTTPS)) {
            URI u = parse(url);
            if (u.getPort() != -1) {
                throw invalid();
            }
            return url.substring(OidcProvider.HTTPS.length());
        }
        if (allowHttpLoopback && url.startsWith(OidcProvider.HTTP)) {
            URI u = parse(url);
            if (!isLoopback(u.getHost())) {
                throw invalid();
            }
            return url;
        }
        throw invalid();
    }

    private static URI parse(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        if (u.getHost() == null || u.getHost().isEmpty() || u.getRawQuery() != null || u.getRawFragment() != null
                || u.getRawUserInfo() != null || url.indexOf('?') >= 0 || url.indexOf('#') >= 0) {
            throw invalid();
        }
        return u;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || LOOPBACK_V4.matcher(h).matches();
    }

    private static AwsException invalid() {
        return new AwsException(ErrorCode.ValidationError, INVALID);
    }
}
