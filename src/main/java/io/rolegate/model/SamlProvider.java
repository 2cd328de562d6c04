package io.rolegate.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An IAM SAML provider: {@code arn:aws:iam::ACCT:saml-provider/NAME} and the IdP's metadata document.
 *
 * @param validUntil the metadata's validUntil (IAM's ValidUntil), if it has one
 * @param encryptionMode IAM's AssertionEncryptionMode ({@value #REQUIRED} or {@value #ALLOWED}), null when never set
 */
public record SamlProvider(String arn, String accountId, String name, String metadata, Instant created,
                           Instant updated, Optional<Instant> validUntil, String encryptionMode) {
    public static final String REQUIRED = "Required";
    public static final String ALLOWED = "Allowed";

    public boolean encryptionRequired() {
        return REQUIRED.equals(encryptionMode);
    }

    @Override
    public String toString() { // the metadata can be megabytes
        return "SamlProvider[" + arn + "]";
    }
}
