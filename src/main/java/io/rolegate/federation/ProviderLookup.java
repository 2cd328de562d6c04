package io.rolegate.federation;

import java.util.Optional;

/**
 * Finds the OIDC provider registered in an account for a token's {@code iss}. Implemented outside federation (sts
 * WebIdentityProviders, on top of iam's OidcProviderDirectory), so federation never depends on iam. The issuer is
 * passed verbatim from the token (with scheme); implementations match it against the stored URL (docs/aws-behaviour.md
 * §6.2 step 2: exact string after removing {@code https://}). An empty result makes the validator answer
 * InvalidIdentityToken
 * "No OpenIDConnect provider found in your account for &lt;iss&gt;".
 */
@FunctionalInterface
public interface ProviderLookup {
    Optional<TrustedIssuer> find(String accountId, String issuer);
}
