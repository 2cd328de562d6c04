package io.rolegate.credentials;

/** Life cycle of a session-token signing key. */
public enum KeyState {
    /** Published in the JWKS so caches learn it, not signing yet. */
    NEXT,
    /** Signs new tokens; exactly one per ring. */
    ACTIVE,
    /** No longer signs; still published until every token it signed has expired. */
    RETIRED
}
