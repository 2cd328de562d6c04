package io.rolegate.model;

import java.time.Instant;
import java.util.List;

/**
 * An SSO access token (and its refresh token) handed to an AWS tool, keyed by SHA-256 of each. It carries the
 * person's ID token (sealed) from the login it came from, and when that login happened.
 */
public record SsoToken(String tokenHash, String refreshHash, String clientId, String signInKey, List<String> scopes,
                       String sealedIdToken, Instant loginAt, Instant expiresAt, Instant refreshExpiresAt) {
}
