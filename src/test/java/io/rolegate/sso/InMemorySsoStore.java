package io.rolegate.sso;

import io.rolegate.model.SsoClient;
import io.rolegate.model.SsoGrant;
import io.rolegate.model.SsoToken;
import io.rolegate.store.SsoStore;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** SsoStore in memory, for unit tests of the SSO protocols' rules. */
final class InMemorySsoStore implements SsoStore {
    final Map<String, SsoClient> clients = new ConcurrentHashMap<>();
    final Map<String, SsoGrant> grants = new ConcurrentHashMap<>();
    final Map<String, SsoToken> tokens = new ConcurrentHashMap<>();

    @Override
    public void putClient(SsoClient client) {
        clients.put(client.clientId(), client);
    }

    @Override
    public Optional<SsoClient> client(String clientId) {
        return Optional.ofNullable(clients.get(clientId));
    }

    @Override
    public void putGrant(SsoGrant grant) {
        grants.put(grant.idHash(), grant);
    }

    @Override
    public Optional<SsoGrant> grant(String idHash) {
        return Optional.ofNullable(grants.get(idHash));
    }

    @Override
    public Optional<SsoGrant> grantByUserCode(String userCodeHash) {
        return grants.values().stream().filter(g -> userCodeHash.equals(g.userCodeHash())).findFirst();
    }

    @Override
    public boolean approve(String idHash, String sealedIdToken, Instant now) {
        SsoGrant g = grants.get(idHash);
        if (g == null || g.approved() || !now.isBefore(g.expiresAt())) {
            return false;
        }
        grants.put(idHash, new SsoGrant(g.idHash(), g.kind(), g.clientId(), g.signInKey(), g.userCodeHash(),
                g.redirectUri(), g.state(), g.codeChallenge(), g.scopes(), sealedIdToken, g.lastPollAt(), g.expiresAt()));
        return true;
    }

    @Override
    public void polled(String idHash, Instant at) {
        grants.computeIfPresent(idHash, (k, g) -> new SsoGrant(g.idHash(), g.kind(), g.clientId(), g.signInKey(),
                g.userCodeHash(), g.redirectUri(), g.state(), g.codeChallenge(), g.scopes(), g.sealedIdToken(), at,
                g.expiresAt()));
    }

    @Override
    public boolean consumeGrant(String idHash) {
        return grants.remove(idHash) != null;
    }

    @Override
    public void putToken(SsoToken token) {
        tokens.put(token.tokenHash(), token);
    }

    @Override
    public Optional<SsoToken> token(String tokenHash) {
        return Optional.ofNullable(tokens.get(tokenHash));
    }

    @Override
    public Optional<SsoToken> tokenByRefresh(String refreshHash) {
        return tokens.values().stream().filter(t -> t.refreshHash().equals(refreshHash)).findFirst();
    }

    @Override
    public boolean deleteToken(String tokenHash) {
        return tokens.remove(tokenHash) != null;
    }

    @Override
    public void purgeExpired(Instant now) {
        grants.values().removeIf(g -> !now.isBefore(g.expiresAt()));
    }
}
