package io.rolegate.credentials;

/** A freshly minted session: the credentials for the response and the claims (for AssumedRoleUser, audit). */
public record IssuedSession(SessionClaims claims, TemporaryCredentials credentials) {
}
