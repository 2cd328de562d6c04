package io.rolegate.store;

import io.rolegate.model.SessionRevocation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Revoked temporary credentials (table session_revocations). */
public interface RevocationStore {
    /**
     * Records the revocation, or moves an existing one of the same kind and subject forward: the stored
     * {@code issuedBefore} (and its prune time) only ever grows, so a revocation is never undone by a later call.
     * Returns what is stored afterwards. Run it inside a transaction.
     */
    SessionRevocation revoke(SessionRevocation revocation);

    Optional<SessionRevocation> find(SessionRevocation.Kind kind, String subject);

    /** Every revocation that may still refuse a session at {@code now} (prune time after it). */
    List<SessionRevocation> live(Instant now);

    /** True when some rows are prunable at {@code now}. */
    boolean anyPrunable(Instant now);

    /** Deletes the rows whose sessions have all expired at {@code now}; returns how many. */
    int prune(Instant now);
}
