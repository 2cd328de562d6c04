package io.rolegate.federation;

import io.rolegate.error.AwsException;
import io.rolegate.error.ErrorCode;

/**
 * The errors of SAML validation. "AWS (obs)" messages were seen from AWS; the others are ours, since AWS's wording
 * is not known.
 */
public final class SamlErrors {
    private SamlErrors() {
    }

    /** AWS (obs): every signature failure (bad, missing, wrong key, weak algorithm) answers the same. */
    public static final String SIGNATURE_INVALID = "Response signature invalid";
    /** AWS (obs). */
    public static final String SESSION_NAME_INVALID = "RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}";
    /** Ours: the IAM error for metadata we cannot use. */
    public static final String METADATA_UNPARSABLE = "Could not parse metadata";
    // ours
    public static final String NOT_BASE64 = "The SAML assertion is not valid base64";
    public static final String NOT_XML = "The SAML response is not well-formed XML, or carries a DOCTYPE";
    public static final String NOT_A_RESPONSE = "The SAML assertion must be a SAML 2.0 Response";
    public static final String DUPLICATE_ID = "The SAML response has more than one element with the same ID";
    public static final String ONE_ASSERTION = "The SAML response must hold exactly one Assertion, as a child of the Response";
    public static final String ENCRYPTED = "The SAML assertion is encrypted, but the provider has no private key to decrypt it";
    public static final String ENCRYPTED_SIGN_IN = "Encrypted SAML assertions are accepted by AssumeRoleWithSAML, not by the sign-in page";
    public static final String ENCRYPTION_REQUIRED = "The SAML provider requires encrypted assertions";
    public static final String DECRYPTION_FAILED = "The encrypted SAML assertion could not be decrypted with the provider's private keys";
    /** Ours: IAM's InvalidInput for AddPrivateKey. */
    public static final String PRIVATE_KEY_UNPARSABLE = "Could not parse the private key: it must be an RSA private key of at least 2048 bits in PEM";
    public static final String STRAY_SIGNATURE = "The SAML response has a signature that signs neither the Response nor its Assertion";
    public static final String NOT_SUCCESS = "The SAML response status is not Success";
    public static final String WRONG_ISSUER = "The SAML assertion issuer does not match the provider's metadata";
    public static final String WRONG_DESTINATION = "The SAML response Destination is not an endpoint of this service";
    public static final String NO_BEARER = "The SAML assertion has no bearer SubjectConfirmation for an endpoint of this service";
    public static final String WRONG_AUDIENCE = "The SAML assertion audience does not include this service";
    public static final String NOT_YET_VALID = "The SAML assertion is not yet valid";
    public static final String EXPIRED = "The SAML assertion has expired";
    public static final String REPLAYED = "The SAML assertion has already been used";
    public static final String NO_SUBJECT = "The SAML assertion has no NameID";
    public static final String NO_ROLE = "The SAML assertion offers no role (attribute " + SamlAwsAttributes.ROLE + ")";
    public static final String BAD_DATE = "The SAML assertion has a malformed date";
    public static final String BAD_SESSION_DURATION = "SessionDuration in AuthnResponse must be an integer between 900 and 43200";
    public static final String BAD_SOURCE_IDENTITY = "SourceIdentity in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}";

    static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidIdentityToken, message);
    }

    static AwsException expired(String message) {
        return new AwsException(ErrorCode.ExpiredTokenException, message);
    }
}
