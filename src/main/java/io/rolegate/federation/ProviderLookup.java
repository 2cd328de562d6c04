package io.rolegate.federation;

import java.util.Optional;

/**
 * Finds the OIDC provider registered in an account for a token's {@code iss}. Implemented by the lead on top of
 * iam.OidcProviderDirectory. The issuer is passed verbatim from the token (with scheme); implementations match it
 * against the stored URL (spec 6.2 step 2: exact string after removing {@code https://}). An empty result makes the
 * validator answer InvalidIdentityToken "No OpenIDConnect provider found in your account for &lt;iss&gt;".
 */
@FunctionalInterface
public interface ProviderLookup {
    Optional<OidcProvider> find(String accountId, String issuer);
}
