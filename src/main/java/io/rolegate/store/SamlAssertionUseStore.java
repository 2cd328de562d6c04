package io.rolegate.store;

import java.time.Instant;

/** One-time use of SAML assertions across replicas (table saml_assertion_uses). */
public interface SamlAssertionUseStore {
    /**
     * Records the first use of {@code key}; false when it was used before and its record has not expired. Records
     * expired at {@code now} are forgotten first.
     */
    boolean firstUse(String key, Instant expiresAt, Instant now);
}
