package io.rolegate.store;

import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.model.SsoToken;

import java.time.Instant;
import java.util.Optional;

/** Registered SSO OIDC clients, their one-time grants and tokens (all keyed by hashes of their secrets). */
public interface SsoStore {
    void putClient(SsoClient client);

    Optional<SsoClient> client(String clientId);

    void putGrant(SsoGrant grant);

    Optional<SsoGrant> grant(String idHash);

    Optional<SsoGrant> grantByUserCode(String userCodeHash);

    /** Sets the ID token of an unexpired, not yet approved device grant; false when there was none. */
    boolean approve(String idHash, String sealedIdToken, Instant now);

    void polled(String idHash, Instant at);

    /** Deletes the grant; true for the one caller that deleted it (one-time use under concurrency). */
    boolean consumeGrant(String idHash);

    void putToken(SsoToken token);

    Optional<SsoToken> token(String tokenHash);

    Optional<SsoToken> tokenByRefresh(String refreshHash);

    /** Deletes the token; true for the one caller that deleted it. */
    boolean deleteToken(String tokenHash);

    /** Drops expired grants, tokens and clients. */
    void purgeExpired(Instant now);
}
