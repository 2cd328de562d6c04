package io.rolegate.credentials;

/** A session token that verified: its claims and the derived secret to check the SigV4 signature with. */
public record VerifiedSession(SessionClaims claims, String secretAccessKey) {
    @Override
    public String toString() {
        return "VerifiedSession[claims=" + claims + "]";
    }
}
