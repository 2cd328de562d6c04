package io.rolegate.model;

import java.time.Instant;
import java.util.Optional;

/**
 * An IAM SAML provider: {@code arn:aws:iam::ACCT:saml-provider/NAME} and the IdP's metadata document.
 *
 * @param validUntil the metadata's validUntil (IAM's ValidUntil), if it has one
 */
public record SamlProvider(String arn, String accountId, String name, String metadata, Instant created,
                           Instant updated, Optional<Instant> validUntil) {
    @Override
    public String toString() { // the metadata can be megabytes
        return "SamlProvider[" + arn + "]";
    }
}
