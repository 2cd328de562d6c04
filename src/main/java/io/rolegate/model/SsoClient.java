package io.rolegate.model;

import java.time.Instant;
import java.util.List;

/**
 * A client registered through SSO OIDC RegisterClient (an AWS tool on someone's machine). Only the SHA-256 of its
 * secret is kept.
 *
 * @param signInKey the portal sign-in its issuerUrl (start URL) named, or null when it named none
 */
public record SsoClient(String clientId, String secretHash, String clientName, String signInKey,
                        List<String> redirectUris, List<String> grantTypes, List<String> scopes, Instant issuedAt,
                        Instant expiresAt) {
}
