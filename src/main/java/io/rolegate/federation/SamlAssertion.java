package io.rolegate.federation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a verified SAML assertion says (read only from the signed Assertion).
 *
 * @param issuer       the Assertion's Issuer (the provider's entityID)
 * @param subject      NameID
 * @param nameIdFormat NameID Format as sent
 * @param recipient    the SubjectConfirmationData Recipient it was addressed to (AWS's Audience and saml:aud)
 * @param id           the Assertion ID (one-time use)
 * @param usableUntil  the latest moment the assertion could still be accepted (including the clock skew): the
 *                     one-time-use record may be forgotten after it
 * @param sessionNotOnOrAfter the AuthnStatement's SessionNotOnOrAfter, which caps the session
 * @param attributes   Attribute Name -> values
 */
public record SamlAssertion(String issuer, String subject, String nameIdFormat, String recipient, String id,
                            Instant usableUntil, Optional<Instant> sessionNotOnOrAfter,
                            Map<String, List<String>> attributes) {
    private static final String FORMAT_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:";

    /** AWS's SubjectType: the format without the SAML 2.0 name-id prefix, other formats unchanged. */
    public String subjectType() {
        return nameIdFormat.startsWith(FORMAT_PREFIX) ? nameIdFormat.substring(FORMAT_PREFIX.length()) : nameIdFormat;
    }

    /** AWS's NameQualifier: base64(sha1(Issuer + account id + "/" + provider name)). */
    public String nameQualifier(String accountId, String providerName) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((issuer + accountId + "/" + providerName).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public List<String> values(String attributeName) {
        return attributes.getOrDefault(attributeName, List.of());
    }

    @Override
    public String toString() { // subjects and attributes are personal data
        return "SamlAssertion[issuer=" + issuer + ", id=" + id + "]";
    }
}
