package io.rolegate.model;

import java.time.Instant;

/**
 * A private key of a SAML provider, for decrypting its encrypted assertions: IAM's KeyId and Timestamp, and the key
 * sealed under the master key (never shown).
 */
public record SamlPrivateKey(String keyId, String providerArn, String sealedKey, Instant created) {
    @Override
    public String toString() { // never the key
        return "SamlPrivateKey[" + keyId + " of " + providerArn + "]";
    }
}
