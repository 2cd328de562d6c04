package io.rolegate.model;

import java.time.Instant;
import java.util.List;

/**
 * A one-time SSO OIDC grant, keyed by the SHA-256 of its secret: a device code (approved when the person confirmed
 * its user code, then the ID token of their login is set), a pending browser authorization (/authorize waiting for
 * the person's login) or an authorization code.
 */
public record SsoGrant(String idHash, Kind kind, String clientId, String signInKey, String userCodeHash,
                       String redirectUri, String state, String codeChallenge, List<String> scopes,
                       String sealedIdToken, Instant lastPollAt, Instant expiresAt) {
    public enum Kind { DEVICE, AUTHORIZE, CODE }

    public boolean approved() {
        return sealedIdToken != null;
    }
}
