package io.rolegate.federation;

import java.util.List;
import java.util.Objects;

/**
 * An issuer the validator trusts: a registered IAM OIDC provider, reduced to what token validation needs.
 *
 * @param arn         arn:aws:iam::ACCT:oidc-provider/{host}{path}
 * @param url         the issuer URL WITH scheme, e.g. https://token.actions.githubusercontent.com
 * @param clientIds   accepted audiences (ClientIDList)
 * @param thumbprints SHA-1 hex thumbprints (ThumbprintList): they pin the issuer's TLS chain when the JDK's
 *                    public CAs do not accept it (see {@link ThumbprintTrust})
 */
public record TrustedIssuer(String arn, String url, List<String> clientIds, List<String> thumbprints) {
    public TrustedIssuer {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(url, "url");
        clientIds = List.copyOf(clientIds);
        thumbprints = thumbprints == null ? List.of() : List.copyOf(thumbprints);
    }

    /** The provider key used in condition keys: the URL without its scheme ({@code host[:port]/path}). */
    public String key() {
        return keyOf(url);
    }

    public static String keyOf(String url) {
        int i = url.indexOf("://");
        return i < 0 ? url : url.substring(i + 3);
    }
}
