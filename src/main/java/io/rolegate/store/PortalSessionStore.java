package io.rolegate.store;

import io.rolegate.model.PortalSession;

import java.time.Instant;
import java.util.List;

/** The role sessions people minted in the SSO portal. */
public interface PortalSessionStore {
    void insert(PortalSession session);

    /** The person's sessions still valid at {@code now} and not revoked, newest first. */
    List<PortalSession> active(String signInKey, String subject, Instant now);

    /** Marks the person's session revoked; false when no such unrevoked session of theirs exists. */
    boolean markRevoked(String signInKey, String subject, String accessKeyId, Instant at);

    /** The identity provider logged the person out at {@code at} (back-channel logout); a later logout wins. */
    void recordLogout(String issuer, String subject, Instant at);

    /** When the identity provider last logged the person out, if it did. */
    java.util.Optional<Instant> loggedOutAt(String issuer, String subject);

    /** Forgets logouts recorded before {@code before}; returns how many. */
    int deleteLogoutsBefore(Instant before);

    /** Deletes the rows of sessions expired before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
