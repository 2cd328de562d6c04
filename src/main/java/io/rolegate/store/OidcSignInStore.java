package io.rolegate.store;

import io.rolegate.model.OidcSignIn;

import java.util.List;
import java.util.Optional;

/** The sign-in settings of OIDC providers, by provider ARN. */
public interface OidcSignInStore {
    Optional<OidcSignIn> find(String providerArn);

    /** Every provider's sign-in, of every account, ordered by provider ARN (the portal's list of sign-in choices). */
    List<OidcSignIn> all();

    /** Inserts or replaces. */
    void put(OidcSignIn signIn);

    void delete(String providerArn);
}
