package io.rolegate.federation;

import java.util.List;
import java.util.Objects;

/**
 * A registered IAM OIDC provider as the validator needs it.
 *
 * @param arn         arn:aws:iam::ACCT:oidc-provider/{host}{path}
 * @param url         the issuer URL WITH scheme, e.g. https://token.actions.githubusercontent.com
 * @param clientIds   accepted audiences (ClientIDList)
 * @param thumbprints SHA-1 hex thumbprints (ThumbprintList); carried for completeness, TLS uses public CAs
 */
public record OidcProvider(String arn, String url, List<String> clientIds, List<String> thumbprints) {
    public OidcProvider {
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
