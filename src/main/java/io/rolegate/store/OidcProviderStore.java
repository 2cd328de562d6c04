package io.rolegate.store;

import io.rolegate.model.OidcProvider;

import java.util.List;
import java.util.Optional;

/** OIDC providers by ARN; urls are unique per account. */
public interface OidcProviderStore {
    Optional<OidcProvider> find(String arn);

    Optional<OidcProvider> findByUrl(String accountId, String url);

    /** All providers of the account, ordered by ARN. */
    List<OidcProvider> list(String accountId);

    long count(String accountId);

    /** Inserts the new provider; false, with nothing written, when a provider with that ARN or url already exists. */
    boolean insertIfAbsent(OidcProvider provider);

    /** Replaces the client ids and thumbprints. */
    void update(OidcProvider provider);

    void delete(String arn);
}
